locals {
  rule_path     = "${var.bus_name == "default" ? "" : "${var.bus_name}/"}${var.rule_name}"
  region        = data.aws_region.current.id
  account_id    = data.aws_caller_identity.current.account_id
  rule_arn      = "arn:${data.aws_partition.current.partition}:events:${local.region}:${local.account_id}:rule/${local.rule_path}"
  event_pattern = jsonencode(merge(jsondecode(var.event_pattern), { account = sort(distinct(var.sender_account_ids)) }))
  targets       = { for target in var.targets : target.id => target.arn }
  functions     = { for target in var.targets : target.id => target.arn if target.function }
}

resource "aws_cloudwatch_event_rule" "this" {
  provider       = aws.receiver
  name           = var.rule_name
  event_bus_name = var.bus_name == "default" ? null : var.bus_name
  description    = var.description
  event_pattern  = local.event_pattern

  lifecycle {
    precondition {
      condition     = length(local.event_pattern) <= __MAX_PATTERN_LENGTH__
      error_message = "The event pattern, account filter included, holds at most __MAX_PATTERN_LENGTH__ characters."
    }
  }
}

resource "aws_lambda_permission" "this" {
  for_each       = local.functions
  provider       = aws.receiver
  statement_id   = substr("__INVOKE_STATEMENT_PREFIX__${replace(local.rule_path, "/__NOT_IN_STATEMENT_ID__/", "_")}", 0, 100)
  action         = "lambda:InvokeFunction"
  function_name  = each.value
  principal      = "events.amazonaws.com"
  source_arn     = local.rule_arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_cloudwatch_event_target" "this" {
  for_each       = local.targets
  provider       = aws.receiver
  rule           = aws_cloudwatch_event_rule.this.name
  event_bus_name = var.bus_name == "default" ? null : var.bus_name
  target_id      = each.key
  arn            = each.value

  depends_on = [aws_lambda_permission.this]
}
