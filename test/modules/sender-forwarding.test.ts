import { EventBus } from "../../modules/event-bus";
import { SenderForwarding, SenderForwardingProps } from "../../modules/sender-forwarding";
import { all, only, synthConstructs } from "../support/synth";

const CENTRAL = "arn:aws:events:us-east-1:111111111111:event-bus/central";
const WEST = "arn:aws:events:us-west-2:444444444444:event-bus/default";

function forward(props: Partial<SenderForwardingProps> = {}, busName?: string) {
  return synthConstructs((scope, provider) => {
    const bus = new EventBus(scope, "bus", { provider, busName });
    new SenderForwarding(scope, "forward", {
      bus,
      ruleName: "orders-to-central",
      pattern: { source: ["com.example.orders"] },
      receiverBusArns: [CENTRAL],
      ...props,
    });
  });
}

describe("SenderForwarding", () => {
  const json = forward();

  test("trusts only events.amazonaws.com, for the sender account and this rule", () => {
    const trust = JSON.parse(only(json, "aws_iam_role").assume_role_policy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "222222222222" },
          ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:222222222222:rule/orders-to-central" },
        },
      },
    ]);
  });

  test("allows the role only events:PutEvents on the exact receiver bus, in a separate role policy", () => {
    const policy = only(json, "aws_iam_role_policy");
    expect(policy.role).toBe("${aws_iam_role.forward_role.name}");
    expect(JSON.parse(policy.policy as string).Statement).toEqual([
      { Sid: "PutEventsToReceiverBuses", Effect: "Allow", Action: "events:PutEvents", Resource: CENTRAL },
    ]);
    expect(only(json, "aws_iam_role").inline_policy).toBeUndefined();
  });

  test("forwards with the role, a 24 h / 185 attempt retry policy and a dead-letter queue", () => {
    const target = only(json, "aws_cloudwatch_event_target");
    expect(target).toMatchObject({
      arn: CENTRAL,
      role_arn: "${aws_iam_role.forward_role.arn}",
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: "${aws_sqs_queue.forward_dead-letter.arn}" },
    });
    expect(target.depends_on).toEqual(
      expect.arrayContaining(["aws_iam_role_policy.forward_put-events", "aws_sqs_queue_policy.forward_dead-letter_policy"]),
    );
  });

  test("keeps undeliverable events in a standard queue that admits only this rule", () => {
    const queue = only(json, "aws_sqs_queue");
    expect(queue.name).toBe("orders-to-central-dlq");
    expect(queue.fifo_queue).toBeUndefined();
    expect(queue.message_retention_seconds).toBe(1209600);
    const policy = JSON.parse(only(json, "aws_sqs_queue_policy").policy as string);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: "arn:aws:sqs:us-east-1:222222222222:orders-to-central-dlq",
      Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:222222222222:rule/orders-to-central" } },
    });
  });

  test("puts the rule and targets on a custom sender bus, with the bus in the rule ARN", () => {
    const custom = forward({}, "domain");
    expect(only(custom, "aws_cloudwatch_event_rule").event_bus_name).toBe("${aws_cloudwatch_event_bus.bus.name}");
    expect(only(custom, "aws_cloudwatch_event_target").event_bus_name).toBe("${aws_cloudwatch_event_bus.bus.name}");
    const trust = JSON.parse(only(custom, "aws_iam_role").assume_role_policy as string);
    expect(trust.Statement[0].Condition.ArnEquals["aws:SourceArn"]).toBe(
      "arn:aws:events:us-east-1:222222222222:rule/domain/orders-to-central",
    );
  });

  test("sends to several receivers with one target each and one role for all their buses", () => {
    const many = forward({ receiverBusArns: [CENTRAL, WEST] });
    expect(all(many, "aws_cloudwatch_event_target").map((t) => t.arn)).toEqual([CENTRAL, WEST]);
    expect(JSON.parse(only(many, "aws_iam_role_policy").policy as string).Statement[0].Resource).toEqual([CENTRAL, WEST]);
  });

  test("sends without a role only to a target that already exists, within one region", () => {
    expect(() => forward({ role: false })).toThrow(
      /since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target/,
    );
    expect(() => forward({ existingTarget: true })).toThrow(/existingTarget marks a role-less target/);
    const roleless = forward({ role: false, existingTarget: true });
    expect(all(roleless, "aws_iam_role")).toHaveLength(0);
    expect(only(roleless, "aws_cloudwatch_event_target").role_arn).toBeUndefined();
  });

  test("refuses what AWS would refuse or silently drop", () => {
    expect(() => forward({ role: false, existingTarget: true, receiverBusArns: [WEST] })).toThrow(/another region needs a sender role/);
    expect(() => forward({ receiverBusArns: ["arn:aws:events:us-east-1:222222222222:event-bus/own"] })).toThrow(/its own account/);
    expect(() => forward({ receiverBusArns: Array.from({ length: 6 }, (_, i) => `${CENTRAL}${i}`) })).toThrow(/1 to 5 targets/);
    expect(() => forward({ retry: { maximumEventAgeSeconds: 59 } })).toThrow(/60 to 86400/);
    expect(() => forward({ retry: { maximumRetryAttempts: 186 } })).toThrow(/0 to 185/);
    expect(() => forward({ role: { name: "r".repeat(65) } })).toThrow(/1-64 characters/);
    expect(() => forward({ pattern: { account: ["*"] } })).toThrow(/never holds "\*"/);
  });
});
