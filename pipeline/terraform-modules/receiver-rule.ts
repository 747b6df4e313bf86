/** The receiver-rule Terraform module: its inputs, outputs and template. */
import { INVOKE_STATEMENT_PREFIX, NOT_IN_STATEMENT_ID } from "../../modules/destinations/function";
import { ACCOUNT_ID, MAX_PATTERN_LENGTH, MAX_TARGETS_PER_RULE, RULE_NAME, TARGET_ID } from "../../modules/limits";
import { STAR_IN_ACCOUNT_FILTER } from "../../modules/event-pattern";
import { TerraformModuleSpec, busNameVariable, everyMatches, ruleValidation, sentence, moduleTemplate, placementDataSources } from "./spec";
import { patternValidations } from "./pattern-validations";

/** A matching rule on a receiver bus, as ReceiverMatchingRule builds it. */
export const receiverRuleModule: TerraformModuleSpec = {
  name: "receiver-rule",
  title: "Receiver matching rule",
  summary:
    "A rule on a receiver bus whose pattern always carries the account filter of the senders it accepts, and its targets. " +
    "Lambda targets get their aws_lambda_permission here, pinned to the rule; log groups, queues and topics keep their " +
    "resource policies where they are created (admit this rule_arn).",
  providerAlias: "receiver",
  variables: [
    busNameVariable('The receiver bus: "default", or the custom bus (receiver-bus output bus_name).'),
    { name: "rule_name", description: "Name of the rule.", type: "string", validations: [ruleValidation(RULE_NAME, "var.rule_name")] },
    { name: "description", description: "Description of the rule.", type: "string", default: "null" },
    {
      name: "event_pattern",
      description: "Events to match, as JSON without account: the account filter is written from sender_account_ids.",
      type: "string",
      validations: [
        ...patternValidations("var.event_pattern", { mayBeEmpty: true }),
        {
          condition: `!contains(try(keys(jsondecode(var.event_pattern)), []), "account")`,
          message: "Leave account out of the pattern: list the accounts in sender_account_ids.",
        },
      ],
    },
    {
      name: "sender_account_ids",
      description: "Accounts whose events the rule accepts, written into the pattern's account filter.",
      type: "list(string)",
      validations: [
        { condition: "length(var.sender_account_ids) > 0", message: "A receiver rule accepts at least one sender account." },
        { condition: '!contains(var.sender_account_ids, "*")', message: sentence(STAR_IN_ACCOUNT_FILTER) },
        everyMatches(ACCOUNT_ID, "var.sender_account_ids", "sender_account_ids"),
      ],
    },
    {
      name: "targets",
      description:
        `Where matched events go (1 to ${MAX_TARGETS_PER_RULE}): a target ID, the ARN of a log group, queue, topic or function, ` +
        "and function = true for a function, which gets its invoke permission here.",
      type: "list(object({ id = string, arn = string, function = optional(bool, false) }))",
      validations: [
        {
          condition:
            `length(var.targets) >= 1 && length(var.targets) <= ${MAX_TARGETS_PER_RULE} && ` +
            "length(distinct(var.targets[*].id)) == length(var.targets)",
          message: `A rule has 1 to ${MAX_TARGETS_PER_RULE} targets with distinct IDs.`,
        },
        everyMatches(TARGET_ID, "var.targets[*].id", "targets[*].id"),
      ],
    },
  ],
  main:
    placementDataSources("receiver") +
    moduleTemplate("receiver-rule.main.tf", {
      MAX_PATTERN_LENGTH,
      INVOKE_STATEMENT_PREFIX,
      NOT_IN_STATEMENT_ID: NOT_IN_STATEMENT_ID.source,
    }),
  outputs: [
    { name: "rule_arn", description: "ARN of the rule, for the resource policies of its destinations.", value: "local.rule_arn" },
    { name: "rule_name", description: "Name of the rule.", value: "aws_cloudwatch_event_rule.this.name" },
    { name: "event_pattern", description: "The pattern as deployed, account filter included.", value: "local.event_pattern" },
  ],
  example: `module "from_each_sender" {
  source    = "./terraform-modules/receiver-rule"
  for_each  = local.senders
  providers = { aws.receiver = aws.observability }

  bus_name           = module.central_bus.bus_name
  rule_name          = "from-\${each.key}"
  event_pattern      = jsonencode({ source = [{ prefix = "com.example." }] })
  sender_account_ids = [each.value]
  targets            = [{ id = "audit", arn = aws_cloudwatch_log_group.audit.arn }]
}`,
};
