import { FunctionDestination } from "../../modules/destinations/function";
import { LogDeliveryPolicy, LogGroupDestination, buildLogDeliveryPolicy } from "../../modules/destinations/log-group";
import { QueueDestination } from "../../modules/destinations/queue";
import { TopicDestination } from "../../modules/destinations/topic";
import { all, only, synthConstructs } from "../support/synth";

const RULES = ["arn:aws:events:us-east-1:111111111111:rule/central/a", "arn:aws:events:us-east-1:111111111111:rule/central/b"];
const AT = { accountId: "111111111111" };

describe("delivery destinations", () => {
  test("a queue admits EventBridge only from the rules that deliver to it", () => {
    const json = synthConstructs((scope, provider) => {
      new QueueDestination(scope, "queue", { provider, queueName: "work", ruleArns: RULES });
    }, AT);
    expect(only(json, "aws_sqs_queue").sqs_managed_sse_enabled).toBe(true);
    const policy = only(json, "aws_sqs_queue_policy");
    expect(policy.queue_url).toBe("${aws_sqs_queue.queue.url}");
    expect(JSON.parse(policy.policy as string).Statement[0].Condition).toEqual({ ArnEquals: { "aws:SourceArn": RULES } });
  });

  test("a topic lets EventBridge publish with no condition, which SNS topic policies for EventBridge cannot hold", () => {
    const json = synthConstructs((scope, provider) => {
      new TopicDestination(scope, "topic", { provider, topicName: "alerts" });
    }, AT);
    const statement = JSON.parse(only(json, "aws_sns_topic_policy").policy as string).Statement[0];
    expect(statement).toEqual({
      Sid: "AllowEventBridge",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: "arn:aws:sns:us-east-1:111111111111:alerts",
    });
  });

  test("a function gets one invoke permission per rule, pinned to the rule and the account", () => {
    const json = synthConstructs((scope, provider) => {
      new FunctionDestination(scope, "fn", { provider, functionName: "sync", ruleArns: RULES });
    }, AT);
    const permissions = all(json, "aws_lambda_permission");
    expect(permissions.map((p) => [p.statement_id, p.source_arn, p.source_account, p.principal])).toEqual([
      ["AllowEventBridge-central_a", RULES[0], "111111111111", "events.amazonaws.com"],
      ["AllowEventBridge-central_b", RULES[1], "111111111111", "events.amazonaws.com"],
    ]);
  });

  test("log groups share one log resource policy per account and region, and targets wait for it", () => {
    const json = synthConstructs((scope, provider) => {
      const deliveryPolicy = new LogDeliveryPolicy(scope, "delivery", { provider, logGroupNames: ["/aws/events/a", "/aws/events/b"] });
      const a = new LogGroupDestination(scope, "a", { provider, logGroupName: "/aws/events/a", deliveryPolicy });
      new LogGroupDestination(scope, "b", { provider, logGroupName: "/aws/events/b", deliveryPolicy, retentionDays: 365 });
      expect(a.prerequisites).toContain(deliveryPolicy.resource);
    }, AT);
    expect(all(json, "aws_cloudwatch_log_group").map((g) => g.retention_in_days)).toEqual([30, 365]);
    const statement = JSON.parse(only(json, "aws_cloudwatch_log_resource_policy").policy_document as string).Statement[0];
    expect(statement).toMatchObject({
      Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [
        "arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/a:*",
        "arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/b:*",
      ],
    });
  });

  test("refuses names AWS refuses and a log policy over 5,120 characters", () => {
    expect(() =>
      synthConstructs((scope, provider) => new QueueDestination(scope, "q", { provider, queueName: "x.fifo", ruleArns: RULES })),
    ).toThrow(/FIFO/);
    expect(() => synthConstructs((scope, provider) => new TopicDestination(scope, "t", { provider, topicName: "a b" }))).toThrow(
      /SNS topic name/,
    );
    expect(() =>
      buildLogDeliveryPolicy(
        { accountId: "111111111111", region: "us-east-1" },
        Array.from({ length: 80 }, (_, i) => `/aws/events/group-${i}`),
      ),
    ).toThrow(/at most 5120/);
  });
});
