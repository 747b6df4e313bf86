variable "bus_name" {
  description = "The sender's bus the rule listens on: \"default\", or an existing custom bus."
  type        = string
  default     = "default"

  validation {
    condition     = var.bus_name == "default" || can(regex("^[.\\-_A-Za-z0-9]{1,256}$", var.bus_name)) && !contains(["default"], var.bus_name)
    error_message = "A custom event bus name is 1-256 characters of [.-_A-Za-z0-9], has no '/' (reserved for partner buses) and is not 'default' (adopt the default bus instead)."
  }
}

variable "rule_name" {
  description = "Name of the forwarding rule."
  type        = string

  validation {
    condition     = can(regex("^[.\\-_A-Za-z0-9]{1,64}$", var.rule_name))
    error_message = "An EventBridge rule name is 1-64 characters of [.-_A-Za-z0-9]."
  }
}

variable "description" {
  description = "Description of the rule."
  type        = string
  default     = null
}

variable "event_pattern" {
  description = "Events to forward: an event pattern as JSON (jsonencode of an object)."
  type        = string

  validation {
    condition     = try(length(keys(jsondecode(var.event_pattern))) > 0, false)
    error_message = "An event pattern is a non-empty JSON object (use jsonencode)."
  }

  validation {
    condition     = length(var.event_pattern) <= 2048
    error_message = "An event pattern holds at most 2048 characters."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : (can(keys(n.v)) || can(concat(n.v, []))) if n.k != null && n.k != "$or"]), false)
    error_message = "Every field of the pattern must be an object or an array; wrap a value to match in an array, as in [\"value\"]."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : length(n.v) > 0 if n.k != "$or" && (can(keys(n.v)) || can(concat(n.v, [])))]), false)
    error_message = "Empty arrays are not allowed: list at least one value to match; empty objects are not allowed: a pattern needs at least one field."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue(flatten([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : [for e in n.v : try(length(keys(e)) == 1 && contains(["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"], join("", keys(e))), !can(concat(e, [])))] if n.k != null && n.k != "$or" && can(concat(n.v, []))])), false)
    error_message = "Match value must be a string, number, true, false, or null, or an operator object; only one key is allowed in a match expression, expected one of \"prefix\", \"suffix\", \"equals-ignore-case\", \"wildcard\", \"anything-but\", \"numeric\", \"cidr\", \"exists\"."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue(flatten([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : [for e in n.v : try(e.exists == true || e.exists == false, true)] if n.k != null && n.k != "$or" && can(concat(n.v, []))])), false)
    error_message = "Exists match pattern must be either true or false."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : try(can(concat(n.v, [])) && length(n.v) >= 2 && alltrue([for a in n.v : can(keys(a))]), false) if n.k == "$or"]), false)
    error_message = "$or must be an array of at least two objects."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(alltrue([for n in flatten([for k1, v1 in jsondecode(var.event_pattern) : [{ k = k1, v = v1, o = false }, [for k2, v2 in try(merge(v1), [for a in v1 : a if k1 == "$or"], {}) : [{ k = k1 == "$or" ? null : k2, v = v2, o = k1 == "$or" }, [for k3, v3 in try(merge(v2), [for a in v2 : a if k2 == "$or"], {}) : [{ k = k2 == "$or" ? null : k3, v = v3, o = k1 == "$or" || k2 == "$or" }, [for k4, v4 in try(merge(v3), [for a in v3 : a if k3 == "$or"], {}) : [{ k = k3 == "$or" ? null : k4, v = v4, o = k1 == "$or" || k2 == "$or" || k3 == "$or" }, [for k5, v5 in try(merge(v4), [for a in v4 : a if k4 == "$or"], {}) : [{ k = k4 == "$or" ? null : k5, v = v5, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" }, [for k6, v6 in try(merge(v5), [for a in v5 : a if k5 == "$or"], {}) : [{ k = k5 == "$or" ? null : k6, v = v6, o = k1 == "$or" || k2 == "$or" || k3 == "$or" || k4 == "$or" || k5 == "$or" }]]]]]]]]]]]]) : !contains(["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists", "exactly", "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range"], n.k) if n.o && n.k != null && n.k != "$or"]), false)
    error_message = "A field name inside $or is none of \"prefix\", \"suffix\", \"equals-ignore-case\", \"wildcard\", \"anything-but\", \"numeric\", \"cidr\", \"exists\", \"exactly\", \"=\", \"<\", \"<=\", \">\", \">=\", \"regex\", \"not-wildcard\", \"not-equals-ignore-case\", \"date-after\", \"date-on-or-after\", \"date-before\", \"date-on-or-before\", \"in-date-range\", \"ip-address-in-range\", \"ip-address-not-in-range\": such a name is a reserved word and cannot be used as a field name inside $or."
  }

  validation {
    condition     = !can(keys(jsondecode(var.event_pattern))) || try(!strcontains(jsonencode(try(jsondecode(var.event_pattern).account, [])), "\"*\""), false)
    error_message = "An account filter never holds \"*\": no event carries it, so the rule would match nothing; list account IDs."
  }
}

variable "receiver_bus_arns" {
  description = "ARNs of the receiver buses, one target each (5 targets at most with direct_targets)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(distinct(var.receiver_bus_arns)) == length(var.receiver_bus_arns)
    error_message = "Each target is a target of a rule once."
  }

  validation {
    condition     = alltrue([for value in var.receiver_bus_arns : can(regex("^arn:(aws[a-z-]*):events:([a-z0-9-]+):(\\d{12}):event-bus\\/([.\\-_A-Za-z0-9/]{1,256})$", value))])
    error_message = "Every receiver_bus_arns must be valid: an event bus ARN looks like arn:aws:events:<region>:<account>:event-bus/<name>."
  }
}

variable "direct_targets" {
  description = "Queues, topics, Lambda functions and Kinesis streams of other accounts in this region that the rule delivers to through the role, without the receiver's bus: kind (queue, topic, function or stream) and ARN, one target each."
  type        = list(object({ kind = string, arn = string }))
  default     = []

  validation {
    condition     = alltrue([for target in var.direct_targets : contains(["queue", "topic", "function", "stream"], target.kind)])
    error_message = "EventBridge delivers straight to queues, topics, functions and streams of another account, not to log groups: forward to the receiver's bus and let a receiver rule deliver to the log group."
  }

  validation {
    condition     = alltrue([for target in var.direct_targets : can(regex(lookup({ queue = "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}$", topic = "^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$", function = "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}$", stream = "^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream\\/[A-Za-z0-9_.-]{1,128}$" }, target.kind, ""), target.arn))])
    error_message = "Every direct_targets[*].arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:<region>:<account>:<name>; a topic ARN looks like arn:aws:sns:<region>:<account>:<name>; a function ARN looks like arn:aws:lambda:<region>:<account>:function:<name>; a stream ARN looks like arn:aws:kinesis:<region>:<account>:stream/<name>."
  }

  validation {
    condition     = length(distinct(var.direct_targets[*].arn)) == length(var.direct_targets)
    error_message = "Each target is a target of a rule once."
  }
}

variable "create_role" {
  description = "Send through an IAM role (AWS requires one on every cross-account bus target created since 2 March 2023); false only with existing_target, for same-region receivers that grant the account by ID."
  type        = bool
  default     = true
}

variable "existing_target" {
  description = "The role-less targets already exist, created before 2 March 2023; required with create_role = false."
  type        = bool
  default     = false
}

variable "role_name" {
  description = "Name of the role; default \"<rule_name>-forwarder\"."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "An IAM role name is 1-64 characters of [A-Za-z0-9+=,.@_-]."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "How long EventBridge retries an event before it goes to the dead-letter queue."
  type        = number
  default     = 86400

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 86400 && floor(var.maximum_event_age_in_seconds) == var.maximum_event_age_in_seconds
    error_message = "Must be a whole number of seconds from 60 to 86400."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries before the event goes to the dead-letter queue."
  type        = number
  default     = 185

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 185 && floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
    error_message = "Must be a whole number of attempts from 0 to 185."
  }
}

variable "grant_ids" {
  description = "IDs of the receiver policies that must exist before the targets: receiver-bus output policy_id, direct-target-access output grant_ids."
  type        = list(string)
  default     = []
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter queue; default \"<rule_name>-dlq\"."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_queue_name == null || can(regex("^[A-Za-z0-9_-]{1,80}$", var.dead_letter_queue_name))
    error_message = "A standard SQS queue name is 1-80 characters of [A-Za-z0-9_-] (FIFO queues are not supported as targets here)."
  }
}
