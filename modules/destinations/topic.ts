/** TopicDestination: a standard SNS topic EventBridge may publish to. */
import { Construct } from "constructs";
import { SnsTopic } from "../../framework/provider-aws/sns-topic";
import { SnsTopicPolicy } from "../../framework/provider-aws/sns-topic-policy";
import { AccountProvider } from "../account-provider";
import { topicArn } from "../arns";
import { DIRECT_DELIVERY_ACTION, allowSenderRoles } from "../direct-delivery";
import { TOPIC_NAME } from "../limits";
import { requireMatch } from "../validation";
import { renderPolicy } from "../policy-document";
import { DeliveryDestination, allowEventBridge, destinationPolicy } from "./destination";
import { TargetKey } from "./target-key";

export interface TopicDestinationProps {
  /** Provider of the account and region that owns the topic; no default. */
  readonly provider: AccountProvider;
  /** Name of the standard topic to create; no default. */
  readonly topicName: string;
  /** Whether rules of the topic's own account deliver here (through the EventBridge service); default true. */
  readonly fromRules?: boolean;
  /** Roles of other accounts' forwarding rules that deliver here directly; default none. */
  readonly senderRoleArns?: readonly string[];
  /** Encrypt under a key of its own (TargetKey) that admits exactly those who deliver here; default false. */
  readonly createKey?: boolean;
}

const PUBLISH = DIRECT_DELIVERY_ACTION.topic;

/**
 * A standard SNS topic whose policy lets EventBridge publish for the account's own rules, and the
 * named sender roles publish directly. The statement for the EventBridge service takes no condition
 * (see allowEventBridge), so it cannot be narrowed to rules: keep the topic for these events only.
 */
export class TopicDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly prerequisites: readonly SnsTopicPolicy[];
  /** Alias of the topic's own key, when it has one. */
  readonly keyAlias?: string;

  constructor(scope: Construct, id: string, props: TopicDestinationProps) {
    super(scope, id);
    requireMatch("topicName", props.topicName, TOPIC_NAME);
    this.name = props.topicName;
    this.arn = topicArn(props.provider, props.topicName);
    const { fromRules = true, senderRoleArns = [] } = props;
    const policy = destinationPolicy([
      fromRules ? allowEventBridge(PUBLISH, this.arn) : undefined,
      senderRoleArns.length > 0 ? allowSenderRoles("senderRoleArns", PUBLISH, this.arn, senderRoleArns) : undefined,
    ]);
    const key = props.createKey
      ? new TargetKey(this, "key", { provider: props.provider, kind: "topic", targetName: props.topicName, fromRules, senderRoleArns })
      : undefined;
    this.keyAlias = key?.alias;
    const topic = new SnsTopic(this, "default", { provider: props.provider.provider, name: props.topicName, kmsMasterKeyId: key?.arn });
    this.prerequisites = [
      new SnsTopicPolicy(this, "policy", {
        provider: props.provider.provider,
        arn: topic.arn,
        policy: renderPolicy(policy),
      }),
    ];
  }
}
