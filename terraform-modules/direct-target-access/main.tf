data "aws_caller_identity" "current" {
  provider = aws.receiver
}

data "aws_region" "current" {
  provider = aws.receiver
}

data "aws_partition" "current" {
  provider = aws.receiver
}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id
  in_place   = split(":", var.target_arn)[3] == local.region && split(":", var.target_arn)[4] == local.account_id
  # The action EventBridge takes on each kind of target, and the form of its ARN.
  by_kind = {
    queue    = { action = "sqs:SendMessage", arn_pattern = "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}$" }
    topic    = { action = "sns:Publish", arn_pattern = "^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$" }
    function = { action = "lambda:InvokeFunction", arn_pattern = "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}$" }
    stream   = { action = "kinesis:PutRecord", arn_pattern = "^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream\\/[A-Za-z0-9_.-]{1,128}$" }
  }
  of_kind = can(regex(local.by_kind[var.kind].arn_pattern, var.target_arn))
  # The roles' accounts are the principals and aws:PrincipalArn names the roles: a policy that names a role as its
  # principal is refused until the role exists, and stops matching when the role is recreated (IAM user guide,
  # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
  sender_accounts = distinct([for arn in var.sender_role_arns : "arn:${local.partition}:iam::${split(":", arn)[4]}:root"])
  # One value as a string, a list otherwise: as AWS echoes a policy back, and as the constructs write it.
  statement = {
    Sid       = "AllowSenderRoles"
    Effect    = "Allow"
    Principal = { AWS = try(one(local.sender_accounts), local.sender_accounts) }
    Action    = local.by_kind[var.kind].action
    Resource  = var.target_arn
    Condition = { ArnEquals = { "aws:PrincipalArn" = try(one(var.sender_role_arns), var.sender_role_arns) } }
  }
  policy = jsonencode({ Version = "2012-10-17", Statement = concat([local.statement], var.additional_statements) })
}

# The queue's whole policy: whatever policy the queue had is replaced (pass its statements in additional_statements).
resource "aws_sqs_queue_policy" "this" {
  count     = var.kind == "queue" ? 1 : 0
  provider  = aws.receiver
  queue_url = var.queue_url
  policy    = local.policy

  lifecycle {
    precondition {
      condition     = var.queue_url != null
      error_message = "A queue policy is attached by the queue's URL: set queue_url."
    }
    precondition {
      condition     = local.of_kind
      error_message = "Target_arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:<region>:<account>:<name>; a topic ARN looks like arn:aws:sns:<region>:<account>:<name>; a function ARN looks like arn:aws:lambda:<region>:<account>:function:<name>; a stream ARN looks like arn:aws:kinesis:<region>:<account>:stream/<name>."
    }
    precondition {
      condition     = local.in_place
      error_message = "The target is in the account and region of the aws.receiver provider, where its access is written: map the provider of the target's account and region."
    }
  }
}

# The topic's whole policy, as above.
resource "aws_sns_topic_policy" "this" {
  count    = var.kind == "topic" ? 1 : 0
  provider = aws.receiver
  arn      = var.target_arn
  policy   = local.policy

  lifecycle {
    precondition {
      condition     = local.of_kind
      error_message = "Target_arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:<region>:<account>:<name>; a topic ARN looks like arn:aws:sns:<region>:<account>:<name>; a function ARN looks like arn:aws:lambda:<region>:<account>:function:<name>; a stream ARN looks like arn:aws:kinesis:<region>:<account>:stream/<name>."
    }
    precondition {
      condition     = local.in_place
      error_message = "The target is in the account and region of the aws.receiver provider, where its access is written: map the provider of the target's account and region."
    }
  }
}

# The stream's whole resource policy, as above.
resource "aws_kinesis_resource_policy" "this" {
  count        = var.kind == "stream" ? 1 : 0
  provider     = aws.receiver
  resource_arn = var.target_arn
  policy       = local.policy

  lifecycle {
    precondition {
      condition     = local.of_kind
      error_message = "Target_arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:<region>:<account>:<name>; a topic ARN looks like arn:aws:sns:<region>:<account>:<name>; a function ARN looks like arn:aws:lambda:<region>:<account>:function:<name>; a stream ARN looks like arn:aws:kinesis:<region>:<account>:stream/<name>."
    }
    precondition {
      condition     = local.in_place
      error_message = "The target is in the account and region of the aws.receiver provider, where its access is written: map the provider of the target's account and region."
    }
  }
}

# A Lambda permission takes no condition on the caller, so each names its role as the principal: the role must exist
# first. Counted, not keyed: role ARNs may be known only after apply, and for_each keys must be known at plan.
resource "aws_lambda_permission" "this" {
  count         = var.kind == "function" ? length(var.sender_role_arns) : 0
  provider      = aws.receiver
  statement_id  = substr("AllowSenderRole-${replace(split("::", var.sender_role_arns[count.index])[1], "/[^A-Za-z0-9_-]/", "_")}", 0, 100)
  action        = local.by_kind.function.action
  function_name = regex("[^:]+$", var.target_arn)
  principal     = var.sender_role_arns[count.index]

  lifecycle {
    precondition {
      condition     = local.of_kind
      error_message = "Target_arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:<region>:<account>:<name>; a topic ARN looks like arn:aws:sns:<region>:<account>:<name>; a function ARN looks like arn:aws:lambda:<region>:<account>:function:<name>; a stream ARN looks like arn:aws:kinesis:<region>:<account>:stream/<name>."
    }
    precondition {
      condition     = local.in_place
      error_message = "The target is in the account and region of the aws.receiver provider, where its access is written: map the provider of the target's account and region."
    }
    precondition {
      condition     = length(var.additional_statements) == 0
      error_message = "A function's access is one aws_lambda_permission per role: additional_statements are for a queue, topic or stream policy."
    }
  }
}
