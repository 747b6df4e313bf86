import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DEFAULT_BUS } from "./arns";
import { EventBus } from "./event-bus";
import { InvalidInputError } from "./limits";

export interface ForwardingAlarmsProps {
  /** The sender's bus the forwarding rule is on; no default. */
  readonly bus: EventBus;
  /** Name of the forwarding rule; no default. */
  readonly ruleName: string;
  /** Name of the rule's dead-letter queue; no default. */
  readonly deadLetterQueueName: string;
  /** SNS topic (same account and region) told when an alarm fires and clears; default none (the alarms show in the console only). */
  readonly topicArn?: string;
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;

/**
 * Alarms that make lost deliveries visible, each firing on the first event: the forwarding rule
 * failing to deliver, events moved to its dead-letter queue, events that could not be moved there
 * (lost), and messages waiting in the queue. Metric definitions: EventBridge user guide, "Monitoring
 * Amazon EventBridge" (InvocationsSentToDlq and InvocationsFailedToBeSentToDlq count dead-letter
 * moves; DeadLetterInvocations counts targets not invoked, such as rule loops, and is not watched).
 */
export class ForwardingAlarms extends Construct {
  readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: ForwardingAlarmsProps) {
    super(scope, id);
    const at = props.bus.provider;
    if (props.topicArn !== undefined) {
      const topic = SNS_TOPIC_ARN.exec(props.topicArn);
      if (!topic) throw new InvalidInputError("topicArn", props.topicArn, "must be an SNS topic ARN");
      if (topic[1] !== at.region || topic[2] !== at.accountId) {
        throw new InvalidInputError("topicArn", props.topicArn, `alarm actions go to a topic in the rule's account ${at.accountId} and region ${at.region}`);
      }
    }
    const actions = props.topicArn ? { alarmActions: [props.topicArn], okActions: [props.topicArn] } : {};
    const ruleDimensions: Record<string, string> =
      props.bus.name === DEFAULT_BUS ? { RuleName: props.ruleName } : { EventBusName: props.bus.name, RuleName: props.ruleName };
    const alarm = (suffix: string, description: string, metric: { namespace: string; metricName: string; statistic: string; dimensions: Record<string, string> }) =>
      new CloudwatchMetricAlarm(this, suffix, {
        provider: at.provider,
        alarmName: `${props.ruleName}-${suffix}`,
        alarmDescription: description,
        ...metric,
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...actions,
      }).alarmName;
    this.alarmNames = [
      alarm("failed-invocations", `EventBridge rule ${props.ruleName} failed to deliver events to a receiver bus`, {
        namespace: "AWS/Events",
        metricName: "FailedInvocations",
        statistic: "Sum",
        dimensions: ruleDimensions,
      }),
      alarm("sent-to-dead-letter-queue", `EventBridge rule ${props.ruleName} moved undeliverable events to its dead-letter queue`, {
        namespace: "AWS/Events",
        metricName: "InvocationsSentToDlq",
        statistic: "Sum",
        dimensions: ruleDimensions,
      }),
      alarm("failed-to-reach-dead-letter-queue", `EventBridge rule ${props.ruleName} lost events: they could not be moved to its dead-letter queue`, {
        namespace: "AWS/Events",
        metricName: "InvocationsFailedToBeSentToDlq",
        statistic: "Sum",
        dimensions: ruleDimensions,
      }),
      alarm("dead-letter-messages", `Events wait in dead-letter queue ${props.deadLetterQueueName} of rule ${props.ruleName}`, {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        dimensions: { QueueName: props.deadLetterQueueName },
      }),
    ];
  }
}
