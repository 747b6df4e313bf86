import { DirectTarget } from "../../modules/direct-delivery";
import { EventBus } from "../../modules/event-bus";
import { FunctionDestination } from "../../modules/destinations/function";
import { QueueDestination } from "../../modules/destinations/queue";
import { StreamDestination } from "../../modules/destinations/stream";
import { TopicDestination } from "../../modules/destinations/topic";
import { SenderForwarding, SenderForwardingProps } from "../../modules/sender-forwarding";
import { all, only, synthConstructs } from "../support/synth";

const QUEUE = "arn:aws:sqs:us-east-1:111111111111:findings";
const TOPIC = "arn:aws:sns:us-east-1:111111111111:alerts";
const FUNCTION = "arn:aws:lambda:us-east-1:111111111111:function:enrich";
const STREAM = "arn:aws:kinesis:us-east-1:111111111111:stream/audit";
const ROLE = "arn:aws:iam::222222222222:role/orders-findings-forwarder";
const OTHER_ROLE = "arn:aws:iam::333333333333:role/payments-findings-forwarder";

const TARGETS: DirectTarget[] = [
  { kind: "queue", arn: QUEUE },
  { kind: "topic", arn: TOPIC },
  { kind: "function", arn: FUNCTION },
  { kind: "stream", arn: STREAM },
];

function forward(props: Partial<SenderForwardingProps> = {}) {
  return synthConstructs((scope, provider) => {
    const bus = new EventBus(scope, "bus", { provider });
    new SenderForwarding(scope, "forward", {
      bus,
      ruleName: "orders-findings",
      pattern: { source: ["com.example.orders"] },
      directTargets: TARGETS,
      ...props,
    });
  });
}

const receiverSide = (build: Parameters<typeof synthConstructs>[0]) => synthConstructs(build, { accountId: "111111111111" });
const statementsOf = (resource: Record<string, unknown>) => JSON.parse(resource.policy as string).Statement;

describe("SenderForwarding with direct targets", () => {
  const json = forward();

  test("one target per direct target, each through the role, with retry and dead-letter queue", () => {
    const targets = all(json, "aws_cloudwatch_event_target");
    expect(targets.map((target) => [target.target_id, target.arn]).sort()).toEqual([
      ["111111111111-function-enrich", FUNCTION],
      ["111111111111-queue-findings", QUEUE],
      ["111111111111-stream-audit", STREAM],
      ["111111111111-topic-alerts", TOPIC],
    ]);
    for (const target of targets) {
      expect(target).toMatchObject({
        role_arn: "${aws_iam_role.forward_role.arn}",
        retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
        dead_letter_config: { arn: "${aws_sqs_queue.forward_dead-letter.arn}" },
      });
      expect(target.depends_on).toContain("aws_iam_role_policy.forward_direct-delivery");
    }
  });

  test("the role may take exactly each target's one action on exactly that target, and nothing else", () => {
    const policy = only(json, "aws_iam_role_policy");
    expect(policy.name).toBe("deliver-to-receiver-targets");
    expect(statementsOf(policy)).toEqual([
      { Sid: "SendToReceiverQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE },
      { Sid: "PublishToReceiverTopics", Effect: "Allow", Action: "sns:Publish", Resource: TOPIC },
      { Sid: "InvokeReceiverFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: FUNCTION },
      { Sid: "PutRecordsOnReceiverStreams", Effect: "Allow", Action: "kinesis:PutRecord", Resource: STREAM },
    ]);
  });

  test("a forward to buses and targets keeps one policy for each", () => {
    const mixed = forward({ receiverBusArns: ["arn:aws:events:us-east-1:111111111111:event-bus/central"], directTargets: [TARGETS[0]] });
    expect(all(mixed, "aws_iam_role_policy").map((policy) => policy.name)).toEqual([
      "deliver-to-receiver-targets",
      "put-events-to-receiver-buses",
    ]);
  });

  test.each([
    [
      "a target of the sender's own account",
      { kind: "queue", arn: "arn:aws:sqs:us-east-1:222222222222:own" },
      "directTargets[0].arn",
      "for a target in another account",
    ],
    [
      "a target in another region",
      { kind: "queue", arn: "arn:aws:sqs:eu-west-1:111111111111:far" },
      "directTargets[0].arn",
      "only in the same region",
    ],
    [
      "a log group",
      { kind: "logGroup", arn: "arn:aws:logs:us-east-1:111111111111:log-group:x" },
      "directTargets[0].kind",
      "not to log groups",
    ],
    [
      "an ARN that is no queue, topic, function or stream",
      { kind: "queue", arn: "arn:aws:s3:::bucket" },
      "directTargets[0].arn",
      "must be the ARN",
    ],
  ])("refuses %s, naming the field", (_name, target, field, rule) => {
    expect(() => forward({ directTargets: [target as DirectTarget] })).toThrow(
      new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: .*${rule}`),
    );
  });

  test("refuses a direct target without a role", () => {
    expect(() => forward({ role: false, existingTarget: true })).toThrow(/^role: false is invalid: direct delivery .* execution role/);
  });

  test("refuses more than 5 targets, buses and direct targets together", () => {
    const buses = ["a", "b"].map((name) => `arn:aws:events:us-east-1:111111111111:event-bus/${name}`);
    expect(() => forward({ receiverBusArns: buses })).toThrow(/1 to 5 targets/);
  });
});

describe("target policies that admit sender roles", () => {
  const admitting = (action: string, resource: string) => ({
    Sid: "AllowSenderRoles",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] },
    Action: action,
    Resource: resource,
    Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE, OTHER_ROLE] } },
  });

  test("a queue admits exactly the roles (their accounts, narrowed by aws:PrincipalArn) beside its rules", () => {
    const json = receiverSide((scope, provider) => {
      new QueueDestination(scope, "q", {
        provider,
        queueName: "findings",
        ruleArns: ["arn:aws:events:us-east-1:111111111111:rule/local"],
        senderRoleArns: [ROLE, OTHER_ROLE],
      });
    });
    const [rules, roles] = statementsOf(only(json, "aws_sqs_queue_policy"));
    expect(rules).toMatchObject({ Sid: "AllowEventBridgeRules", Principal: { Service: "events.amazonaws.com" } });
    expect(roles).toEqual(admitting("sqs:SendMessage", QUEUE));
  });

  test("a topic fed only directly grants the roles and not the EventBridge service", () => {
    const json = receiverSide((scope, provider) => {
      new TopicDestination(scope, "t", { provider, topicName: "alerts", fromRules: false, senderRoleArns: [ROLE, OTHER_ROLE] });
    });
    expect(statementsOf(only(json, "aws_sns_topic_policy"))).toEqual([admitting("sns:Publish", TOPIC)]);
  });

  test("a stream is on demand and its resource policy admits exactly the roles for kinesis:PutRecord", () => {
    const json = receiverSide((scope, provider) => {
      new StreamDestination(scope, "s", { provider, streamName: "audit", senderRoleArns: [ROLE, OTHER_ROLE] });
    });
    expect(only(json, "aws_kinesis_stream")).toMatchObject({ name: "audit", stream_mode_details: { stream_mode: "ON_DEMAND" } });
    const policy = only(json, "aws_kinesis_resource_policy");
    expect(policy.resource_arn).toBe("${aws_kinesis_stream.s.arn}");
    expect(statementsOf(policy)).toEqual([admitting("kinesis:PutRecord", STREAM)]);
  });

  test("a function gets one permission per role, with the role itself as principal and no service grant", () => {
    const json = receiverSide((scope, provider) => {
      new FunctionDestination(scope, "f", { provider, functionName: "enrich", senderRoleArns: [ROLE] });
    });
    expect(only(json, "aws_lambda_permission")).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: "enrich",
      principal: ROLE,
      statement_id: "AllowSenderRole-222222222222_role_orders-findings-forwarder",
    });
  });

  test("a destination that nobody delivers to, or a role that is not a role ARN, is refused", () => {
    expect(() => receiverSide((scope, provider) => void new QueueDestination(scope, "q", { provider, queueName: "x" }))).toThrow(
      /at least one receiver rule or sender role/,
    );
    expect(() =>
      receiverSide(
        (scope, provider) => void new StreamDestination(scope, "s", { provider, streamName: "x", senderRoleArns: ["222222222222"] }),
      ),
    ).toThrow(/^senderRoleArns\[0\]: .*IAM role ARN/);
  });
});

describe("encrypted targets", () => {
  const KEY_ALIAS = "alias/eventbridge/target/queue/findings";

  test("a queue with a key of its own: the key admits the rules' service and exactly the sender roles, through SQS only", () => {
    const json = receiverSide((scope, provider) => {
      new QueueDestination(scope, "q", {
        provider,
        queueName: "findings",
        ruleArns: ["arn:aws:events:us-east-1:111111111111:rule/local"],
        senderRoleArns: [ROLE],
        createKey: true,
      });
    });
    expect(only(json, "aws_sqs_queue")).toEqual(expect.objectContaining({ kms_master_key_id: "${aws_kms_key.q_key.arn}" }));
    expect(only(json, "aws_sqs_queue").sqs_managed_sse_enabled).toBeUndefined();
    expect(only(json, "aws_kms_alias")).toMatchObject({ name: KEY_ALIAS, target_key_id: "${aws_kms_key.q_key.key_id}" });
    const key = only(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    const [admin, rules, roles] = statementsOf(key);
    expect(admin).toMatchObject({ Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*" });
    expect(rules).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Decrypt"] });
    expect(roles).toEqual({
      Sid: "SenderRolesUseTheKey",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": ROLE }, StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } },
    });
  });

  test("a topic and a stream use their keys, each admitting its publishers' or producers' key actions", () => {
    const json = receiverSide((scope, provider) => {
      new TopicDestination(scope, "t", { provider, topicName: "alerts", fromRules: false, senderRoleArns: [ROLE], createKey: true });
      new StreamDestination(scope, "s", { provider, streamName: "audit.v1", senderRoleArns: [ROLE], createKey: true });
    });
    expect(only(json, "aws_sns_topic").kms_master_key_id).toBe("${aws_kms_key.t_key.arn}");
    expect(only(json, "aws_kinesis_stream")).toMatchObject({ encryption_type: "KMS", kms_key_id: "${aws_kms_key.s_key.arn}" });
    const keys = all(json, "aws_kms_key").map((key) =>
      statementsOf(key).find((statement: any) => statement.Sid === "SenderRolesUseTheKey"),
    );
    expect(keys.map((statement) => [statement.Action, statement.Condition.StringEquals["kms:ViaService"]])).toEqual([
      ["kms:GenerateDataKey", "kinesis.us-east-1.amazonaws.com"],
      [["kms:GenerateDataKey*", "kms:Decrypt"], "sns.us-east-1.amazonaws.com"],
    ]);
    expect(all(json, "aws_kms_alias").map((alias) => alias.name)).toEqual([
      "alias/eventbridge/target/stream/audit-v1",
      "alias/eventbridge/target/topic/alerts",
    ]);
  });

  test("the sender role may use an encrypted target's key, found by its alias in the target's account and region", () => {
    const json = forward({ directTargets: [{ kind: "queue", arn: QUEUE, keyAlias: KEY_ALIAS }, TARGETS[2]] });
    expect(statementsOf(only(json, "aws_iam_role_policy"))).toContainEqual({
      Sid: "UseReceiverQueueKeys",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "arn:aws:kms:us-east-1:111111111111:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": KEY_ALIAS } },
    });
    expect(statementsOf(only(forward(), "aws_iam_role_policy")).map((statement: any) => statement.Sid)).not.toContain(
      "UseReceiverQueueKeys",
    );
  });
});
