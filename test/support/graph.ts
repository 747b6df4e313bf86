import { BusPolicyNode, LogPolicyNode, RoleNode, RuleNode, TargetNode, TopologyGraph } from "../../analysis/model";
import { PolicyDocument } from "../../modules/policy-document";

/**
 * A small hand-built graph in which every check passes: account 222222222222 forwards from its
 * default bus through a role to bus "central" of account 111111111111, whose policy grants it and
 * whose rule delivers the sender's events to a log group; the same rule also delivers straight to
 * queue "findings" of account 111111111111, whose policy admits the role.
 */
export const SENDER = { accountId: "222222222222", region: "us-east-1", alias: "orders" };
export const RECEIVER = { accountId: "111111111111", region: "us-east-1", alias: "observability" };
export const CENTRAL = "arn:aws:events:us-east-1:111111111111:event-bus/central";
export const FORWARD_RULE = "arn:aws:events:us-east-1:222222222222:rule/to-central";
export const ROLE = "arn:aws:iam::222222222222:role/to-central-forwarder";
export const LOG_GROUP = "arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/audit";
export const FINDINGS = "arn:aws:sqs:us-east-1:111111111111:findings";

export const document = (...Statement: object[]) => ({ Version: "2012-10-17", Statement }) as PolicyDocument;

export function compliantGraph(): TopologyGraph {
  const busPolicy: BusPolicyNode = {
    stack: "observability",
    address: "aws_cloudwatch_event_bus_policy.central",
    at: RECEIVER,
    busArn: CENTRAL,
    busResource: "aws_cloudwatch_event_bus.central",
    imported: false,
    text: "{}",
    document: document({
      Sid: "AllowAccount222222222222",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Action: "events:PutEvents",
      Resource: CENTRAL,
    }),
  };
  const forwardRule: RuleNode = {
    stack: "orders",
    address: "aws_cloudwatch_event_rule.to-central",
    at: SENDER,
    name: "to-central",
    busName: "default",
    arn: FORWARD_RULE,
    busArn: "arn:aws:events:us-east-1:222222222222:event-bus/default",
    pattern: { source: ["com.example.orders"] },
    targets: [],
  };
  const forward: TargetNode = {
    stack: "orders",
    address: "aws_cloudwatch_event_target.to-central",
    at: SENDER,
    rule: forwardRule,
    arn: CENTRAL,
    roleArn: ROLE,
    deadLetterArn: "arn:aws:sqs:us-east-1:222222222222:to-central-dlq",
    dependsOn: new Set(),
  };
  const direct: TargetNode = {
    stack: "orders",
    address: "aws_cloudwatch_event_target.to-findings",
    at: SENDER,
    rule: forwardRule,
    arn: FINDINGS,
    roleArn: ROLE,
    deadLetterArn: "arn:aws:sqs:us-east-1:222222222222:to-central-dlq",
    dependsOn: new Set(),
  };
  forwardRule.targets.push(forward, direct);
  const receiverRule: RuleNode = {
    stack: "observability",
    address: "aws_cloudwatch_event_rule.audit",
    at: RECEIVER,
    name: "audit",
    busName: "central",
    arn: "arn:aws:events:us-east-1:111111111111:rule/central/audit",
    busArn: CENTRAL,
    pattern: { account: ["222222222222"], source: ["com.example.orders"] },
    targets: [],
  };
  const toLog: TargetNode = {
    stack: "observability",
    address: "aws_cloudwatch_event_target.audit",
    at: RECEIVER,
    rule: receiverRule,
    arn: LOG_GROUP,
    dependsOn: new Set(),
  };
  receiverRule.targets.push(toLog);
  const role: RoleNode = {
    stack: "orders",
    address: "aws_iam_role.to-central",
    at: SENDER,
    name: "to-central-forwarder",
    arn: ROLE,
    trust: document({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": FORWARD_RULE } },
    }),
    policies: [
      document({ Effect: "Allow", Action: "events:PutEvents", Resource: CENTRAL }),
      document({ Effect: "Allow", Action: "sqs:SendMessage", Resource: FINDINGS }),
    ],
  };
  const logPolicy: LogPolicyNode = {
    stack: "observability",
    address: "aws_cloudwatch_log_resource_policy.delivery",
    at: RECEIVER,
    name: "eventbridge-to-log-groups-example",
    document: document({
      Effect: "Allow",
      Principal: { Service: ["events.amazonaws.com"] },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${LOG_GROUP}:*`],
    }),
  };
  return {
    stacks: [
      { name: "observability", dependencies: [] },
      { name: "orders", dependencies: ["observability"] },
    ],
    busPolicies: [busPolicy],
    rules: [forwardRule, receiverRule],
    targets: [forward, direct, toLog],
    roles: [role],
    queues: [
      {
        stack: "orders",
        address: "aws_sqs_queue.dlq",
        at: SENDER,
        name: "to-central-dlq",
        arn: "arn:aws:sqs:us-east-1:222222222222:to-central-dlq",
        fifo: false,
      },
    ],
    logGroups: [
      { stack: "observability", address: "aws_cloudwatch_log_group.audit", at: RECEIVER, name: "/aws/events/audit", arn: LOG_GROUP },
    ],
    logPolicies: [logPolicy],
    targetPolicies: [
      {
        stack: "observability",
        address: "aws_sqs_queue_policy.findings",
        at: RECEIVER,
        targetArn: FINDINGS,
        document: document({
          Sid: "AllowSenderRoles",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:root" },
          Action: "sqs:SendMessage",
          Resource: FINDINGS,
          Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } },
        }),
      },
    ],
    targetResources: new Map([[FINDINGS, { stack: "observability", address: "aws_sqs_queue.findings", at: RECEIVER }]]),
    buses: new Map([[CENTRAL, { stack: "observability", address: "aws_cloudwatch_event_bus.central", at: RECEIVER }]]),
  };
}
