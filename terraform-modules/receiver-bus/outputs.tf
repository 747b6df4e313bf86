output "bus_arn" {
  description = "ARN of the bus, for sender targets and role policies."
  value       = local.bus_arn
}

output "bus_name" {
  description = "Name of the bus, for receiver rules."
  value       = var.bus_name
}

output "policy" {
  description = "The bus policy document as applied."
  value       = local.policy
}

output "policy_id" {
  description = "ID of the bus policy resource, for depends_on of sender targets."
  value       = aws_cloudwatch_event_bus_policy.this.id
}
