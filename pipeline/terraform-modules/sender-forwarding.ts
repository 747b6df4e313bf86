/** The sender-forwarding Terraform module: its inputs, outputs and template. */
import { DEAD_LETTER_QUEUE_SUFFIX, FORWARDER_ROLE_SUFFIX } from "../../modules/names";
import { EVENT_BUS_ARN } from "../../modules/arns";
import {
  DEFAULT_RETRY,
  MAX_TARGETS_PER_RULE,
  QUEUE_NAME,
  RETRY_AGE_SECONDS,
  RETRY_ATTEMPTS,
  ROLE_NAME,
  RULE_NAME,
  DEAD_LETTER_RETENTION_SECONDS,
  DIRECT_DELIVERY_OTHER_ACCOUNT_RULE,
  DIRECT_DELIVERY_SAME_REGION_RULE,
  DIRECT_DELIVERY_TARGET_TYPES_RULE,
  DIRECT_DELIVERY_THROUGH_ROLE,
  RULE_TARGETS_RULE,
  TARGET_ONCE_RULE,
} from "../../modules/limits";
import { DIRECT_DELIVERY_ACTION } from "../../modules/direct-delivery";
import {
  ModuleValidation,
  TerraformModuleSpec,
  busNameVariable,
  everyMatches,
  matchesInHcl,
  ruleValidation,
  sentence,
  moduleTemplate,
  placementDataSources,
  hclString,
} from "./spec";
import { patternValidations } from "./pattern-validations";
import { arnPatternInHcl, byKindBlock, byKindInline, directDeliverySid, directTargetArnMessage, isKindInHcl } from "./direct-targets";

const range = (variable: string, limits: { min: number; max: number }, unit: string): ModuleValidation => ({
  condition: `${variable} >= ${limits.min} && ${variable} <= ${limits.max} && floor(${variable}) == ${variable}`,
  message: `Must be a whole number of ${unit} from ${limits.min} to ${limits.max}.`,
});

/** The sender half of a link, as SenderForwarding builds it. */
const ROLE_LESS_TARGET_MESSAGE =
  "Since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target: " +
  "create_role = false only with existing_target = true, for a target created before then.";

export const senderForwardingModule: TerraformModuleSpec = {
  name: "sender-forwarding",
  title: "Sender forwarding",
  summary:
    "A rule on the sender's bus, a target per receiver bus and per direct target (a queue, topic, Lambda function or Kinesis " +
    "stream of another account in this region, whose policy admits the role: direct-target-access module) with a retry " +
    "policy and a dead-letter queue (standard SQS in the sender's account and region, admitting only this rule), and the " +
    "IAM role EventBridge assumes: trusted by events.amazonaws.com for this account (aws:SourceAccount) and this rule " +
    "(aws:SourceArn), allowed only events:PutEvents on the receiver bus ARNs and each direct target's one action on it.",
  providerAlias: "sender",
  variables: [
    busNameVariable('The sender\'s bus the rule listens on: "default", or an existing custom bus.'),
    {
      name: "rule_name",
      description: "Name of the forwarding rule.",
      type: "string",
      validations: [ruleValidation(RULE_NAME, "var.rule_name")],
    },
    { name: "description", description: "Description of the rule.", type: "string", default: "null" },
    {
      name: "event_pattern",
      description: "Events to forward: an event pattern as JSON (jsonencode of an object).",
      type: "string",
      validations: patternValidations("var.event_pattern"),
    },
    {
      name: "receiver_bus_arns",
      description: `ARNs of the receiver buses, one target each (${MAX_TARGETS_PER_RULE} targets at most with direct_targets).`,
      type: "list(string)",
      default: "[]",
      validations: [
        {
          condition: "length(distinct(var.receiver_bus_arns)) == length(var.receiver_bus_arns)",
          message: sentence(TARGET_ONCE_RULE),
        },
        everyMatches(EVENT_BUS_ARN, "var.receiver_bus_arns", "receiver_bus_arns"),
      ],
    },
    {
      name: "direct_targets",
      description:
        "Queues, topics, Lambda functions and Kinesis streams of other accounts in this region that the rule delivers to " +
        "through the role, without the receiver's bus: kind (queue, topic, function or stream) and ARN, one target each.",
      type: "list(object({ kind = string, arn = string }))",
      default: "[]",
      validations: [
        {
          condition: `alltrue([for target in var.direct_targets : ${isKindInHcl("target.kind")}])`,
          message: sentence(DIRECT_DELIVERY_TARGET_TYPES_RULE),
        },
        {
          // An unknown kind matches the empty pattern: the validation above names it.
          condition:
            "alltrue([for target in var.direct_targets : " +
            `can(regex(lookup(${byKindInline(arnPatternInHcl)}, target.kind, ""), target.arn))])`,
          message: directTargetArnMessage("every direct_targets[*].arn"),
        },
        {
          condition: "length(distinct(var.direct_targets[*].arn)) == length(var.direct_targets)",
          message: sentence(TARGET_ONCE_RULE),
        },
      ],
    },
    {
      name: "create_role",
      description:
        "Send through an IAM role (AWS requires one on every cross-account bus target created since 2 March 2023); " +
        "false only with existing_target, for same-region receivers that grant the account by ID.",
      type: "bool",
      default: "true",
    },
    {
      name: "existing_target",
      description: "The role-less targets already exist, created before 2 March 2023; required with create_role = false.",
      type: "bool",
      default: "false",
    },
    {
      name: "role_name",
      description: 'Name of the role; default "<rule_name>-forwarder".',
      type: "string",
      default: "null",
      validations: [
        { condition: `var.role_name == null || ${matchesInHcl(ROLE_NAME, "var.role_name")}`, message: sentence(ROLE_NAME.rule) },
      ],
    },
    {
      name: "maximum_event_age_in_seconds",
      description: "How long EventBridge retries an event before it goes to the dead-letter queue.",
      type: "number",
      default: String(DEFAULT_RETRY.maximumEventAgeSeconds),
      validations: [range("var.maximum_event_age_in_seconds", RETRY_AGE_SECONDS, "seconds")],
    },
    {
      name: "maximum_retry_attempts",
      description: "Retries before the event goes to the dead-letter queue.",
      type: "number",
      default: String(DEFAULT_RETRY.maximumRetryAttempts),
      validations: [range("var.maximum_retry_attempts", RETRY_ATTEMPTS, "attempts")],
    },
    {
      name: "grant_ids",
      description:
        "IDs of the receiver policies that must exist before the targets: receiver-bus output policy_id, direct-target-access " +
        "output grant_ids.",
      type: "list(string)",
      default: "[]",
    },
    {
      name: "dead_letter_queue_name",
      description: 'Name of the dead-letter queue; default "<rule_name>-dlq".',
      type: "string",
      default: "null",
      validations: [
        {
          condition: `var.dead_letter_queue_name == null || ${matchesInHcl(QUEUE_NAME, "var.dead_letter_queue_name")}`,
          message: sentence(QUEUE_NAME.rule),
        },
      ],
    },
  ],
  main:
    placementDataSources("sender") +
    moduleTemplate("sender-forwarding.main.tf", {
      FORWARDER_ROLE_SUFFIX,
      DEAD_LETTER_QUEUE_SUFFIX,
      DEAD_LETTER_RETENTION_SECONDS,
      QUEUE_NAME_MATCHES: matchesInHcl(QUEUE_NAME, "local.dead_letter_queue_name"),
      ROLE_NAME_MATCHES: matchesInHcl(ROLE_NAME, "local.role_name"),
      ROLE_LESS_TARGET_MESSAGE,
      MAX_TARGETS_PER_RULE,
      RULE_TARGETS_MESSAGE: hclString(sentence(RULE_TARGETS_RULE)),
      DIRECT_DELIVERY_BY_KIND: byKindBlock(2, (kind) => ({
        sid: hclString(directDeliverySid(kind)),
        action: hclString(DIRECT_DELIVERY_ACTION[kind]),
      })),
      DIRECT_DELIVERY_NEEDS_ROLE_MESSAGE: hclString(sentence(`${DIRECT_DELIVERY_THROUGH_ROLE}: leave create_role = true`)),
      DIRECT_DELIVERY_OTHER_ACCOUNT_MESSAGE: hclString(sentence(DIRECT_DELIVERY_OTHER_ACCOUNT_RULE)),
      DIRECT_DELIVERY_SAME_REGION_MESSAGE: hclString(sentence(DIRECT_DELIVERY_SAME_REGION_RULE)),
    }),
  outputs: [
    {
      name: "rule_arn",
      description: "ARN of the forwarding rule, for aws:SourceArn narrowing on receiver grants.",
      value: "local.rule_arn",
    },
    {
      name: "role_arn",
      description: "ARN of the role EventBridge assumes, null without one: known at plan, and whatever reads it waits for the role.",
      value: "var.create_role ? local.role_arn : null",
      dependsOn: ["aws_iam_role.this"],
    },
    { name: "dead_letter_queue_arn", description: "ARN of the dead-letter queue.", value: "aws_sqs_queue.dead_letter.arn" },
  ],
  example: `module "orders_forwards" {
  source    = "./terraform-modules/sender-forwarding"
  for_each  = local.order_forwards
  providers = { aws.sender = aws.orders }

  rule_name         = each.key
  event_pattern     = jsonencode(each.value)
  receiver_bus_arns = [module.central_bus.bus_arn]
  grant_ids         = [module.central_bus.policy_id]
}`,
};
