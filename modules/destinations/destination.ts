import { ITerraformDependable } from "cdktf";
import { InvalidInputError } from "../limits";
import { PolicyDocument, oneOrMany, policyDocument } from "../policy-document";

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

/**
 * The resource policy of a queue or topic: EventBridge may take the action on it, but only on
 * behalf of the named rules (aws:SourceArn), so no other rule of any account can use the grant.
 */
export function allowOnlyRules(action: string, resource: string, ruleArns: readonly string[]): PolicyDocument {
  if (ruleArns.length === 0) throw new InvalidInputError("ruleArns", ruleArns, "at least one rule delivers to a destination");
  return policyDocument([
    {
      Sid: "AllowEventBridgeRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: action,
      Resource: resource,
      Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(ruleArns) } },
    },
  ]);
}
