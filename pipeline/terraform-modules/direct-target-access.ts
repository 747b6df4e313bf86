/** The direct-target-access Terraform module: its inputs, outputs and template. */
import { IAM_ROLE_ARN } from "../../modules/arns";
import { DIRECT_DELIVERY_ACTION, allowSenderRoles } from "../../modules/direct-delivery";
import { NOT_IN_STATEMENT_ID, ROLE_INVOKE_STATEMENT_PREFIX } from "../../modules/destinations/function";
import { DIRECT_DELIVERY_TARGET_TYPES_RULE, SENDER_ROLES_RULE } from "../../modules/limits";
import { arnPatternInHcl, byKindBlock, directTargetArnMessage, isKindInHcl } from "./direct-targets";
import { TerraformModuleSpec, everyMatches, hclString, moduleTemplate, placementDataSources, sentence } from "./spec";

/** The statement ID the constructs give the sender roles' statement. */
const SENDER_ROLES_SID = allowSenderRoles("-", "-", "-", ["arn:aws:iam::000000000000:role/-"]).Sid as string;

/**
 * The receiver side of direct delivery, as the queue, topic, function and stream destinations write
 * it, for a target that already exists: HCL users create their queues, topics, functions and streams
 * with their own settings, and a module that created them would have to offer all of those.
 */
export const directTargetAccessModule: TerraformModuleSpec = {
  name: "direct-target-access",
  title: "Direct target access",
  summary:
    "Lets the roles of other accounts' forwarding rules (sender-forwarding output role_arn) deliver straight to an existing " +
    "queue, topic, Lambda function or Kinesis stream of this account: an aws_sqs_queue_policy, aws_sns_topic_policy or " +
    "aws_kinesis_resource_policy whose statement names the roles' accounts as principals and the roles in aws:PrincipalArn, " +
    "or one aws_lambda_permission per role, which names the role itself (EventBridge user guide, " +
    '"Sending events to an AWS service in another account").',
  notes: [
    "The target must exist: the module writes its access, not the queue, topic, function or stream, whose settings " +
      "(encryption, retention, code) are yours. A queue, topic or stream has one resource policy, and the " +
      "policy written here replaces it whole, statements written elsewhere included: pass those in " +
      "additional_statements (for example the statement that admits a rule of this account, with aws:SourceArn). A " +
      "queue under an AWS managed KMS key takes no events from other accounts. Lambda permissions are added beside the " +
      "function's others; each names its role, so the role must exist first (reading role_arn from the " +
      "sender-forwarding module waits for it).",
  ],
  providerAlias: "receiver",
  variables: [
    {
      name: "kind",
      description: "What the target is: queue, topic, function or stream.",
      type: "string",
      validations: [{ condition: isKindInHcl("var.kind"), message: sentence(DIRECT_DELIVERY_TARGET_TYPES_RULE) }],
    },
    {
      name: "target_arn",
      description: "ARN of the existing target, in the account and region of the aws.receiver provider.",
      type: "string",
    },
    {
      name: "queue_url",
      description: 'URL of the queue, for kind = "queue": a queue policy is attached by URL.',
      type: "string",
      default: "null",
    },
    {
      name: "sender_role_arns",
      description: "ARNs of the roles of other accounts' forwarding rules that deliver here.",
      type: "list(string)",
      validations: [
        { condition: "length(var.sender_role_arns) > 0", message: sentence(SENDER_ROLES_RULE) },
        everyMatches(IAM_ROLE_ARN, "var.sender_role_arns", "sender_role_arns"),
        {
          condition: "length(distinct(var.sender_role_arns)) == length(var.sender_role_arns)",
          message: "Each sender role is named once.",
        },
      ],
    },
    {
      name: "additional_statements",
      description:
        "Other statements of the queue's, topic's or stream's policy, as objects for jsonencode: the policy written here " +
        "replaces the whole policy.",
      type: "any",
      default: "[]",
      validations: [
        {
          condition: "can(concat([], var.additional_statements))",
          message: "The additional_statements are a list of policy statements.",
        },
      ],
    },
  ],
  main:
    placementDataSources("receiver") +
    moduleTemplate("direct-target-access.main.tf", {
      BY_KIND: byKindBlock(2, (kind) => ({ action: hclString(DIRECT_DELIVERY_ACTION[kind]), arn_pattern: arnPatternInHcl(kind) })),
      SENDER_ROLES_SID: hclString(SENDER_ROLES_SID),
      ROLE_INVOKE_STATEMENT_PREFIX,
      NOT_IN_STATEMENT_ID: NOT_IN_STATEMENT_ID.source,
      ARN_OF_KIND_MESSAGE: hclString(directTargetArnMessage("target_arn")),
      IN_PLACE_MESSAGE: hclString(
        "The target is in the account and region of the aws.receiver provider, where its access is written: map the provider " +
          "of the target's account and region.",
      ),
    }),
  outputs: [
    {
      name: "direct_target",
      description: "The target as the sender-forwarding module's direct_targets takes it.",
      value: "{ kind = var.kind, arn = var.target_arn }",
    },
    {
      name: "policy",
      description: "The resource policy as applied; null for a function.",
      value: 'var.kind == "function" ? null : local.policy',
    },
    {
      name: "grant_ids",
      description: "IDs of the policy or the permissions, for the sender-forwarding module's grant_ids.",
      value:
        "concat(aws_sqs_queue_policy.this[*].id, aws_sns_topic_policy.this[*].id, aws_kinesis_resource_policy.this[*].id, " +
        "aws_lambda_permission.this[*].id)",
    },
  ],
  example: `module "findings_access" {
  source    = "./terraform-modules/direct-target-access"
  providers = { aws.receiver = aws.security }

  kind             = "queue"
  target_arn       = aws_sqs_queue.findings.arn
  queue_url        = aws_sqs_queue.findings.url
  sender_role_arns = [module.payments_findings.role_arn]
}`,
};
