import { BusArchive } from "../../modules/bus-archive";
import { BusDeadLetterQueue } from "../../modules/bus-dead-letter-queue";
import { BusKey, busKeyPolicyStatements } from "../../modules/bus-key";
import { EventBus } from "../../modules/event-bus";
import { ForwardingAlarms } from "../../modules/forwarding-alarms";
import { only, synthConstructs, testingApp } from "../support/synth";
import { TerraformStack, Testing } from "cdktf";
import { AccountProvider } from "../../modules/account-provider";

describe("BusArchive", () => {
  test("archives a custom bus by reference, with retention and an optional validated pattern", () => {
    const json = synthConstructs(
      (scope, provider) => {
        const bus = new EventBus(scope, "bus", { provider, busName: "central" });
        const archive = new BusArchive(scope, "archive", { bus, retentionDays: 30, pattern: { source: ["com.example.orders"] } });
        expect(archive.arn).toBe("arn:aws:events:us-east-1:111111111111:archive/central-archive");
      },
      { accountId: "111111111111" },
    );
    expect(only(json, "aws_cloudwatch_event_archive")).toMatchObject({
      name: "central-archive",
      event_source_arn: "${aws_cloudwatch_event_bus.bus.arn}",
      retention_days: 30,
      event_pattern: '{"source":["com.example.orders"]}',
    });
  });

  test("archives the default bus by its ARN, and refuses bad names, retention and patterns", () => {
    const json = synthConstructs(
      (scope, provider) => new BusArchive(scope, "archive", { bus: new EventBus(scope, "bus", { provider }), retentionDays: 0 }),
      { accountId: "111111111111" },
    );
    expect(only(json, "aws_cloudwatch_event_archive").event_source_arn).toBe("arn:aws:events:us-east-1:111111111111:event-bus/default");
    const archive = (props: Partial<ConstructorParameters<typeof BusArchive>[2]>) =>
      synthConstructs(
        (scope, provider) =>
          new BusArchive(scope, "archive", {
            bus: new EventBus(scope, "bus", { provider, busName: "b".repeat(41) }),
            retentionDays: 1,
            ...props,
          }),
      );
    expect(() => archive({})).toThrow(/derived from the bus name; set it/);
    expect(() => archive({ name: "ok", retentionDays: -1 })).toThrow(/0 keeps events indefinitely/);
    expect(() => archive({ name: "ok", pattern: { source: [{ prefx: "x" }] } })).toThrow(/EventBridge would reject this pattern/);
  });
});

describe("tags", () => {
  const provider = (tags: Record<string, string>) => {
    const stack = new TerraformStack(testingApp(), "test");
    new AccountProvider(stack, "p", {
      accountName: "a",
      accountId: "111111111111",
      region: "us-east-1",
      credentials: { profile: "a" },
      tags,
    });
    return JSON.parse(Testing.synth(stack)).provider.aws[0];
  };

  test("go on every taggable resource through the provider's default_tags", () => {
    expect(provider({ team: "platform" }).default_tags).toEqual([{ tags: { team: "platform" } }]);
    expect(provider({}).default_tags).toBeUndefined();
  });

  test("refuse reserved or malformed keys and values", () => {
    expect(() => provider({ "aws:owner": "x" })).toThrow(/does not start with aws:/);
    expect(() => provider({ team: "x".repeat(257) })).toThrow(/at most 256/);
    expect(() => provider(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])))).toThrow(/at most 50 tags/);
  });
});

describe("bus encryption", () => {
  test("a created key carries the statements EventBridge needs, pinned to the bus, and rotates", () => {
    const json = synthConstructs(
      (scope, provider) => {
        const key = new BusKey(scope, "key", {
          provider,
          busName: "central",
          busArn: "arn:aws:events:us-east-1:111111111111:event-bus/central",
        });
        new EventBus(scope, "bus", { provider, busName: "central", kmsKeyArn: key.arn });
      },
      { accountId: "111111111111" },
    );
    const key = only(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    const statements = JSON.parse(key.policy as string).Statement;
    expect(statements[1]).toEqual({
      Sid: "EventBridgeEncryptsTheBus",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "aws:SourceAccount": "111111111111",
          "kms:EncryptionContext:aws:events:event-bus:arn": "arn:aws:events:us-east-1:111111111111:event-bus/central",
        },
        ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:111111111111:event-bus/central" },
      },
    });
    expect(statements[2].Action).toBe("kms:DescribeKey");
    expect(only(json, "aws_cloudwatch_event_bus").kms_key_identifier).toBe("${aws_kms_key.key.arn}");
    expect(only(json, "aws_kms_alias").name).toBe("alias/eventbridge-central");
  });

  test("refuses a key on the adopted default bus", () => {
    expect(() =>
      synthConstructs(
        (scope, provider) => new EventBus(scope, "bus", { provider, kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/abc" }),
      ),
    ).toThrow(/use a custom bus/);
  });

  test("the key statements let the deploying role (or, without one, the account through IAM) manage the encrypted bus", () => {
    const bus = "arn:aws:events:us-east-1:222222222222:event-bus/b";
    const deployer = "arn:aws:iam::222222222222:role/terraform-deployer";
    const statements = busKeyPolicyStatements("222222222222", bus, deployer);
    expect(statements.map((statement) => statement.Sid)).toEqual([
      "EventBridgeEncryptsTheBus",
      "EventBridgeDescribesTheKey",
      "DeployerManagesTheEncryptedBus",
    ]);
    expect(statements[2]).toEqual({
      Sid: "DeployerManagesTheEncryptedBus",
      Effect: "Allow",
      Principal: { AWS: deployer },
      Action: ["kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*"],
      Resource: "*",
    });
    expect(busKeyPolicyStatements("222222222222", bus)[2].Principal).toEqual({ AWS: "arn:aws:iam::222222222222:root" });
  });

  test("a bus dead-letter queue admits only its bus, is set on the bus, and is watched", () => {
    const busArn = "arn:aws:events:us-east-1:111111111111:event-bus/central";
    const json = synthConstructs(
      (scope, provider) => {
        const queue = new BusDeadLetterQueue(scope, "dlq", {
          provider,
          busArn,
          queueName: "central-bus-dlq",
          alarm: { topicArn: "arn:aws:sns:us-east-1:111111111111:alerts" },
        });
        new EventBus(scope, "bus", { provider, busName: "central", deadLetterQueueArn: queue.queue.queue.arn });
      },
      { accountId: "111111111111" },
    );
    expect(only(json, "aws_cloudwatch_event_bus").dead_letter_config).toEqual({ arn: "${aws_sqs_queue.dlq_queue.arn}" });
    const statement = JSON.parse(only(json, "aws_sqs_queue_policy").policy as string).Statement[0];
    expect(statement).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Condition: { ArnEquals: { "aws:SourceArn": busArn } },
    });
    expect(only(json, "aws_cloudwatch_metric_alarm")).toMatchObject({
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "central-bus-dlq" },
      alarm_actions: ["arn:aws:sns:us-east-1:111111111111:alerts"],
    });
    expect(() =>
      synthConstructs(
        (scope, provider) => new EventBus(scope, "bus", { provider, deadLetterQueueArn: "arn:aws:sqs:us-east-1:111111111111:q" }),
      ),
    ).toThrow(/use a custom bus/);
  });
});

describe("ForwardingAlarms", () => {
  const alarms = (busName: string | undefined, topicArn?: string) =>
    synthConstructs((scope, provider) => {
      new ForwardingAlarms(scope, "alarms", {
        bus: new EventBus(scope, "bus", { provider, busName }),
        ruleName: "orders-to-central",
        deadLetterQueueName: "orders-to-central-dlq",
        topicArn,
      });
    });

  test("alarm on failed invocations, on events moved or failing to move to the dead-letter queue, and on waiting dead letters", () => {
    const json = alarms("domain", "arn:aws:sns:us-east-1:222222222222:alerts");
    const byName = Object.fromEntries(Object.values(json.resource.aws_cloudwatch_metric_alarm).map((alarm) => [alarm.alarm_name, alarm]));
    expect(Object.keys(byName).sort()).toEqual([
      "orders-to-central-dead-letter-messages",
      "orders-to-central-failed-invocations",
      "orders-to-central-failed-to-reach-dead-letter-queue",
      "orders-to-central-sent-to-dead-letter-queue",
    ]);
    expect(Object.values(byName).map((alarm) => (alarm as { metric_name: string }).metric_name)).not.toContain("DeadLetterInvocations");
    for (const [name, metric] of [
      ["orders-to-central-sent-to-dead-letter-queue", "InvocationsSentToDlq"],
      ["orders-to-central-failed-to-reach-dead-letter-queue", "InvocationsFailedToBeSentToDlq"],
    ]) {
      expect(byName[name]).toMatchObject({
        namespace: "AWS/Events",
        metric_name: metric,
        dimensions: { EventBusName: "domain", RuleName: "orders-to-central" },
        statistic: "Sum",
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
      });
    }
    expect(byName["orders-to-central-failed-invocations"]).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "FailedInvocations",
      dimensions: { EventBusName: "domain", RuleName: "orders-to-central" },
      statistic: "Sum",
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
      alarm_actions: ["arn:aws:sns:us-east-1:222222222222:alerts"],
      ok_actions: ["arn:aws:sns:us-east-1:222222222222:alerts"],
    });
    expect(byName["orders-to-central-dead-letter-messages"]).toMatchObject({
      namespace: "AWS/SQS",
      dimensions: { QueueName: "orders-to-central-dlq" },
      statistic: "Maximum",
    });
  });

  test("name only the rule on the default bus, and refuse a topic of another account or region", () => {
    const json = alarms(undefined);
    for (const alarm of Object.values(json.resource.aws_cloudwatch_metric_alarm).filter(
      (candidate) => candidate.namespace === "AWS/Events",
    )) {
      expect(alarm.dimensions).toEqual({ RuleName: "orders-to-central" });
      expect(alarm.alarm_actions).toBeUndefined();
    }
    expect(() => alarms(undefined, "arn:aws:sns:eu-west-1:222222222222:alerts")).toThrow(/account 222222222222 and region us-east-1/);
  });
});
