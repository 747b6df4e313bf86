/** What every delivery target shares, and the resource policies of queues and topics. */
import { ITerraformDependable } from "../../framework/core";
import { InvalidInputError } from "../limits";
import { PolicyDocument, PolicyStatement, oneOrMany, policyDocument } from "../policy-document";

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
 * The statement that lets EventBridge take the action on a target, but only on behalf of the named
 * rules (aws:SourceArn), so no other rule of any account can use the grant.
 */
export function allowOnlyRules(action: string, resource: string, ruleArns: readonly string[]): PolicyStatement {
  return {
    Sid: "AllowEventBridgeRules",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: action,
    Resource: resource,
    Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(ruleArns) } },
  };
}

/**
 * The statement that lets EventBridge publish to a topic. It carries no condition, because
 * EventBridge does not deliver to a topic whose policy statement has one ("You can't use Condition
 * blocks in Amazon SNS topic policies for EventBridge": EventBridge user guide, "Using resource-based
 * policies for Amazon EventBridge", Amazon SNS permissions; AWS CDK's SnsTopic target grants the same).
 */
export function allowEventBridge(action: string, resource: string): PolicyStatement {
  return { Sid: "AllowEventBridge", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: action, Resource: resource };
}

/** A target's resource policy: its statements for receiver rules and for sender roles; at least one delivers. */
export function destinationPolicy(statements: readonly (PolicyStatement | undefined)[]): PolicyDocument {
  const present = statements.filter((statement): statement is PolicyStatement => statement !== undefined);
  if (present.length === 0) {
    throw new InvalidInputError("ruleArns", [], "at least one receiver rule or sender role delivers to a destination");
  }
  return policyDocument(present);
}
