/** TopicDestination: a standard SNS topic EventBridge may publish to. */
import { Construct } from "constructs";
import { SnsTopic } from "../../framework/provider-aws/sns-topic";
import { SnsTopicPolicy } from "../../framework/provider-aws/sns-topic-policy";
import { AccountProvider } from "../account-provider";
import { topicArn } from "../arns";
import { TOPIC_NAME } from "../limits";
import { requireMatch } from "../validation";
import { renderPolicy } from "../policy-document";
import { DeliveryDestination, allowEventBridge } from "./destination";

export interface TopicDestinationProps {
  /** Provider of the account and region that owns the topic; no default. */
  readonly provider: AccountProvider;
  /** Name of the standard topic to create; no default. */
  readonly topicName: string;
}

/**
 * A standard SNS topic whose policy lets EventBridge publish. SNS topic policies for EventBridge
 * take no conditions (see allowEventBridge), so the grant cannot be narrowed to rules: keep the
 * topic for these events only.
 */
export class TopicDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly prerequisites: readonly SnsTopicPolicy[];

  constructor(scope: Construct, id: string, props: TopicDestinationProps) {
    super(scope, id);
    requireMatch("topicName", props.topicName, TOPIC_NAME);
    this.name = props.topicName;
    this.arn = topicArn(props.provider, props.topicName);
    const policy = allowEventBridge("sns:Publish", this.arn);
    const topic = new SnsTopic(this, "default", { provider: props.provider.provider, name: props.topicName });
    this.prerequisites = [
      new SnsTopicPolicy(this, "policy", {
        provider: props.provider.provider,
        arn: topic.arn,
        policy: renderPolicy(policy),
      }),
    ];
  }
}
