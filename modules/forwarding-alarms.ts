/** ForwardingAlarms: the alarms on a forward's failed and dead-lettered deliveries. */
import { Construct } from "constructs";
import { firstOccurrenceAlarm, checkAlarmTopic, waitingMessages } from "./alarm";
import { DEFAULT_BUS } from "./arns";
import { EventBus } from "./event-bus";

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
    checkAlarmTopic("topicArn", props.topicArn, at);
    // Metrics of the default bus carry only RuleName; those of a custom bus also EventBusName.
    const dimensions: Record<string, string> =
      props.bus.name === DEFAULT_BUS ? { RuleName: props.ruleName } : { EventBusName: props.bus.name, RuleName: props.ruleName };
    const ruleMetric = (metricName: string) => ({ namespace: "AWS/Events", metricName, statistic: "Sum", dimensions });
    const alarm = (suffix: string, description: string, metric: ReturnType<typeof ruleMetric>) =>
      firstOccurrenceAlarm(this, suffix, at, { name: `${props.ruleName}-${suffix}`, description, metric, topicArn: props.topicArn });
    this.alarmNames = [
      alarm(
        "failed-invocations",
        `EventBridge rule ${props.ruleName} failed to deliver events to a bus or target of another account`,
        ruleMetric("FailedInvocations"),
      ),
      alarm(
        "sent-to-dead-letter-queue",
        `EventBridge rule ${props.ruleName} moved undeliverable events to its dead-letter queue`,
        ruleMetric("InvocationsSentToDlq"),
      ),
      alarm(
        "failed-to-reach-dead-letter-queue",
        `EventBridge rule ${props.ruleName} lost events: they could not be moved to its dead-letter queue`,
        ruleMetric("InvocationsFailedToBeSentToDlq"),
      ),
      alarm(
        "dead-letter-messages",
        `Events wait in dead-letter queue ${props.deadLetterQueueName} of rule ${props.ruleName}`,
        waitingMessages(props.deadLetterQueueName),
      ),
    ];
  }
}
