import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { EventBus } from "../../modules/event-bus";
import { ReceiverMatchingRule } from "../../modules/receiver-rule";
import { SenderForwarding } from "../../modules/sender-forwarding";
import { QueueDestination } from "../../modules/destinations/queue";
import { all, synthConstructs } from "../support/synth";

/**
 * A construct takes a reference to another resource wherever it takes a name or an ARN: cdktf
 * resolves it only at synthesis, so the rules skip it (AWS checks it at apply) instead of refusing
 * the placeholder text.
 */
describe("references from other resources", () => {
  test("names and ARNs that are references pass validation and reach Terraform as references", () => {
    const json = synthConstructs((scope, provider) => {
      const named = new SqsQueue(scope, "named-elsewhere", { provider: provider.provider, name: "names-come-from-here" });
      const central = new CloudwatchEventBus(scope, "central-elsewhere", { provider: provider.provider, name: "central" });
      const bus = new EventBus(scope, "bus", { provider, busName: named.name });
      const queue = new QueueDestination(scope, "queue", { provider, queueName: named.name, ruleArns: [central.arn] });
      new ReceiverMatchingRule(scope, "rule", {
        bus,
        ruleName: named.name,
        pattern: { source: ["com.example"] },
        senderAccountIds: ["111111111111"],
        targets: [{ id: "work", destination: queue }],
      });
      new SenderForwarding(scope, "forward", {
        bus,
        ruleName: "to-central",
        pattern: { source: ["com.example"] },
        receiverBusArns: [central.arn],
      });
    });
    const buses = all(json, "aws_cloudwatch_event_bus").map((resource) => resource.name);
    expect(buses).toContain("${aws_sqs_queue.named-elsewhere.name}");
    const rules = all(json, "aws_cloudwatch_event_rule").map((rule) => rule.name);
    expect(rules).toContain("${aws_sqs_queue.named-elsewhere.name}");
    const forward = all(json, "aws_cloudwatch_event_target").find(
      (target) => target.arn === "${aws_cloudwatch_event_bus.central-elsewhere.arn}",
    );
    expect(forward).toMatchObject({ target_id: "receiver-1", role_arn: expect.stringContaining("aws_iam_role.") });
  });

  test("literal values are still checked", () => {
    expect(() =>
      synthConstructs((scope, provider) => {
        new SenderForwarding(scope, "forward", {
          bus: new EventBus(scope, "bus", { provider }),
          ruleName: "bad name",
          pattern: { source: ["x"] },
          receiverBusArns: ["arn:aws:events:us-east-1:111111111111:event-bus/central"],
        });
      }),
    ).toThrow(/rule name is 1-64 characters/);
  });
});
