/** TopologyStack: readable addresses, relative state, one provider per account and region. */
import { Construct, Node } from "constructs";
import { TerraformElement, TerraformStack } from "../framework/core";
import { AccountProvider } from "../modules/account-provider";
import { ResolvedAccount } from "../topology/resolve";
import { BackendConfig, addBackend } from "./backend";

export interface TopologyStackProps {
  /** Where the stack keeps its state; default a local file in stateDir. */
  readonly backend?: BackendConfig;
  /** Folder of a local state file, relative to the folder Terraform runs this stack in; no default. */
  readonly stateDir: string;
  /** Name of the output folder, in the local state file's name; default none (terraform.<stack>.tfstate). */
  readonly outputName?: string;
  /** Key prefix of remote state when the backend names none; default the stack name. */
  readonly defaultKeyPrefix?: string;
}

/**
 * The AWS provider as a pipeline can satisfy it: the full source address, and 5.100 or any 6.x.
 * Every resource, attribute and data source written here is in both schemas unchanged
 * (test/modules/aws-provider-6.test.ts checks the synthesized stacks and the Terraform modules
 * against the 6.x bindings); the lock file of the pipeline pins the version.
 */
export const AWS_PROVIDER_REQUIREMENT = { source: "hashicorp/aws", version: ">= 5.100, < 7.0" };

/**
 * Why a stack is applied after another: the other's bus policies grant this stack's senders, or the
 * other creates the sender roles that this stack's Lambda permissions name.
 */
export type ApplyAfterReason = "bus-grant" | "sender-role";

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
  private readonly requiredTerraform?: string;
  /** Why this stack is applied after each stack it depends on, by that stack's name. */
  readonly applyAfterReasons = new Map<string, Set<ApplyAfterReason>>();

  constructor(scope: Construct, name: string, props: TopologyStackProps) {
    super(scope, name);
    this.requiredTerraform = addBackend(this, props.backend ?? { type: "local" }, {
      stackName: name,
      stateDir: props.stateDir,
      outputName: props.outputName,
      defaultKeyPrefix: props.defaultKeyPrefix ?? name,
    });
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
        tags: account.tags,
      });
      this.providers.set(key, provider);
      this.accounts.add(account);
      this.regions.add(region);
    }
    return provider;
  }

  /** This stack is applied after `other`, for `reason`: a dependency of cdktf's manifest and the export's apply order. */
  applyAfter(other: TopologyStack, reason: ApplyAfterReason): void {
    this.addDependency(other);
    const reasons = this.applyAfterReasons.get(other.node.id) ?? new Set<ApplyAfterReason>();
    this.applyAfterReasons.set(other.node.id, reasons.add(reason));
  }

  /** cdktf writes the provider's generator metadata ("aws", exact version); pipelines need a real requirement. */
  toTerraform(): { terraform: Record<string, unknown> } {
    const json = super.toTerraform();
    json.terraform.required_providers = { ...json.terraform.required_providers, aws: AWS_PROVIDER_REQUIREMENT };
    if (this.requiredTerraform) json.terraform.required_version = this.requiredTerraform;
    return json;
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
