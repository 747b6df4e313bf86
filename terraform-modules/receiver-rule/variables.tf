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
    condition     = can(keys(jsondecode(var.event_pattern))) && length(var.event_pattern) <= 2048
    error_message = "An event pattern is a non-empty JSON object (use jsonencode) of at most 2048 characters."
  }

  validation {
    condition     = !strcontains(jsonencode(try(jsondecode(var.event_pattern).account, [])), "\"*\"")
    error_message = "An account filter never holds \"*\": no event carries it, so the rule would match nothing; list account IDs."
  }

  validation {
    condition     = !contains(keys(try(jsondecode(var.event_pattern), {})), "account")
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
