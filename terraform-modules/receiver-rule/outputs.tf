output "rule_arn" {
  description = "ARN of the rule, for the resource policies of its destinations."
  value       = local.rule_arn
}

output "rule_name" {
  description = "Name of the rule."
  value       = aws_cloudwatch_event_rule.this.name
}

output "event_pattern" {
  description = "The pattern as deployed, account filter included."
  value       = local.event_pattern
}
