# A root module as a Terraform user writes it: the project's Terraform modules, one provider per
# account, for_each over the sender accounts on the receiver side and over one account's forwards.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  alias               = "observability"
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]

  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "orders"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]

  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "payments"
  region              = "us-east-1"
  allowed_account_ids = ["333333333333"]

  assume_role {
    role_arn = "arn:aws:iam::333333333333:role/terraform-deployer"
  }
}

locals {
  senders = {
    orders   = "222222222222"
    payments = "333333333333"
    refunds  = "444444444444"
  }
  order_forwards = {
    orders-created = { source = ["com.example.orders"], detail-type = ["OrderCreated"] }
    orders-shipped = { source = ["com.example.orders"], detail-type = ["OrderShipped"] }
  }
}

module "central_bus" {
  source    = "../../terraform-modules/receiver-bus"
  providers = { aws.receiver = aws.observability }

  bus_name            = "central-events"
  account_grants      = [for name, id in local.senders : { account_id = id, sources = ["com.example.${name}"] }]
  organization_grants = [{ organization_id = "o-exampleorg01", detail_types = ["OrderCreated", "OrderShipped"] }]
}

resource "aws_cloudwatch_log_group" "audit" {
  provider          = aws.observability
  name              = "/aws/events/central-audit"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_resource_policy" "events_to_audit" {
  provider    = aws.observability
  policy_name = "eventbridge-to-central-audit"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "${aws_cloudwatch_log_group.audit.arn}:*"
    }]
  })
}

module "from_each_sender" {
  source    = "../../terraform-modules/receiver-rule"
  for_each  = local.senders
  providers = { aws.receiver = aws.observability }

  bus_name           = module.central_bus.bus_name
  rule_name          = "from-${each.key}"
  event_pattern      = jsonencode({ source = [{ prefix = "com.example." }] })
  sender_account_ids = [each.value]
  targets            = [{ id = "audit", arn = aws_cloudwatch_log_group.audit.arn }]
}

module "orders_forwards" {
  source    = "../../terraform-modules/sender-forwarding"
  for_each  = local.order_forwards
  providers = { aws.sender = aws.orders }

  rule_name         = each.key
  event_pattern     = jsonencode(each.value)
  receiver_bus_arns = [module.central_bus.bus_arn]
  grant_ids         = [module.central_bus.policy_id]
}

module "payments_forward" {
  source    = "../../terraform-modules/sender-forwarding"
  providers = { aws.sender = aws.payments }

  rule_name                    = "payments-to-central"
  receiver_bus_arns            = [module.central_bus.bus_arn]
  grant_ids                    = [module.central_bus.policy_id]
  maximum_event_age_in_seconds = 3600

  # Every kind of node the modules' pattern validations walk: nested fields, operators, $or; they pass it.
  event_pattern = jsonencode({
    source = ["com.example.payments"]
    detail = {
      amount = [{ numeric = [">", 0, "<=", 5000] }]
      card   = { issuer = { country = [{ anything-but = ["XX"] }, { prefix = { equals-ignore-case = "e" } }] } }
      "$or"  = [{ currency = ["EUR", null] }, { refund = [{ exists = false }] }]
    }
  })
}

# Direct delivery: a payments rule delivers straight to existing targets of the observability account, whose
# policies admit its role; the refunds account's role is applied from another root.
locals {
  observability_targets = {
    findings = {
      kind          = "queue"
      arn           = "arn:aws:sqs:us-east-1:111111111111:security-findings"
      queue_url     = "https://sqs.us-east-1.amazonaws.com/111111111111/security-findings"
      other_senders = ["arn:aws:iam::444444444444:role/refunds-findings-forwarder"]
    }
    alerts = { kind = "topic", arn = "arn:aws:sns:us-east-1:111111111111:security-alerts" }
    enrich = { kind = "function", arn = "arn:aws:lambda:us-east-1:111111111111:function:enrich-finding" }
    audit  = { kind = "stream", arn = "arn:aws:kinesis:us-east-1:111111111111:stream/security-audit" }
  }
}

module "direct_target_access" {
  source    = "../../terraform-modules/direct-target-access"
  for_each  = local.observability_targets
  providers = { aws.receiver = aws.observability }

  kind             = each.value.kind
  target_arn       = each.value.arn
  queue_url        = lookup(each.value, "queue_url", null)
  sender_role_arns = concat([module.payments_findings.role_arn], lookup(each.value, "other_senders", []))
}

module "payments_findings" {
  source    = "../../terraform-modules/sender-forwarding"
  providers = { aws.sender = aws.payments }

  rule_name      = "payments-findings"
  event_pattern  = jsonencode({ source = ["com.example.payments"], detail-type = ["PaymentFlagged"] })
  direct_targets = [for access in module.direct_target_access : access.direct_target]
  grant_ids      = flatten([for access in module.direct_target_access : access.grant_ids])
}
