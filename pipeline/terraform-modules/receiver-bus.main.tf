locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id
  bus_arn    = "arn:${local.partition}:events:${local.region}:${local.account_id}:event-bus/${var.bus_name}"
  # The aws:SourceArn, events:detail-type and events:source conditions of each grant (account grants,
  # then organization grants), only those it sets.
  narrowing = [for grant in concat(
    [for grant in var.account_grants : { source_rule_arns = grant.source_rule_arns, detail_types = grant.detail_types, sources = grant.sources }],
    [for grant in var.organization_grants : { source_rule_arns = grant.source_rule_arns, detail_types = grant.detail_types, sources = grant.sources }],
    ) : merge(
    { for key, value in { ArnEquals = { "aws:SourceArn" = grant.source_rule_arns } } : key => value if grant.source_rule_arns != null },
    { for key, value in { StringEquals = { "events:detail-type" = grant.detail_types } } : key => value if grant.detail_types != null },
    { for key, value in { "ForAllValues:StringEquals" = { "events:source" = grant.sources } } : key => value if grant.sources != null },
  )]
  statements = concat(
    [for i, grant in var.account_grants : merge(
      {
        Sid       = "AllowAccount${grant.account_id}"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${grant.account_id}:root" }
        Action    = "events:PutEvents"
        Resource  = local.bus_arn
      },
      { for key, value in { Condition = local.narrowing[i] } : key => value if length(value) > 0 },
    )],
    [for i, grant in var.organization_grants : {
      Sid       = "AllowOrganization-${grant.organization_id}"
      Effect    = "Allow"
      Principal = "*"
      Action    = "events:PutEvents"
      Resource  = local.bus_arn
      Condition = merge(
        local.narrowing[length(var.account_grants) + i],
        { StringEquals = merge({ "aws:PrincipalOrgID" = grant.organization_id }, try(local.narrowing[length(var.account_grants) + i].StringEquals, {})) },
      )
    }],
    [for grant in(var.grant_everybody ? ["everybody"] : []) : {
      Sid       = "AllowEverybody"
      Effect    = "Allow"
      Principal = "*"
      Action    = "events:PutEvents"
      Resource  = local.bus_arn
    }],
  )
  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}

resource "aws_cloudwatch_event_bus" "this" {
  count    = var.bus_name == "default" ? 0 : 1
  provider = aws.receiver
  name     = var.bus_name
}

# The whole document in one resource: aws_cloudwatch_event_permission would be overwritten by it.
resource "aws_cloudwatch_event_bus_policy" "this" {
  provider       = aws.receiver
  event_bus_name = var.bus_name == "default" ? null : aws_cloudwatch_event_bus.this[0].name
  policy         = local.policy

  lifecycle {
    precondition {
      condition     = length(local.statements) > 0
      error_message = "A receiver bus needs at least one grant."
    }
    precondition {
      condition     = !var.grant_everybody || var.allow_everybody
      error_message = "A grant to everybody needs the explicit opt-in allow_everybody = true."
    }
    precondition {
      condition     = length(local.policy) <= __MAX_BUS_POLICY_LENGTH__
      error_message = "__BUS_POLICY_SIZE_MESSAGE__"
    }
  }
}
