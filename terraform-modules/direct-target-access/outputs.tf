output "direct_target" {
  description = "The target as the sender-forwarding module's direct_targets takes it."
  value       = { kind = var.kind, arn = var.target_arn }
}

output "policy" {
  description = "The resource policy as applied; null for a function."
  value       = var.kind == "function" ? null : local.policy
}

output "grant_ids" {
  description = "IDs of the policy or the permissions, for the sender-forwarding module's grant_ids."
  value       = concat(aws_sqs_queue_policy.this[*].id, aws_sns_topic_policy.this[*].id, aws_kinesis_resource_policy.this[*].id, aws_lambda_permission.this[*].id)
}
