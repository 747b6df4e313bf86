/** The topology file's schema (zod), also the source of schema/topology.schema.json. */
import { z } from "zod";
import { IAM_ROLE_ARN } from "../modules/arns";
import { PATTERN_IS_OBJECT_RULE } from "../modules/event-pattern";
import {
  ACCOUNT_ID,
  ARCHIVE_NAME,
  CUSTOM_BUS_NAME,
  FUNCTION_NAME,
  LOG_GROUP_NAME,
  LOG_RETENTION_DAYS,
  MAX_TAGS,
  NameRule,
  matchesRule,
  ORGANIZATION_ID,
  QUEUE_NAME,
  REGION,
  SNS_TOPIC_ARN,
  SNS_TOPIC_ARN_RULE,
  STREAM_NAME,
  RETRY_AGE_SECONDS,
  RETRY_ATTEMPTS,
  ROLE_NAME,
  RULE_NAME,
  TAG_KEY,
  TAG_VALUE,
  TARGET_ID,
  TOPIC_NAME,
  TOPOLOGY_NAME,
  contentValueRule,
  contentValuesRule,
  isContentValue,
} from "../modules/limits";

const named = (rule: NameRule) => {
  const text = z.string({ error: rule.rule }).regex(rule.pattern, { error: rule.rule });
  if (!rule.reserved) return text;
  return text.refine((value) => matchesRule(value, rule), { error: rule.rule }).meta({ not: { enum: [...rule.reserved] } });
};
const described = <T extends z.ZodType>(schema: T, description: string) => schema.describe(description);

const accountRef = described(z.string().min(1), "an account: a name from accounts, or the 12-digit ID of an account outside this topology");

const Credentials = z
  .strictObject({
    assumeRole: z
      .strictObject({
        roleArn: z.string().regex(IAM_ROLE_ARN.pattern, { error: "must be an IAM role ARN" }),
        externalId: z.string().min(2).max(1224).optional(),
        sessionName: z
          .string()
          .regex(/^[\w+=,.@-]{2,64}$/, { error: "a session name is 2-64 characters of [\\w+=,.@-]" })
          .optional(),
      })
      .optional()
      .describe("Terraform assumes this role in the account"),
    profile: z.string().min(1).optional().describe("a named profile of the shared AWS config files"),
  })
  .check((ctx) => {
    if ((ctx.value.assumeRole === undefined) === (ctx.value.profile === undefined)) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: "credentials name exactly one of assumeRole or profile" });
    }
  });

const Tags = z
  .record(named(TAG_KEY), named(TAG_VALUE))
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS, { error: `AWS resources take at most ${MAX_TAGS} tags` })
  .describe("tags on every taggable resource, through the provider's default_tags");

const Account = z.strictObject({
  name: named(TOPOLOGY_NAME).describe("short name used in stack names, provider aliases and references"),
  id: named(ACCOUNT_ID),
  organization: named(ORGANIZATION_ID).optional().describe("the AWS Organization the account belongs to"),
  credentials: Credentials,
  tags: Tags.optional().describe("tags on this account's resources, over the topology's tags"),
});

const Bus = z
  .union([z.literal("default"), z.strictObject({ name: named(CUSTOM_BUS_NAME) })], {
    error: 'a bus is "default" (the account\'s default bus) or {"name": "<custom bus name>"}',
  })
  .describe('"default" adopts the account\'s default bus; {"name": ...} creates a custom bus');

const Pattern = z.record(z.string(), z.unknown(), { error: PATTERN_IS_OBJECT_RULE }).describe("an EventBridge event pattern");

const contentValues = (field: string) =>
  z
    .array(z.string({ error: contentValueRule(field) }).refine(isContentValue, { error: contentValueRule(field) }), {
      error: contentValuesRule(field),
    })
    .min(1, { error: contentValuesRule(field) })
    .refine((values) => new Set(values).size === values.length, { error: contentValuesRule(field) })
    .optional();

const Grant = z
  .strictObject({
    account: accountRef.optional(),
    organization: named(ORGANIZATION_ID).optional(),
    everybody: z.literal(true).optional().describe("every AWS account; needs allowEverybody on the receiver"),
    rules: z.array(named(RULE_NAME)).min(1).optional().describe("only events forwarded by these sender rules (aws:SourceArn)"),
    sources: contentValues("source").describe("only events with one of these sources (events:source)"),
    detailTypes: contentValues("detail-type").describe("only events with one of these detail-types (events:detail-type)"),
  })
  .check((ctx) => {
    const kinds = ["account", "organization", "everybody"].filter((k) => ctx.value[k as keyof typeof ctx.value] !== undefined);
    if (kinds.length !== 1) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: "a grant names exactly one of account, organization or everybody" });
    } else if (ctx.value.everybody) {
      for (const key of ["rules", "sources", "detailTypes"] as const) {
        if (ctx.value[key])
          ctx.issues.push({
            code: "custom",
            input: ctx.value[key],
            path: [key],
            message: `a grant to everybody cannot be narrowed to ${key}`,
          });
      }
    }
  });

const target = <T extends string>(type: T, name: NameRule) =>
  z.strictObject({ id: named(TARGET_ID), type: z.literal(type), name: named(name) });

const TargetEncryption = z
  .strictObject({ createKey: z.literal(true) }, { error: 'a target\'s encryption is {"createKey": true}' })
  .optional()
  .describe("a customer managed key of its own, admitting exactly the rules and sender roles that deliver here");

const Target = z.discriminatedUnion("type", [
  target("logGroup", LOG_GROUP_NAME).extend({
    retentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        error: `log retention is one of ${LOG_RETENTION_DAYS.join(", ")} days`,
      })
      .optional()
      .describe("days to keep events; default 30"),
  }),
  target("queue", QUEUE_NAME).extend({ encryption: TargetEncryption }),
  target("topic", TOPIC_NAME).extend({ encryption: TargetEncryption }),
  target("function", FUNCTION_NAME).describe("an existing Lambda function in the receiver account and region"),
  target("stream", STREAM_NAME)
    .extend({ encryption: TargetEncryption })
    .describe("an on-demand Kinesis data stream; forwards of other accounts deliver to it directly"),
]);

const ReceiverRule = z.strictObject({
  name: named(RULE_NAME),
  description: z.string().max(512).optional(),
  pattern: Pattern,
  senders: z
    .array(accountRef)
    .min(1)
    .optional()
    .describe("accounts the rule accepts; default every account the receiver grants and every topology sender forwarding to it"),
  targets: z.array(named(TARGET_ID)).min(1).max(5, { error: "a rule has at most 5 targets" }).describe("ids of the receiver's targets"),
});

const AlarmTopicArn = z.string().regex(SNS_TOPIC_ARN, { error: SNS_TOPIC_ARN_RULE });

const Receiver = z.strictObject({
  name: named(TOPOLOGY_NAME),
  account: accountRef,
  region: named(REGION),
  bus: Bus.default("default"),
  allowEverybody: z.boolean().default(false).describe("explicit opt-in to an everybody grant"),
  grants: z
    .array(Grant)
    .default([])
    .describe("who may put events on the bus; none for a receiver whose targets only take direct deliveries (no bus policy)"),
  existingPolicy: z
    .string()
    .min(1)
    .optional()
    .describe(
      "a file, relative to the topology file, holding what `aws events describe-event-bus` printed for the default bus: " +
        "its statements are kept in the policy and the policy is imported, so the first plan updates it in place",
    ),
  targets: z.array(Target).default([]),
  rules: z.array(ReceiverRule).default([]),
  encryption: z
    .union(
      [
        z.strictObject({
          keyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: "must be a KMS key ARN" })
            .describe("an existing key; the statements it needs are a Terraform output"),
        }),
        z.strictObject({ createKey: z.literal(true).describe("create a key with the statements EventBridge needs") }),
      ],
      { error: 'encryption is {"keyArn": "<KMS key ARN>"} or {"createKey": true}' },
    )
    .optional()
    .describe("a customer managed key for the bus's events (custom buses only)"),
  deadLetterQueue: z
    .union([z.boolean(), z.strictObject({ name: named(QUEUE_NAME) })], {
      error: 'deadLetterQueue is true, false or {"name": "<queue name>"}',
    })
    .optional()
    .describe(
      "a dead-letter queue for events the bus cannot encrypt or decrypt (custom buses; always with encryption): true for " +
        '"<bus>-bus-dlq", or {"name": ...}',
    ),
  alarmTopicArn: AlarmTopicArn.optional().describe(
    "SNS topic (the receiver's account and region) the bus dead-letter queue's alarm notifies; default none",
  ),
  archive: z
    .strictObject({
      name: named(ARCHIVE_NAME).optional().describe('default "<bus>-archive"'),
      retentionDays: z
        .int({ error: "retention is a whole number of days" })
        .min(0, { error: "retention is 0 (indefinitely) or more days" })
        .describe("days to keep events; 0 keeps them indefinitely"),
      pattern: Pattern.optional().describe("only events matching this pattern are archived; default all"),
    })
    .optional()
    .describe("an archive of the bus, for replay after an outage"),
});

const DirectTargetRef = z
  .strictObject({
    receiver: named(TOPOLOGY_NAME).describe("a receiver in another account of the sender's region"),
    target: named(TARGET_ID).describe("the id of that receiver's queue, topic, function or stream target"),
  })
  .describe("delivers straight to the target through the forward's role, without the receiver's bus");

const Forward = z.strictObject({
  name: named(RULE_NAME).describe("name of the forwarding rule on the sender's bus"),
  description: z.string().max(512).optional(),
  pattern: Pattern,
  to: z
    .array(
      z.union([named(TOPOLOGY_NAME), DirectTargetRef], {
        error: 'an entry of to is a receiver name or {"receiver": "<receiver name>", "target": "<target id>"}',
      }),
    )
    .min(1)
    .max(5, { error: "a rule has at most 5 targets" })
    .describe("receivers: a name forwards to the receiver's bus, {receiver, target} delivers straight to that target"),
  role: z
    .union([z.boolean(), z.strictObject({ name: named(ROLE_NAME) })], { error: 'role is true, false or {"name": "<role name>"}' })
    .default(true)
    .describe(
      'the role EventBridge assumes: true for one named "<rule>-forwarder", {"name": ...}, or false for none (only with existingTarget)',
    ),
  existingTarget: z
    .literal(true, { error: "existingTarget is true or left out" })
    .optional()
    .describe(
      "the forward describes a role-less target created before 2 March 2023 (AWS requires a role on new cross-account targets); " +
        "needs role false",
    ),
  retry: z
    .strictObject({
      maximumEventAgeSeconds: z
        .int({ error: "a whole number of seconds" })
        .min(RETRY_AGE_SECONDS.min, { error: "retry age is 60 to 86,400 seconds" })
        .max(RETRY_AGE_SECONDS.max, { error: "retry age is 60 to 86,400 seconds" })
        .optional(),
      maximumRetryAttempts: z
        .int({ error: "a whole number of attempts" })
        .min(RETRY_ATTEMPTS.min, { error: "retry attempts are 0 to 185" })
        .max(RETRY_ATTEMPTS.max, { error: "retry attempts are 0 to 185" })
        .optional(),
    })
    .optional()
    .describe("default 86,400 s and 185 attempts"),
  deadLetterQueue: z
    .strictObject({ name: named(QUEUE_NAME) })
    .optional()
    .describe('default a queue named "<rule>-dlq"'),
});

const Sender = z.strictObject({
  account: accountRef,
  region: named(REGION),
  bus: Bus.default("default"),
  alarmTopicArn: AlarmTopicArn.optional().describe(
    "SNS topic (the sender's account and region) the forwarding alarms notify; default none",
  ),
  forwards: z.array(Forward).min(1),
});

const Backend = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("local").describe("a state file beside the output folder") }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "an S3 bucket name is 3-63 characters of [a-z0-9.-]" }),
      region: named(REGION),
      keyPrefix: z
        .string()
        .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
          error: "a key prefix is S3 key characters, without a leading or trailing /",
        })
        .optional()
        .describe("each stack's state is <keyPrefix>/<stack>.tfstate; default the topology name"),
      dynamodbTable: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "a DynamoDB table name is 3-255 characters of [A-Za-z0-9_.-]" })
        .optional(),
      useLockfile: z.boolean().optional().describe("lock with an S3 lock file (Terraform 1.10+); default true unless dynamodbTable is set"),
      kmsKeyId: z.string().min(1).optional().describe("KMS key that encrypts the state objects"),
    }),
    z.strictObject({
      type: z.literal("none"),
      kind: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/, { error: "a backend kind is a Terraform backend type such as s3" })
        .optional()
        .describe("type of the empty backend block the pipeline completes with -backend-config; default s3"),
    }),
  ],
  { error: 'a backend is {"type": "local"}, {"type": "s3", ...} or {"type": "none"}' },
);

export const TopologySchema = z.strictObject({
  $schema: z.string().optional(),
  name: named(TOPOLOGY_NAME).default("eventbridge").describe("name of the single stack; default eventbridge"),
  state: z
    .strictObject({
      layout: z
        .enum(["per-account", "single"], { error: 'the state layout is "per-account" or "single"' })
        .default("per-account")
        .describe("one stack per account, or one stack for everything"),
      backend: Backend.default({ type: "local" }).describe("where every stack keeps its state"),
      stacks: z
        .record(z.string(), z.strictObject({ backend: Backend }))
        .default({})
        .describe("per-stack overrides, by stack name"),
    })
    .default({ layout: "per-account", backend: { type: "local" }, stacks: {} }),
  tags: Tags.optional(),
  alarms: z
    .strictObject({ enabled: z.boolean().describe("false turns the forwarding alarms off") })
    .default({ enabled: true })
    .describe("CloudWatch alarms on failed and dead-lettered deliveries of every forward; on by default"),
  accounts: z.array(Account).min(1),
  receivers: z.array(Receiver).min(1),
  senders: z.array(Sender).default([]),
});

export type Topology = z.output<typeof TopologySchema>;
export type TopologyInput = z.input<typeof TopologySchema>;
export type TopologyAccount = Topology["accounts"][number];
export type TopologyReceiver = Topology["receivers"][number];
export type TopologyTarget = TopologyReceiver["targets"][number];
export type TopologySender = Topology["senders"][number];
export type TopologyForward = TopologySender["forwards"][number];
export type TopologyDirectTargetRef = Exclude<TopologyForward["to"][number], string>;
export type TopologyBus = TopologyReceiver["bus"];
export type TopologyBackend = Topology["state"]["backend"];

export function topologyJsonSchema(): object {
  return z.toJSONSchema(TopologySchema, { io: "input", target: "draft-2020-12" });
}
