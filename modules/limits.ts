/**
 * AWS naming rules and quotas that both the constructs and the topology schema enforce.
 * Each rule carries the sentence printed when a value breaks it, so every error names the rule.
 */
export interface NameRule {
  /** Written so RE2 (Terraform's regex) reads it the same way, for the Terraform modules' validations. */
  readonly pattern: RegExp;
  readonly rule: string;
  /** Values the pattern admits but AWS reserves. */
  readonly reserved?: readonly string[];
}

export function matchesRule(value: unknown, name: NameRule): boolean {
  return typeof value === "string" && name.pattern.test(value) && !(name.reserved ?? []).includes(value);
}

export const ACCOUNT_ID: NameRule = { pattern: /^\d{12}$/, rule: "an AWS account ID is exactly 12 digits" };
export const ORGANIZATION_ID: NameRule = {
  pattern: /^o-[a-z0-9]{10,32}$/,
  rule: "an AWS Organizations ID matches o-[a-z0-9]{10,32}",
};
export const REGION: NameRule = {
  pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]\d?$/,
  rule: "a region looks like us-east-1, eu-central-2 or us-gov-west-1",
};
export const RULE_NAME: NameRule = {
  pattern: /^[.\-_A-Za-z0-9]{1,64}$/,
  rule: "an EventBridge rule name is 1-64 characters of [.-_A-Za-z0-9]",
};
export const CUSTOM_BUS_NAME: NameRule = {
  pattern: /^[.\-_A-Za-z0-9]{1,256}$/,
  reserved: ["default"],
  rule:
    "a custom event bus name is 1-256 characters of [.-_A-Za-z0-9], has no '/' (reserved for partner buses) and is not " +
    "'default' (adopt the default bus instead)",
};
export const TARGET_ID: NameRule = {
  pattern: /^[.\-_A-Za-z0-9]{1,64}$/,
  rule: "an EventBridge target ID is 1-64 characters of [.-_A-Za-z0-9]",
};
export const STATEMENT_ID: NameRule = {
  pattern: /^[0-9A-Za-z_-]{1,64}$/,
  rule: "a bus policy statement ID is 1-64 characters of [0-9A-Za-z_-]",
};
export const ROLE_NAME: NameRule = {
  pattern: /^[\w+=,.@-]{1,64}$/,
  rule: "an IAM role name is 1-64 characters of [A-Za-z0-9+=,.@_-]",
};
export const QUEUE_NAME: NameRule = {
  pattern: /^[A-Za-z0-9_-]{1,80}$/,
  rule: "a standard SQS queue name is 1-80 characters of [A-Za-z0-9_-] (FIFO queues are not supported as targets here)",
};
export const TOPIC_NAME: NameRule = {
  pattern: /^[A-Za-z0-9_-]{1,256}$/,
  rule: "a standard SNS topic name is 1-256 characters of [A-Za-z0-9_-]",
};
export const LOG_GROUP_NAME: NameRule = {
  pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/,
  rule: "a log group name is 1-512 characters of [.-_/#A-Za-z0-9]",
};
export const FUNCTION_NAME: NameRule = {
  pattern: /^[A-Za-z0-9_-]{1,64}$/,
  rule: "a Lambda function name is 1-64 characters of [A-Za-z0-9_-]",
};
export const TOPOLOGY_NAME: NameRule = {
  pattern: /^[a-z][a-z0-9-]{0,39}$/,
  rule: "a name in the topology starts with a lowercase letter and has at most 40 characters of [a-z0-9-]",
};

export const ARCHIVE_NAME: NameRule = {
  pattern: /^[.\-_A-Za-z0-9]{1,48}$/,
  rule: "an archive name is 1-48 characters of [.-_A-Za-z0-9]",
};
export const TAG_KEY: NameRule = {
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
  rule: "a tag key is 1-128 letters, digits, spaces or _.:/=+-@ and does not start with aws:",
};
export const TAG_VALUE: NameRule = {
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
  rule: "a tag value is at most 256 letters, digits, spaces or _.:/=+-@",
};
export const MAX_TAGS = 50;

export const MAX_TARGETS_PER_RULE = 5;
export const MAX_PATTERN_LENGTH = 2048;
export const MAX_BUS_POLICY_LENGTH = 10240;
export const MAX_LOG_RESOURCE_POLICY_LENGTH = 5120;
export const RETRY_AGE_SECONDS = { min: 60, max: 86400 } as const;
export const RETRY_ATTEMPTS = { min: 0, max: 185 } as const;
export const DEFAULT_RETRY = { maximumEventAgeSeconds: 86400, maximumRetryAttempts: 185 } as const;
/** SQS keeps messages at most 14 days: a dead-letter queue should keep them that long. */
export const DEAD_LETTER_RETENTION_SECONDS = 1209600;
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target (EventBridge
 * user guide, "Sending and receiving events between AWS accounts"): a forward without one can only
 * describe a target that already exists.
 */
export const ROLE_LESS_TARGET_RULE =
  "since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target, so a forward without a role only " +
  'describes a target created before then: mark it "existingTarget": true, or send through a role';
export const BUS_DEAD_LETTER_QUEUE_WITH_KEY_RULE =
  "a bus with a customer managed key keeps a dead-letter queue: events it cannot encrypt or decrypt (a disabled key, a key " +
  "policy not applied) are dropped without one, and AWS strongly recommends it";
export const EXISTING_TARGET_RULE =
  "existingTarget marks a role-less target created before 2 March 2023; a forward with a role leaves it out";
export const NARROWED_GRANT_NEEDS_ROLE_RULE =
  "a grant narrowed to sender rules (aws:SourceArn) is documented only for deliveries through a role: send through a role";

/**
 * A grant narrowed by event content lists exact values: its statement compares them with StringEquals
 * (EventBridge user guide, "Example policy: Send events to a custom bus in a different account"), where * is no wildcard.
 */
export const CONTENT_VALUE = /^[^*]+$/;
export const isContentValue = (value: unknown) => typeof value === "string" && CONTENT_VALUE.test(value);
export const contentValueRule = (field: string) =>
  `a grant matches each ${field} exactly (StringEquals): a non-empty string, and * is no wildcard there`;
export const contentValuesRule = (field: string) => `list each ${field} once, at least one, or leave the key out`;

export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
export const SNS_TOPIC_ARN_RULE = "must be an SNS topic ARN";

/** Alarm actions go to a topic of the alarm's own account and region (CloudWatch notifies no other); the rule broken, if any. */
export function alarmTopicProblem(topicArn: string, at: { accountId: string; region: string }, owner: string): string | undefined {
  const [, , , region, accountId] = topicArn.split(":");
  if (region === at.region && accountId === at.accountId) return undefined;
  return `alarm actions go to a topic in the ${owner}'s account ${at.accountId} and region ${at.region}`;
}

/** A rejected input: where it is, what it was, and the rule it broke. */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`${field}: ${JSON.stringify(value)} is invalid: ${rule}`);
    this.name = "InvalidInputError";
  }
}

export const STREAM_NAME: NameRule = {
  pattern: /^[A-Za-z0-9_.-]{1,128}$/,
  rule: "a Kinesis data stream name is 1-128 characters of [A-Za-z0-9_.-]",
};
/** On-demand streams take no shard count; Kinesis keeps records 24 hours unless told otherwise. */
export const STREAM_RETENTION_HOURS = { min: 24, max: 8760 } as const;

/**
 * EventBridge delivers straight to a queue, topic, function or stream of another account only in the
 * same region, through an execution role of the sender's account (EventBridge user guide, "Sending
 * events to an AWS service in another account").
 */
/** Why a direct delivery needs a role; each rule below adds how its input gives one. */
export const DIRECT_DELIVERY_THROUGH_ROLE =
  "direct delivery to a target in another account goes through an execution role of the sender's account that EventBridge assumes";
export const DIRECT_DELIVERY_NEEDS_ROLE_RULE = `${DIRECT_DELIVERY_THROUGH_ROLE}: leave role out (one is created) or name one`;
export const RULE_TARGETS_RULE = `a rule has 1 to ${MAX_TARGETS_PER_RULE} targets (buses and direct targets)`;
export const TARGET_ONCE_RULE = "each target is a target of a rule once";
export const SENDER_ROLES_RULE = "at least one sender role delivers here";
export const DIRECT_DELIVERY_SAME_REGION_RULE =
  "EventBridge delivers straight to targets in another account only in the same region: forward to the receiver's bus instead";
export const DIRECT_DELIVERY_TARGET_TYPES_RULE =
  "EventBridge delivers straight to queues, topics, functions and streams of another account, not to log groups: forward to " +
  "the receiver's bus and let a receiver rule deliver to the log group";
export const DIRECT_DELIVERY_OTHER_ACCOUNT_RULE =
  "direct delivery is for a target in another account; a sender's own targets are delivered by its own rules";
export const STREAM_FROM_RULES_RULE =
  "a stream target takes events from forwards of other accounts ({receiver, target} in a forward's to): EventBridge puts " +
  "records on a stream only through a role, which receiver rules do not have";
export const NO_GRANTS_NO_POLICY_RULE =
  "existingPolicy adopts the bus's policy to add this receiver's grants to it; a receiver without grants writes no bus policy, " +
  "so leave existingPolicy out";
