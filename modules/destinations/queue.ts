/** QueueDestination: a standard SQS queue that admits only its rules. */
import { Construct } from "constructs";
import { SqsQueue } from "../../framework/provider-aws/sqs-queue";
import { SqsQueuePolicy } from "../../framework/provider-aws/sqs-queue-policy";
import { AccountProvider } from "../account-provider";
import { queueArn } from "../arns";
import { QUEUE_NAME } from "../limits";
import { requireMatch } from "../validation";
import { renderPolicy } from "../policy-document";
import { DeliveryDestination, allowOnlyRules } from "./destination";

export interface QueueDestinationProps {
  /** Provider of the account and region that owns the queue; no default. */
  readonly provider: AccountProvider;
  /** Name of the standard queue to create; no default. */
  readonly queueName: string;
  /** Rules allowed to send to the queue, or the bus of a bus's dead-letter queue (aws:SourceArn); no default, at least one. */
  readonly ruleArns: readonly string[];
  /** Seconds a message is kept; default 4 days (the SQS default). */
  readonly messageRetentionSeconds?: number;
}

/**
 * A standard SQS queue with a queue policy that lets only the named rules send to it.
 * Also the sender side's dead-letter queue, which EventBridge fills the same way.
 */
export class QueueDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly queue: SqsQueue;
  readonly prerequisites: readonly SqsQueuePolicy[];

  constructor(scope: Construct, id: string, props: QueueDestinationProps) {
    super(scope, id);
    requireMatch("queueName", props.queueName, QUEUE_NAME);
    this.name = props.queueName;
    this.arn = queueArn(props.provider, props.queueName);
    const policy = allowOnlyRules("sqs:SendMessage", this.arn, props.ruleArns);
    this.queue = new SqsQueue(this, "default", {
      provider: props.provider.provider,
      name: props.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: props.messageRetentionSeconds,
    });
    this.prerequisites = [
      new SqsQueuePolicy(this, "policy", {
        provider: props.provider.provider,
        queueUrl: this.queue.url,
        policy: renderPolicy(policy),
      }),
    ];
  }
}
