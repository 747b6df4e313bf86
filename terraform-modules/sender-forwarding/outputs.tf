output "rule_arn" {
  description = "ARN of the forwarding rule, for aws:SourceArn narrowing on receiver grants."
  value       = local.rule_arn
}

output "role_arn" {
  description = "ARN of the role EventBridge assumes, null without one: known at plan, and whatever reads it waits for the role."
  value       = var.create_role ? local.role_arn : null

  depends_on = [aws_iam_role.this]
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}
