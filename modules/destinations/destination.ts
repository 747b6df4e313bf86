import { ITerraformDependable } from "cdktf";

/** Where a receiver rule delivers, and what must exist before EventBridge may deliver there. */
export interface DeliveryDestination {
  /** ARN put in the rule target. */
  readonly arn: string;
  /** What must exist before EventBridge can deliver: the resource and the policy that lets EventBridge in. Targets wait for it. */
  readonly prerequisites: readonly ITerraformDependable[];
}

/** The part of a rule ARN after "rule/", made safe for identifiers that allow fewer characters. */
export function ruleIdentifier(ruleArn: string, allowed: RegExp): string {
  return ruleArn.slice(ruleArn.indexOf(":rule/") + ":rule/".length).replace(allowed, "_");
}
