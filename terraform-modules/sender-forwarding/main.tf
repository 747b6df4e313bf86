data "aws_caller_identity" "current" {
  provider = aws.sender
}

data "aws_region" "current" {
  provider = aws.sender
}

data "aws_partition" "current" {
  provider = aws.sender
}

locals {
  account_id             = data.aws_caller_identity.current.account_id
  region                 = data.aws_region.current.id
  target_ids             = [for arn in var.receiver_bus_arns : substr("${split(":", arn)[4]}-${split("/", arn)[1]}", 0, 64)]
  direct_target_ids      = [for target in var.direct_targets : substr("${split(":", target.arn)[4]}-${target.kind}-${regex("[^:/]+$", target.arn)}", 0, 64)]
  rule_path              = "${var.bus_name == "default" ? "" : "${var.bus_name}/"}${var.rule_name}"
  partition              = data.aws_partition.current.partition
  rule_arn               = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${local.rule_path}"
  role_name              = coalesce(var.role_name, "${var.rule_name}-forwarder")
  dead_letter_queue_name = coalesce(var.dead_letter_queue_name, "${replace(var.rule_name, ".", "-")}-dlq")
  target_count           = length(var.receiver_bus_arns) + length(var.direct_targets)
  direct_kinds           = distinct(var.direct_targets[*].kind)
  direct_arns            = { for kind in local.direct_kinds : kind => [for target in var.direct_targets : target.arn if target.kind == kind] }
  # Built from the name, so receivers' policies in the same plan show it; the role_arn output still waits for the role.
  role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${local.role_name}"
  # The role's statement for each kind of direct target: the one action EventBridge takes there.
  direct_delivery = {
    queue    = { sid = "SendToReceiverQueues", action = "sqs:SendMessage" }
    topic    = { sid = "PublishToReceiverTopics", action = "sns:Publish" }
    function = { sid = "InvokeReceiverFunctions", action = "lambda:InvokeFunction" }
    stream   = { sid = "PutRecordsOnReceiverStreams", action = "kinesis:PutRecord" }
  }
}

resource "aws_cloudwatch_event_rule" "this" {
  provider       = aws.sender
  name           = var.rule_name
  event_bus_name = var.bus_name == "default" ? null : var.bus_name
  description    = var.description
  event_pattern  = var.event_pattern

  lifecycle {
    precondition {
      condition     = local.target_count >= 1 && local.target_count <= 5
      error_message = "A rule has 1 to 5 targets (buses and direct targets)."
    }
  }
}

resource "aws_sqs_queue" "dead_letter" {
  provider                  = aws.sender
  name                      = local.dead_letter_queue_name
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true

  lifecycle {
    precondition {
      condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", local.dead_letter_queue_name))
      error_message = "The derived dead-letter queue name breaks the SQS naming rule: set dead_letter_queue_name."
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  provider  = aws.sender
  queue_url = aws_sqs_queue.dead_letter.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowEventBridgeRules"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.dead_letter.arn
      Condition = { ArnEquals = { "aws:SourceArn" = local.rule_arn } }
    }]
  })
}

resource "aws_iam_role" "this" {
  count       = var.create_role ? 1 : 0
  provider    = aws.sender
  name        = local.role_name
  description = "EventBridge forwards events matched by rule ${var.rule_name} to other accounts"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnEquals    = { "aws:SourceArn" = local.rule_arn }
      }
    }]
  })

  lifecycle {
    precondition {
      condition     = can(regex("^[\\w+=,.@-]{1,64}$", local.role_name))
      error_message = "The derived role name breaks the IAM naming rule (1-64 characters): set role_name."
    }
  }
}

resource "aws_iam_role_policy" "put_events" {
  count    = var.create_role && length(var.receiver_bus_arns) > 0 ? 1 : 0
  provider = aws.sender
  name     = "put-events-to-receiver-buses"
  role     = aws_iam_role.this[0].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PutEventsToReceiverBuses"
      Effect   = "Allow"
      Action   = "events:PutEvents"
      Resource = var.receiver_bus_arns
    }]
  })
}

# Statements in the order the kinds first appear, one ARN as a string: as the constructs write the policy.
resource "aws_iam_role_policy" "direct_delivery" {
  count    = var.create_role && length(var.direct_targets) > 0 ? 1 : 0
  provider = aws.sender
  name     = "deliver-to-receiver-targets"
  role     = aws_iam_role.this[0].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for kind in local.direct_kinds : {
      Sid      = local.direct_delivery[kind].sid
      Effect   = "Allow"
      Action   = local.direct_delivery[kind].action
      Resource = try(one(local.direct_arns[kind]), local.direct_arns[kind])
    }]
  })
}

# Carries the receiver grants into this module's graph, so the targets are created after them.
resource "terraform_data" "grants" {
  input = var.grant_ids
}

# Counted, not keyed: the bus ARNs may be known only after apply, and for_each keys must be known at plan.
resource "aws_cloudwatch_event_target" "this" {
  count          = length(var.receiver_bus_arns)
  provider       = aws.sender
  rule           = aws_cloudwatch_event_rule.this.name
  event_bus_name = var.bus_name == "default" ? null : var.bus_name
  target_id      = local.target_ids[count.index]
  arn            = var.receiver_bus_arns[count.index]
  role_arn       = var.create_role ? aws_iam_role.this[0].arn : null

  retry_policy {
    maximum_event_age_in_seconds = var.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.maximum_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }

  lifecycle {
    precondition {
      condition     = split(":", var.receiver_bus_arns[count.index])[4] != local.account_id
      error_message = "A sender does not forward to a bus of its own account."
    }
    precondition {
      condition     = var.create_role != var.existing_target
      error_message = "Since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target: create_role = false only with existing_target = true, for a target created before then."
    }
    precondition {
      condition     = var.create_role || split(":", var.receiver_bus_arns[count.index])[3] == local.region
      error_message = "A forward to a bus in another region needs a sender role: set create_role = true."
    }
  }

  depends_on = [terraform_data.grants, aws_iam_role_policy.put_events, aws_sqs_queue_policy.dead_letter]
}

# Straight to a queue, topic, function or stream of another account, through the role: EventBridge user guide,
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html
resource "aws_cloudwatch_event_target" "direct" {
  count          = length(var.direct_targets)
  provider       = aws.sender
  rule           = aws_cloudwatch_event_rule.this.name
  event_bus_name = var.bus_name == "default" ? null : var.bus_name
  target_id      = local.direct_target_ids[count.index]
  arn            = var.direct_targets[count.index].arn
  role_arn       = var.create_role ? aws_iam_role.this[0].arn : null

  retry_policy {
    maximum_event_age_in_seconds = var.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.maximum_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }

  lifecycle {
    precondition {
      condition     = var.create_role
      error_message = "Direct delivery to a target in another account goes through an execution role of the sender's account that EventBridge assumes: leave create_role = true."
    }
    precondition {
      condition     = !var.existing_target
      error_message = "Set existing_target only for role-less bus targets created before 2 March 2023: direct targets go through the role."
    }
    precondition {
      condition     = split(":", var.direct_targets[count.index].arn)[4] != local.account_id
      error_message = "Direct delivery is for a target in another account; a sender's own targets are delivered by its own rules."
    }
    precondition {
      condition     = split(":", var.direct_targets[count.index].arn)[3] == local.region
      error_message = "EventBridge delivers straight to targets in another account only in the same region: forward to the receiver's bus instead."
    }
  }

  depends_on = [terraform_data.grants, aws_iam_role_policy.direct_delivery, aws_sqs_queue_policy.dead_letter]
}
