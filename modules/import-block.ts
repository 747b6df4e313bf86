/** ImportBlock: a Terraform `import` block that adopts an existing object into a resource of the stack. */
import { Construct } from "constructs";
import { TerraformElement, TerraformResource } from "../framework/core";
import { AwsProvider } from "../framework/provider-aws/provider";

export interface ImportBlockProps {
  /** The resource of this stack the object is imported into; no default. */
  readonly resource: TerraformResource;
  /** The object's import ID, as the resource type's documentation gives it; no default. */
  readonly importId: string;
  /** The aliased provider that reads the object (the resource's own); no default. */
  readonly provider: AwsProvider;
}

/**
 * The same block cdktf's `importFrom` writes (Terraform 1.5+: the first plan reads the object and
 * shows an update in place instead of a create). `importFrom` is not used because it adds a check
 * that runs `terraform version` at every synthesis, which fails where Terraform is not installed.
 */
export class ImportBlock extends TerraformElement {
  private readonly props: ImportBlockProps;

  constructor(scope: Construct, id: string, props: ImportBlockProps) {
    super(scope, id);
    this.props = props;
  }

  toTerraform(): { import: { to: string; id: string; provider: string }[] } {
    const { resource, importId, provider } = this.props;
    return { import: [{ to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, id: importId, provider: provider.fqn }] };
  }
}
