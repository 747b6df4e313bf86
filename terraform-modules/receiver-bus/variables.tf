variable "bus_name" {
  description = "Name of the custom bus to create, or \"default\" to adopt the account's default bus."
  type        = string
  default     = "default"

  validation {
    condition     = var.bus_name == "default" || can(regex("^[.\\-_A-Za-z0-9]{1,256}$", var.bus_name)) && !contains(["default"], var.bus_name)
    error_message = "A custom event bus name is 1-256 characters of [.-_A-Za-z0-9], has no '/' (reserved for partner buses) and is not 'default' (adopt the default bus instead)."
  }
}

variable "account_grants" {
  description = "Accounts that may put events on the bus, each optionally only from the named sender rule ARNs and only with the listed sources and detail-types."
  type        = list(object({ account_id = string, source_rule_arns = optional(list(string)), sources = optional(list(string)), detail_types = optional(list(string)) }))
  default     = []

  validation {
    condition     = alltrue([for value in var.account_grants[*].account_id : can(regex("^\\d{12}$", value))])
    error_message = "Every account_grants[*].account_id must be valid: an AWS account ID is exactly 12 digits."
  }

  validation {
    condition     = length(distinct(var.account_grants[*].account_id)) == length(var.account_grants)
    error_message = "Each account is granted once."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.account_grants : coalesce(grant.source_rule_arns, [])]) : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:rule\\/[.\\-_A-Za-z0-9/]+$", value))])
    error_message = "Every account_grants[*].source_rule_arns must be valid: an EventBridge rule ARN looks like arn:aws:events:<region>:<account>:rule/[<bus>/]<name>."
  }

  validation {
    condition     = alltrue([for grant in var.account_grants : grant.sources == null ? true : length(grant.sources) > 0 && length(distinct(grant.sources)) == length(grant.sources)])
    error_message = "Every account_grants[*].sources list must be valid: list each source once, at least one, or leave the key out."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.account_grants : coalesce(grant.sources, [])]) : can(regex("^[^*]+$", value))])
    error_message = "Every account_grants[*].sources must be valid: a grant matches each source exactly (StringEquals): a non-empty string, and * is no wildcard there."
  }

  validation {
    condition     = alltrue([for grant in var.account_grants : grant.detail_types == null ? true : length(grant.detail_types) > 0 && length(distinct(grant.detail_types)) == length(grant.detail_types)])
    error_message = "Every account_grants[*].detail_types list must be valid: list each detail-type once, at least one, or leave the key out."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.account_grants : coalesce(grant.detail_types, [])]) : can(regex("^[^*]+$", value))])
    error_message = "Every account_grants[*].detail_types must be valid: a grant matches each detail-type exactly (StringEquals): a non-empty string, and * is no wildcard there."
  }
}

variable "organization_grants" {
  description = "Organizations whose accounts may put events on the bus (they must send through a role), each optionally only from the named sender rule ARNs and only with the listed sources and detail-types."
  type        = list(object({ organization_id = string, source_rule_arns = optional(list(string)), sources = optional(list(string)), detail_types = optional(list(string)) }))
  default     = []

  validation {
    condition     = alltrue([for value in var.organization_grants[*].organization_id : can(regex("^o-[a-z0-9]{10,32}$", value))])
    error_message = "Every organization_grants[*].organization_id must be valid: an AWS Organizations ID matches o-[a-z0-9]{10,32}."
  }

  validation {
    condition     = length(distinct(var.organization_grants[*].organization_id)) == length(var.organization_grants)
    error_message = "Each organization is granted once."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.organization_grants : coalesce(grant.source_rule_arns, [])]) : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:rule\\/[.\\-_A-Za-z0-9/]+$", value))])
    error_message = "Every organization_grants[*].source_rule_arns must be valid: an EventBridge rule ARN looks like arn:aws:events:<region>:<account>:rule/[<bus>/]<name>."
  }

  validation {
    condition     = alltrue([for grant in var.organization_grants : grant.sources == null ? true : length(grant.sources) > 0 && length(distinct(grant.sources)) == length(grant.sources)])
    error_message = "Every organization_grants[*].sources list must be valid: list each source once, at least one, or leave the key out."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.organization_grants : coalesce(grant.sources, [])]) : can(regex("^[^*]+$", value))])
    error_message = "Every organization_grants[*].sources must be valid: a grant matches each source exactly (StringEquals): a non-empty string, and * is no wildcard there."
  }

  validation {
    condition     = alltrue([for grant in var.organization_grants : grant.detail_types == null ? true : length(grant.detail_types) > 0 && length(distinct(grant.detail_types)) == length(grant.detail_types)])
    error_message = "Every organization_grants[*].detail_types list must be valid: list each detail-type once, at least one, or leave the key out."
  }

  validation {
    condition     = alltrue([for value in flatten([for grant in var.organization_grants : coalesce(grant.detail_types, [])]) : can(regex("^[^*]+$", value))])
    error_message = "Every organization_grants[*].detail_types must be valid: a grant matches each detail-type exactly (StringEquals): a non-empty string, and * is no wildcard there."
  }
}

variable "grant_everybody" {
  description = "Let every AWS account put events on the bus; needs allow_everybody, and every rule on the bus must then filter on account."
  type        = bool
  default     = false
}

variable "allow_everybody" {
  description = "The explicit opt-in that grant_everybody requires."
  type        = bool
  default     = false
}
