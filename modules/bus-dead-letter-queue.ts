/** BusDeadLetterQueue: the dead-letter queue of a bus with a customer managed key. */
import { Construct } from "constructs";
import { AccountProvider } from "./account-provider";
import { checkAlarmTopic, firstOccurrenceAlarm, waitingMessages } from "./alarm";
import { DEAD_LETTER_RETENTION_SECONDS } from "./limits";
import { QueueDestination } from "./destinations/queue";

export interface BusDeadLetterQueueProps {
  /** Provider of the bus's account and region; no default. */
  readonly provider: AccountProvider;
  /** ARN of the bus whose undeliverable events the queue keeps; no default. */
  readonly busArn: string;
  /** Name of the standard queue to create; no default. */
  readonly queueName: string;
  /** Alarm on messages waiting in the queue, telling this SNS topic (same account and region) if set; default no alarm. */
  readonly alarm?: { readonly topicArn?: string } | false;
}

/**
 * The dead-letter queue of a bus: where EventBridge puts events it cannot encrypt or decrypt on the
 * bus (a disabled key, a key policy not applied), which are otherwise dropped. AWS strongly
 * recommends one for every bus with a customer managed key (EventBridge user guide, "Using
 * dead-letter queues to capture encrypted event errors"). Only that bus may send to it.
 */
export class BusDeadLetterQueue extends Construct {
  readonly arn: string;
  readonly name: string;
  readonly queue: QueueDestination;

  constructor(scope: Construct, id: string, props: BusDeadLetterQueueProps) {
    super(scope, id);
    if (props.alarm) checkAlarmTopic("alarm.topicArn", props.alarm.topicArn, props.provider);
    this.queue = new QueueDestination(this, "queue", {
      provider: props.provider,
      queueName: props.queueName,
      ruleArns: [props.busArn],
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    this.arn = this.queue.arn;
    this.name = this.queue.name;
    if (props.alarm) {
      firstOccurrenceAlarm(this, "messages", props.provider, {
        name: `${props.queueName}-messages`,
        description: `Events the bus could not encrypt or decrypt wait in dead-letter queue ${props.queueName}`,
        metric: waitingMessages(props.queueName),
        topicArn: props.alarm.topicArn,
      });
    }
  }
}
