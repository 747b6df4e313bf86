import { EventBus } from "../../modules/event-bus";
import { QueueDestination } from "../../modules/destinations/queue";
import { ReceiverMatchingRule, ReceiverMatchingRuleProps } from "../../modules/receiver-rule";
import { only, synthConstructs } from "../support/synth";

function rule(props: Partial<ReceiverMatchingRuleProps> = {}) {
  return synthConstructs(
    (scope, provider) => {
      const bus = new EventBus(scope, "bus", { provider, busName: "central" });
      const queue = new QueueDestination(scope, "queue", {
        provider,
        queueName: "work",
        ruleArns: ["arn:aws:events:us-east-1:111111111111:rule/central/orders"],
      });
      new ReceiverMatchingRule(scope, "rule", {
        bus,
        ruleName: "orders",
        pattern: { source: ["com.example.orders"] },
        senderAccountIds: ["333333333333", "222222222222"],
        targets: [{ id: "work", destination: queue }],
        ...props,
      });
    },
    { accountId: "111111111111" },
  );
}

describe("ReceiverMatchingRule", () => {
  test("always filters on the sender accounts, sorted, ahead of the user's pattern", () => {
    const pattern = JSON.parse(only(rule(), "aws_cloudwatch_event_rule").event_pattern as string);
    expect(pattern).toEqual({ account: ["222222222222", "333333333333"], source: ["com.example.orders"] });
  });

  test("delivers to the destination once its policy exists", () => {
    const target = only(rule(), "aws_cloudwatch_event_target");
    expect(target).toMatchObject({
      arn: "arn:aws:sqs:us-east-1:111111111111:work",
      target_id: "work",
      event_bus_name: "${aws_cloudwatch_event_bus.bus.name}",
      depends_on: ["aws_sqs_queue_policy.queue_policy"],
    });
    expect(target.role_arn).toBeUndefined();
  });

  test("refuses a rule that would accept anybody or nothing", () => {
    expect(() => rule({ senderAccountIds: [] })).toThrow(/at least one sender account/);
    expect(() => rule({ senderAccountIds: ["*"] })).toThrow(/12 digits/);
    expect(() => rule({ pattern: { account: ["222222222222"] } })).toThrow(/leave the account filter out/);
    expect(() => rule({ targets: [] })).toThrow(/1 to 5 targets/);
    expect(() => rule({ ruleName: "has space" })).toThrow(/rule name/);
  });
});
