/** ARNs built from names, so cross-account policies and targets are known at plan time. */
import { NameRule } from "./limits";

/**
 * ARNs built from the input alone, so plans and cross-account policies show real values
 * instead of "known after apply", and stacks of different accounts need no remote state.
 */
export const DEFAULT_BUS = "default";

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Where a resource lives: the account and region of its provider. */
export interface Placement {
  readonly accountId: string;
  readonly region: string;
}

export function eventBusArn(at: Placement, busName: string): string {
  return `arn:${partitionOf(at.region)}:events:${at.region}:${at.accountId}:event-bus/${busName}`;
}

/** Rules on the default bus have no bus segment in their ARN; rules on a custom bus do. */
export function eventRuleArn(at: Placement, busName: string, ruleName: string): string {
  const bus = busName === DEFAULT_BUS ? "" : `${busName}/`;
  return `arn:${partitionOf(at.region)}:events:${at.region}:${at.accountId}:rule/${bus}${ruleName}`;
}

/** An IAM role's ARN, its account captured: the one form every role ARN of the input is checked against. */
export const IAM_ROLE_ARN: NameRule = {
  pattern: /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/,
  rule: "an IAM role ARN looks like arn:aws:iam::<account>:role/<name>",
};

/** The account that owns a role, from its ARN. */
export const roleAccount = (roleArn: string) => (IAM_ROLE_ARN.pattern.exec(roleArn) as RegExpExecArray)[1];

export function iamRoleArn(at: Placement, roleName: string): string {
  return `arn:${partitionOf(at.region)}:iam::${at.accountId}:role/${roleName}`;
}

export function accountRootArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}

export function queueArn(at: Placement, name: string): string {
  return `arn:${partitionOf(at.region)}:sqs:${at.region}:${at.accountId}:${name}`;
}

export function topicArn(at: Placement, name: string): string {
  return `arn:${partitionOf(at.region)}:sns:${at.region}:${at.accountId}:${name}`;
}

export function logGroupArn(at: Placement, name: string): string {
  return `arn:${partitionOf(at.region)}:logs:${at.region}:${at.accountId}:log-group:${name}`;
}

export function functionArn(at: Placement, name: string): string {
  return `arn:${partitionOf(at.region)}:lambda:${at.region}:${at.accountId}:function:${name}`;
}

export function streamArn(at: Placement, name: string): string {
  return `arn:${partitionOf(at.region)}:kinesis:${at.region}:${at.accountId}:stream/${name}`;
}

export const EVENT_BUS_ARN: NameRule = {
  pattern: /^arn:(aws[a-z-]*):events:([a-z0-9-]+):(\d{12}):event-bus\/([.\-_A-Za-z0-9/]{1,256})$/,
  rule: "an event bus ARN looks like arn:aws:events:<region>:<account>:event-bus/<name>",
};

export const EVENT_RULE_ARN: NameRule = {
  pattern: /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:rule\/[.\-_A-Za-z0-9/]+$/,
  rule: "an EventBridge rule ARN looks like arn:aws:events:<region>:<account>:rule/[<bus>/]<name>",
};

export interface BusLocation extends Placement {
  readonly busName: string;
}

/** Reads an event bus ARN back into its parts; undefined when it is not one. */
export function parseEventBusArn(arn: string): BusLocation | undefined {
  const match = EVENT_BUS_ARN.pattern.exec(arn);
  return match ? { region: match[2], accountId: match[3], busName: match[4] } : undefined;
}

export interface TargetLocation extends Placement {
  /** The queue, topic, function or stream name. */
  readonly name: string;
}

/** Reads the ARN of a queue, topic, function or stream back into its parts; undefined for any other. */
export function parseTargetArn(arn: string): TargetLocation | undefined {
  const match = /^arn:aws[a-z-]*:(sqs|sns|lambda|kinesis):([a-z0-9-]+):(\d{12}):(?:function:|stream\/)?([A-Za-z0-9_.-]+)$/.exec(arn);
  return match ? { region: match[2], accountId: match[3], name: match[4] } : undefined;
}
