/** QueueDestination: a standard SQS queue that admits only its rules and sender roles. */
import { Construct } from "constructs";
import { SqsQueue } from "../../framework/provider-aws/sqs-queue";
import { SqsQueuePolicy } from "../../framework/provider-aws/sqs-queue-policy";
import { AccountProvider } from "../account-provider";
import { queueArn } from "../arns";
import { DIRECT_DELIVERY_ACTION, allowSenderRoles } from "../direct-delivery";
import { QUEUE_NAME } from "../limits";
import { requireMatch } from "../validation";
import { renderPolicy } from "../policy-document";
import { DeliveryDestination, allowOnlyRules, destinationPolicy } from "./destination";
import { TargetKey } from "./target-key";

export interface QueueDestinationProps {
  /** Provider of the account and region that owns the queue; no default. */
  readonly provider: AccountProvider;
  /** Name of the standard queue to create; no default. */
  readonly queueName: string;
  /** Rules allowed to send to the queue, or the bus of a bus's dead-letter queue (aws:SourceArn); default none. */
  readonly ruleArns?: readonly string[];
  /** Roles of other accounts' forwarding rules that deliver here directly; default none. */
  readonly senderRoleArns?: readonly string[];
  /** Encrypt under a key of its own (TargetKey) that admits exactly those who deliver here; default false. */
  readonly createKey?: boolean;
  /** Seconds a message is kept; default 4 days (the SQS default). */
  readonly messageRetentionSeconds?: number;
}

const SEND = DIRECT_DELIVERY_ACTION.queue;

/**
 * A standard SQS queue with a queue policy that lets only the named rules and sender roles send to
 * it (at least one of them). Also the sender side's dead-letter queue, which EventBridge fills the
 * same way. SQS-managed encryption (SSE-SQS) needs no key permission from any sender, so senders of
 * other accounts can deliver (a queue under an AWS managed KMS key could not take them); a key of
 * its own admits each of them explicitly.
 */
export class QueueDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly queue: SqsQueue;
  readonly prerequisites: readonly SqsQueuePolicy[];
  /** Alias of the queue's own key, when it has one. */
  readonly keyAlias?: string;

  constructor(scope: Construct, id: string, props: QueueDestinationProps) {
    super(scope, id);
    requireMatch("queueName", props.queueName, QUEUE_NAME);
    this.name = props.queueName;
    this.arn = queueArn(props.provider, props.queueName);
    const { ruleArns = [], senderRoleArns = [] } = props;
    const policy = destinationPolicy([
      ruleArns.length > 0 ? allowOnlyRules(SEND, this.arn, ruleArns) : undefined,
      senderRoleArns.length > 0 ? allowSenderRoles("senderRoleArns", SEND, this.arn, senderRoleArns) : undefined,
    ]);
    const key = props.createKey
      ? new TargetKey(this, "key", {
          provider: props.provider,
          kind: "queue",
          targetName: props.queueName,
          fromRules: ruleArns.length > 0,
          senderRoleArns,
        })
      : undefined;
    this.keyAlias = key?.alias;
    this.queue = new SqsQueue(this, "default", {
      provider: props.provider.provider,
      name: props.queueName,
      ...(key ? { kmsMasterKeyId: key.arn } : { sqsManagedSseEnabled: true }),
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
