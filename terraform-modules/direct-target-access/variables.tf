variable "kind" {
  description = "What the target is: queue, topic, function or stream."
  type        = string

  validation {
    condition     = contains(["queue", "topic", "function", "stream"], var.kind)
    error_message = "EventBridge delivers straight to queues, topics, functions and streams of another account, not to log groups: forward to the receiver's bus and let a receiver rule deliver to the log group."
  }
}

variable "target_arn" {
  description = "ARN of the existing target, in the account and region of the aws.receiver provider."
  type        = string
}

variable "queue_url" {
  description = "URL of the queue, for kind = \"queue\": a queue policy is attached by URL."
  type        = string
  default     = null
}

variable "sender_role_arns" {
  description = "ARNs of the roles of other accounts' forwarding rules that deliver here."
  type        = list(string)

  validation {
    condition     = length(var.sender_role_arns) > 0
    error_message = "At least one sender role delivers here."
  }

  validation {
    condition     = alltrue([for value in var.sender_role_arns : can(regex("^arn:aws[a-z-]*:iam::(\\d{12}):role\\/[\\w+=,.@/-]{1,512}$", value))])
    error_message = "Every sender_role_arns must be valid: an IAM role ARN looks like arn:aws:iam::<account>:role/<name>."
  }

  validation {
    condition     = length(distinct(var.sender_role_arns)) == length(var.sender_role_arns)
    error_message = "Each sender role is named once."
  }
}

variable "additional_statements" {
  description = "Other statements of the queue's, topic's or stream's policy, as objects for jsonencode: the policy written here replaces the whole policy."
  type        = any
  default     = []

  validation {
    condition     = can(concat([], var.additional_statements))
    error_message = "The additional_statements are a list of policy statements."
  }
}
