/** CloudWatch alarms that fire on the first occurrence, and the topics they may notify. */
import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "../framework/provider-aws/cloudwatch-metric-alarm";
import { AccountProvider } from "./account-provider";
import { InvalidInputError, SNS_TOPIC_ARN, SNS_TOPIC_ARN_RULE, alarmTopicProblem } from "./limits";

/** What an alarm watches. */
export interface WatchedMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly dimensions: Record<string, string>;
}

/** Alarm actions go to a topic of the alarm's own account and region: CloudWatch notifies no other. */
export function checkAlarmTopic(field: string, topicArn: string | undefined, at: AccountProvider): void {
  if (topicArn === undefined) return;
  if (!SNS_TOPIC_ARN.test(topicArn)) throw new InvalidInputError(field, topicArn, SNS_TOPIC_ARN_RULE);
  const problem = alarmTopicProblem(topicArn, at, "alarm");
  if (problem) throw new InvalidInputError(field, topicArn, problem);
}

/** An alarm that fires on the first occurrence in five minutes and tells the topic when it fires and clears. */
export function firstOccurrenceAlarm(
  scope: Construct,
  id: string,
  at: AccountProvider,
  alarm: { readonly name: string; readonly description: string; readonly metric: WatchedMetric; readonly topicArn?: string },
): string {
  const actions = alarm.topicArn ? { alarmActions: [alarm.topicArn], okActions: [alarm.topicArn] } : {};
  return new CloudwatchMetricAlarm(scope, id, {
    provider: at.provider,
    alarmName: alarm.name,
    alarmDescription: alarm.description,
    ...alarm.metric,
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...actions,
  }).alarmName;
}

/** Messages waiting in a dead-letter queue: events that were not delivered and wait for a replay. */
export const waitingMessages = (queueName: string): WatchedMetric => ({
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  statistic: "Maximum",
  dimensions: { QueueName: queueName },
});
