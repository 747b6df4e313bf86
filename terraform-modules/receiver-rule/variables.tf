variable "bus_name" {
  description = "The receiver bus: \"default\", or the custom bus (receiver-bus output bus_name)."
  type        = string
  default     = "default"

  validation {
    condition     = var.bus_name == "default" || can(regex("^[.\\-_A-Za-z0-9]{1,256}$", var.bus_name)) && !contains(["default"], var.bus_name)
    error_message = "A custom event bus name is 1-256 characters of [.-_A-Za-z0-9], has no '/' (reserved for partner buses) and is not 'default' (adopt the default bus instead)."
  }
}

variable "rule_name" {
  description = "Name of the rule."
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
  description = "Events to match, as JSON without account: the account filter is written from sender_account_ids."
  type        = string

  validation {
    condition     = can(keys(jsondecode(var.event_pattern)))
    error_message = "An event pattern is a JSON object (use jsonencode)."
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

  validation {
    condition     = !contains(try(keys(jsondecode(var.event_pattern)), []), "account")
    error_message = "Leave account out of the pattern: list the accounts in sender_account_ids."
  }
}

variable "sender_account_ids" {
  description = "Accounts whose events the rule accepts, written into the pattern's account filter."
  type        = list(string)

  validation {
    condition     = length(var.sender_account_ids) > 0
    error_message = "A receiver rule accepts at least one sender account."
  }

  validation {
    condition     = !contains(var.sender_account_ids, "*")
    error_message = "An account filter never holds \"*\": no event carries it, so the rule would match nothing; list account IDs."
  }

  validation {
    condition     = alltrue([for value in var.sender_account_ids : can(regex("^\\d{12}$", value))])
    error_message = "Every sender_account_ids must be valid: an AWS account ID is exactly 12 digits."
  }
}

variable "targets" {
  description = "Where matched events go (1 to 5): a target ID, the ARN of a log group, queue, topic or function, and function = true for a function, which gets its invoke permission here."
  type        = list(object({ id = string, arn = string, function = optional(bool, false) }))

  validation {
    condition     = length(var.targets) >= 1 && length(var.targets) <= 5 && length(distinct(var.targets[*].id)) == length(var.targets)
    error_message = "A rule has 1 to 5 targets with distinct IDs."
  }

  validation {
    condition     = alltrue([for value in var.targets[*].id : can(regex("^[.\\-_A-Za-z0-9]{1,64}$", value))])
    error_message = "Every targets[*].id must be valid: an EventBridge target ID is 1-64 characters of [.-_A-Za-z0-9]."
  }
}
