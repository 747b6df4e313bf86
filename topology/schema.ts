import { z } from "zod";
import {
  ACCOUNT_ID,
  CUSTOM_BUS_NAME,
  FUNCTION_NAME,
  LOG_GROUP_NAME,
  LOG_RETENTION_DAYS,
  NameRule,
  ORGANIZATION_ID,
  QUEUE_NAME,
  REGION,
  RETRY_AGE_SECONDS,
  RETRY_ATTEMPTS,
  ROLE_NAME,
  RULE_NAME,
  TARGET_ID,
  TOPIC_NAME,
  TOPOLOGY_NAME,
} from "../modules/limits";

const named = (rule: NameRule) => z.string({ error: rule.rule }).regex(rule.pattern, { error: rule.rule });
const described = <T extends z.ZodType>(schema: T, description: string) => schema.describe(description);

const accountRef = described(
  z.string().min(1),
  "an account: a name from accounts, or the 12-digit ID of an account outside this topology",
);

const Credentials = z
  .strictObject({
    assumeRole: z
      .strictObject({
        roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: "must be an IAM role ARN" }),
        externalId: z.string().min(2).max(1224).optional(),
        sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, { error: "a session name is 2-64 characters of [\\w+=,.@-]" }).optional(),
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

const Account = z.strictObject({
  name: named(TOPOLOGY_NAME).describe("short name used in stack names, provider aliases and references"),
  id: named(ACCOUNT_ID),
  organization: named(ORGANIZATION_ID).optional().describe("the AWS Organization the account belongs to"),
  credentials: Credentials,
});

const Bus = z
  .union([z.literal("default"), z.strictObject({ name: named(CUSTOM_BUS_NAME) })], {
    error: 'a bus is "default" (the account\'s default bus) or {"name": "<custom bus name>"}',
  })
  .describe('"default" adopts the account\'s default bus; {"name": ...} creates a custom bus');

const Pattern = z.record(z.string(), z.unknown(), { error: "an event pattern is a JSON object" }).describe("an EventBridge event pattern");

const Grant = z
  .strictObject({
    account: accountRef.optional(),
    organization: named(ORGANIZATION_ID).optional(),
    everybody: z.literal(true).optional().describe("every AWS account; needs allowEverybody on the receiver"),
    rules: z.array(named(RULE_NAME)).min(1).optional().describe("only events forwarded by these sender rules (aws:SourceArn)"),
  })
  .check((ctx) => {
    const kinds = ["account", "organization", "everybody"].filter((k) => ctx.value[k as keyof typeof ctx.value] !== undefined);
    if (kinds.length !== 1) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: "a grant names exactly one of account, organization or everybody" });
    } else if (ctx.value.everybody && ctx.value.rules) {
      ctx.issues.push({ code: "custom", input: ctx.value, path: ["rules"], message: "a grant to everybody cannot be narrowed to rules" });
    }
  });

const target = <T extends string>(type: T, name: NameRule) => z.strictObject({ id: named(TARGET_ID), type: z.literal(type), name: named(name) });

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
  target("queue", QUEUE_NAME),
  target("topic", TOPIC_NAME),
  target("function", FUNCTION_NAME).describe("an existing Lambda function in the receiver account and region"),
]);

const ReceiverRule = z.strictObject({
  name: named(RULE_NAME),
  description: z.string().max(512).optional(),
  pattern: Pattern,
  senders: z.array(accountRef).min(1).optional().describe("accounts the rule accepts; default every account the receiver grants and every topology sender forwarding to it"),
  targets: z.array(named(TARGET_ID)).min(1).max(5, { error: "a rule has at most 5 targets" }).describe("ids of the receiver's targets"),
});

const Receiver = z.strictObject({
  name: named(TOPOLOGY_NAME),
  account: accountRef,
  region: named(REGION),
  bus: Bus.default("default"),
  allowEverybody: z.boolean().default(false).describe("explicit opt-in to an everybody grant"),
  grants: z.array(Grant).min(1),
  targets: z.array(Target).default([]),
  rules: z.array(ReceiverRule).default([]),
});

const Forward = z.strictObject({
  name: named(RULE_NAME).describe("name of the forwarding rule on the sender's bus"),
  description: z.string().max(512).optional(),
  pattern: Pattern,
  to: z.array(named(TOPOLOGY_NAME)).min(1).max(5, { error: "a rule has at most 5 targets" }).describe("names of receivers"),
  role: z
    .union([z.boolean(), z.strictObject({ name: named(ROLE_NAME) })], { error: 'role is true, false or {"name": "<role name>"}' })
    .default(true)
    .describe('the role EventBridge assumes: true for one named "<rule>-forwarder", {"name": ...}, or false for none'),
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
  deadLetterQueue: z.strictObject({ name: named(QUEUE_NAME) }).optional().describe('default a queue named "<rule>-dlq"'),
});

const Sender = z.strictObject({
  account: accountRef,
  region: named(REGION),
  bus: Bus.default("default"),
  forwards: z.array(Forward).min(1),
});

export const TopologySchema = z.strictObject({
  $schema: z.string().optional(),
  name: named(TOPOLOGY_NAME).default("eventbridge").describe("name of the single stack; default eventbridge"),
  state: z
    .strictObject({
      layout: z
        .enum(["per-account", "single"], { error: 'the state layout is "per-account" or "single"' })
        .default("per-account")
        .describe("one stack per account, or one stack for everything"),
    })
    .default({ layout: "per-account" }),
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
export type TopologyBus = TopologyReceiver["bus"];

export function topologyJsonSchema(): object {
  return z.toJSONSchema(TopologySchema, { io: "input", target: "draft-2020-12" });
}
