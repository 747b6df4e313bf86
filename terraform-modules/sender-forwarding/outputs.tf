output "rule_arn" {
  description = "ARN of the forwarding rule, for aws:SourceArn narrowing on receiver grants."
  value       = local.rule_arn
}

output "role_arn" {
  description = "ARN of the role EventBridge assumes, null without one."
  value       = var.create_role ? aws_iam_role.this[0].arn : null
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}
