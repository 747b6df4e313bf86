/**
 * The floor `npm run bench` compares synthesis with: a bare cdktf program, provider classes by deep
 * import, writing the bench's sender stacks (the same ten resources and provider each) with app.synth().
 * It skips token stack traces as the app does, so the ratio measures our work, not that setting.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { skipTokenStackTraces } from "../framework/fast-synthesis";

const HUB_BUS = "arn:aws:events:us-east-1:100000000000:event-bus/hub-events";

/** The four alarms of a forwarding rule: metric, namespace, statistic and dimension. */
const ALARMS: [string, string, string, Record<string, string>][] = [
  ["FailedInvocations", "AWS/Events", "Sum", { RuleName: "to-hub" }],
  ["InvocationsSentToDlq", "AWS/Events", "Sum", { RuleName: "to-hub" }],
  ["InvocationsFailedToBeSentToDlq", "AWS/Events", "Sum", { RuleName: "to-hub" }],
  ["ApproximateNumberOfMessagesVisible", "AWS/SQS", "Maximum", { QueueName: "to-hub-dlq" }],
];

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

/** One sender account's stack: provider, rule, role and its policy, dead-letter queue and its policy, target, four alarms. */
function senderStack(app: App, index: number): void {
  const name = `sender-${index}`;
  const accountId = String(200_000_000_000 + index);
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
  const provider = new AwsProvider(stack, "aws", {
    alias: `sender_${index}_us_east_1`,
    region: "us-east-1",
    allowedAccountIds: [accountId],
    assumeRole: [{ roleArn: `arn:aws:iam::${accountId}:role/terraform-deployer` }],
  });
  const ruleArn = `arn:aws:events:us-east-1:${accountId}:rule/to-hub`;
  const rule = new CloudwatchEventRule(stack, "rule", { provider, name: "to-hub", eventPattern: '{"source":[{"prefix":"com.bench."}]}' });
  const role = new IamRole(stack, "role", {
    provider,
    name: "to-hub-forwarder",
    description: "EventBridge forwards events matched by rule to-hub to other accounts",
    assumeRolePolicy: policy({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": ruleArn } },
    }),
  });
  const putEvents = new IamRolePolicy(stack, "put-events", {
    provider,
    name: "put-events-to-receiver-buses",
    role: role.name,
    policy: policy({ Sid: "PutEventsToReceiverBuses", Effect: "Allow", Action: "events:PutEvents", Resource: HUB_BUS }),
  });
  const queue = new SqsQueue(stack, "dead-letter", {
    provider,
    name: "to-hub-dlq",
    messageRetentionSeconds: 1_209_600,
    sqsManagedSseEnabled: true,
  });
  const queuePolicy = new SqsQueuePolicy(stack, "dead-letter-policy", {
    provider,
    queueUrl: queue.url,
    policy: policy({
      Sid: "AllowEventBridgeRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: `arn:aws:sqs:us-east-1:${accountId}:to-hub-dlq`,
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    }),
  });
  new CloudwatchEventTarget(stack, "target", {
    provider,
    rule: rule.name,
    targetId: "100000000000-hub-events",
    arn: HUB_BUS,
    roleArn: role.arn,
    retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
    deadLetterConfig: { arn: queue.arn },
    dependsOn: [queuePolicy, putEvents],
  });
  for (const [metricName, namespace, statistic, dimensions] of ALARMS) {
    new CloudwatchMetricAlarm(stack, metricName, {
      provider,
      alarmName: `to-hub-${metricName}`,
      alarmDescription: `Alarm on ${metricName} of rule to-hub`,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
      metricName,
      namespace,
      period: 300,
      statistic,
      threshold: 0,
      treatMissingData: "notBreaching",
      dimensions,
    });
  }
}

/** `node --import tsx scripts/bench-floor.ts <senders> <outdir>`: synthesizes the sender stacks into outdir. */
if (require.main === module) {
  skipTokenStackTraces();
  const [senders, outdir] = process.argv.slice(2);
  const app = new App({ outdir, stackTraces: false });
  for (let index = 1; index <= Number(senders); index++) senderStack(app, index);
  app.synth();
}
