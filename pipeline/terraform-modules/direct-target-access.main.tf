locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id
  in_place   = split(":", var.target_arn)[3] == local.region && split(":", var.target_arn)[4] == local.account_id
  # The action EventBridge takes on each kind of target, and the form of its ARN.
  by_kind = __BY_KIND__
  of_kind = can(regex(local.by_kind[var.kind].arn_pattern, var.target_arn))
  # The roles' accounts are the principals and aws:PrincipalArn names the roles: a policy that names a role as its
  # principal is refused until the role exists, and stops matching when the role is recreated (IAM user guide,
  # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
  sender_accounts = distinct([for arn in var.sender_role_arns : "arn:${local.partition}:iam::${split(":", arn)[4]}:root"])
  # One value as a string, a list otherwise: as AWS echoes a policy back, and as the constructs write it.
  statement = {
    Sid       = __SENDER_ROLES_SID__
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
      error_message = __ARN_OF_KIND_MESSAGE__
    }
    precondition {
      condition     = local.in_place
      error_message = __IN_PLACE_MESSAGE__
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
      error_message = __ARN_OF_KIND_MESSAGE__
    }
    precondition {
      condition     = local.in_place
      error_message = __IN_PLACE_MESSAGE__
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
      error_message = __ARN_OF_KIND_MESSAGE__
    }
    precondition {
      condition     = local.in_place
      error_message = __IN_PLACE_MESSAGE__
    }
  }
}

# A Lambda permission takes no condition on the caller, so each names its role as the principal: the role must exist
# first. Counted, not keyed: role ARNs may be known only after apply, and for_each keys must be known at plan.
resource "aws_lambda_permission" "this" {
  count         = var.kind == "function" ? length(var.sender_role_arns) : 0
  provider      = aws.receiver
  statement_id  = substr("__ROLE_INVOKE_STATEMENT_PREFIX__${replace(split("::", var.sender_role_arns[count.index])[1], "/__NOT_IN_STATEMENT_ID__/", "_")}", 0, 100)
  action        = local.by_kind.function.action
  function_name = regex("[^:]+$", var.target_arn)
  principal     = var.sender_role_arns[count.index]

  lifecycle {
    precondition {
      condition     = local.of_kind
      error_message = __ARN_OF_KIND_MESSAGE__
    }
    precondition {
      condition     = local.in_place
      error_message = __IN_PLACE_MESSAGE__
    }
    precondition {
      condition     = length(var.additional_statements) == 0
      error_message = "A function's access is one aws_lambda_permission per role: additional_statements are for a queue, topic or stream policy."
    }
  }
}
