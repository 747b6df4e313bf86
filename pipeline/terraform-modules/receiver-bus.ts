/** The receiver-bus Terraform module: its inputs, outputs and template. */
import { EVENT_RULE_ARN } from "../../modules/arns";
import {
  ACCOUNT_ID,
  CONTENT_VALUE,
  MAX_BUS_POLICY_LENGTH,
  ORGANIZATION_ID,
  contentValueRule,
  contentValuesRule,
} from "../../modules/limits";
import {
  ModuleValidation,
  TerraformModuleSpec,
  busNameVariable,
  everyMatches,
  hclString,
  moduleTemplate,
  placementDataSources,
  sentence,
} from "./spec";

/** The receiver bus and its one bus policy, as ReceiverBusPolicy and EventBus build them. */
const BUS_POLICY_SIZE_MESSAGE =
  `An event bus policy holds at most ${MAX_BUS_POLICY_LENGTH} characters: ` + "grant an organization instead of many accounts.";

const NARROWING_TYPE = "source_rule_arns = optional(list(string)), sources = optional(list(string)), detail_types = optional(list(string))";

/** The checks of a grant variable's sources and detail_types: the rules of ReceiverBusPolicy. */
function contentValidations(variable: string): ModuleValidation[] {
  return [
    ["sources", "source"],
    ["detail_types", "detail-type"],
  ].flatMap(([key, field]) => [
    {
      condition:
        `alltrue([for grant in var.${variable} : grant.${key} == null ? true : ` +
        `length(grant.${key}) > 0 && length(distinct(grant.${key})) == length(grant.${key})])`,
      message: sentence(`every ${variable}[*].${key} list must be valid: ${contentValuesRule(field)}`),
    },
    {
      condition:
        `alltrue([for value in flatten([for grant in var.${variable} : coalesce(grant.${key}, [])]) : ` +
        `can(regex(${hclString(CONTENT_VALUE.source)}, value))])`,
      message: sentence(`every ${variable}[*].${key} must be valid: ${contentValueRule(field)}`),
    },
  ]);
}

export const receiverBusModule: TerraformModuleSpec = {
  name: "receiver-bus",
  title: "Receiver bus and policy",
  summary:
    "A custom event bus (or the account's default bus, adopted) and its one aws_cloudwatch_event_bus_policy: " +
    "a statement per account grant, per organization grant (aws:PrincipalOrgID), optionally narrowed to sender rules " +
    "(aws:SourceArn) and to event sources and detail-types (events:source, events:detail-type), and a grant to everybody " +
    "only with an explicit opt-in.",
  providerAlias: "receiver",
  variables: [
    busNameVariable('Name of the custom bus to create, or "default" to adopt the account\'s default bus.'),
    {
      name: "account_grants",
      description:
        "Accounts that may put events on the bus, each optionally only from the named sender rule ARNs and only with the " +
        "listed sources and detail-types.",
      type: `list(object({ account_id = string, ${NARROWING_TYPE} }))`,
      default: "[]",
      validations: [
        everyMatches(ACCOUNT_ID, "var.account_grants[*].account_id", "account_grants[*].account_id"),
        {
          condition: "length(distinct(var.account_grants[*].account_id)) == length(var.account_grants)",
          message: "Each account is granted once.",
        },
        everyMatches(
          EVENT_RULE_ARN,
          "flatten([for grant in var.account_grants : coalesce(grant.source_rule_arns, [])])",
          "account_grants[*].source_rule_arns",
        ),
        ...contentValidations("account_grants"),
      ],
    },
    {
      name: "organization_grants",
      description:
        "Organizations whose accounts may put events on the bus (they must send through a role), " +
        "each optionally only from the named sender rule ARNs and only with the listed sources and detail-types.",
      type: `list(object({ organization_id = string, ${NARROWING_TYPE} }))`,
      default: "[]",
      validations: [
        everyMatches(ORGANIZATION_ID, "var.organization_grants[*].organization_id", "organization_grants[*].organization_id"),
        {
          condition: "length(distinct(var.organization_grants[*].organization_id)) == length(var.organization_grants)",
          message: "Each organization is granted once.",
        },
        everyMatches(
          EVENT_RULE_ARN,
          "flatten([for grant in var.organization_grants : coalesce(grant.source_rule_arns, [])])",
          "organization_grants[*].source_rule_arns",
        ),
        ...contentValidations("organization_grants"),
      ],
    },
    {
      name: "grant_everybody",
      description:
        "Let every AWS account put events on the bus; needs allow_everybody, and every rule on the bus must then filter on account.",
      type: "bool",
      default: "false",
    },
    {
      name: "allow_everybody",
      description: "The explicit opt-in that grant_everybody requires.",
      type: "bool",
      default: "false",
    },
  ],
  main: placementDataSources("receiver") + moduleTemplate("receiver-bus.main.tf", { MAX_BUS_POLICY_LENGTH, BUS_POLICY_SIZE_MESSAGE }),
  outputs: [
    { name: "bus_arn", description: "ARN of the bus, for sender targets and role policies.", value: "local.bus_arn" },
    { name: "bus_name", description: "Name of the bus, for receiver rules.", value: "var.bus_name" },
    { name: "policy", description: "The bus policy document as applied.", value: "local.policy" },
    {
      name: "policy_id",
      description: "ID of the bus policy resource, for depends_on of sender targets.",
      value: "aws_cloudwatch_event_bus_policy.this.id",
    },
  ],
  example: `module "central_bus" {
  source    = "./terraform-modules/receiver-bus"
  providers = { aws.receiver = aws.observability }

  bus_name            = "central-events"
  account_grants      = [for id in values(local.senders) : { account_id = id }]
  organization_grants = [{ organization_id = "o-exampleorg01" }]
}`,
};
