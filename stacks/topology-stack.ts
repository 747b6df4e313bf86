import { Construct, Node } from "constructs";
import { LocalBackend, TerraformElement, TerraformStack } from "cdktf";
import { AccountProvider } from "../modules/account-provider";
import { ResolvedAccount } from "../topology/resolve";

export interface TopologyStackProps {
  /** Folder of the state file, relative to the folder Terraform runs this stack in; no default. */
  readonly stateDir: string;
}

/**
 * A stack whose Terraform addresses read like the topology (aws_iam_role.forward-orders_role)
 * instead of cdktf's hashed IDs, whose state path is relative, and which keeps one provider per
 * account and region.
 */
export class TopologyStack extends TerraformStack {
  private readonly providers = new Map<string, AccountProvider>();
  private readonly logicalIds = new Map<string, string>();
  readonly accounts = new Set<ResolvedAccount>();
  readonly regions = new Set<string>();

  constructor(scope: Construct, name: string, props: TopologyStackProps) {
    super(scope, name);
    new LocalBackend(this, { path: `${props.stateDir}/terraform.${name}.tfstate` });
  }

  providerFor(account: ResolvedAccount, region: string): AccountProvider {
    const key = `${account.name}-${region}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = new AccountProvider(this, `provider-${key}`, {
        accountName: account.name,
        accountId: account.id,
        region,
        credentials: account.credentials,
      });
      this.providers.set(key, provider);
      this.accounts.add(account);
      this.regions.add(region);
    }
    return provider;
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    const id = components
      .filter((component) => component !== "default")
      .join("_")
      .replace(/[^A-Za-z0-9_-]/g, "_")
      .replace(/^(?=[^A-Za-z_])/, "_");
    const path = node.path;
    const owner = this.logicalIds.get(id);
    if (owner !== undefined && owner !== path) {
      throw new Error(`Terraform address "${id}" would be used by both ${owner} and ${path}: rename one of them`);
    }
    this.logicalIds.set(id, path);
    return id;
  }
}
