/** StreamDestination: an on-demand Kinesis data stream that sender roles of other accounts put records on. */
import { Construct } from "constructs";
import { KinesisResourcePolicy } from "../../framework/provider-aws/kinesis-resource-policy";
import { KinesisStream } from "../../framework/provider-aws/kinesis-stream";
import { AccountProvider } from "../account-provider";
import { streamArn } from "../arns";
import { DIRECT_DELIVERY_ACTION, allowSenderRoles } from "../direct-delivery";
import { STREAM_NAME } from "../limits";
import { policyDocument, renderPolicy } from "../policy-document";
import { requireMatch } from "../validation";
import { DeliveryDestination } from "./destination";

export interface StreamDestinationProps {
  /** Provider of the account and region that owns the stream; no default. */
  readonly provider: AccountProvider;
  /** Name of the stream to create; no default. */
  readonly streamName: string;
  /** Roles of other accounts' forwarding rules that put records on it directly; no default, at least one. */
  readonly senderRoleArns: readonly string[];
}

/**
 * An on-demand Kinesis data stream (no shards to size) whose resource policy lets only the named
 * sender roles put records. EventBridge reaches a stream only through a role, and a rule of the
 * stream's own account would need one of that account, so streams here are direct-delivery targets.
 * The stream is not encrypted at rest: Kinesis encryption under the AWS managed key admits no other
 * account, and a customer managed key is the user's to add.
 */
export class StreamDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly prerequisites: readonly KinesisResourcePolicy[];

  constructor(scope: Construct, id: string, props: StreamDestinationProps) {
    super(scope, id);
    requireMatch("streamName", props.streamName, STREAM_NAME);
    this.name = props.streamName;
    this.arn = streamArn(props.provider, props.streamName);
    const statement = allowSenderRoles("senderRoleArns", DIRECT_DELIVERY_ACTION.stream, this.arn, props.senderRoleArns);
    const stream = new KinesisStream(this, "default", {
      provider: props.provider.provider,
      name: props.streamName,
      streamModeDetails: { streamMode: "ON_DEMAND" },
    });
    this.prerequisites = [
      new KinesisResourcePolicy(this, "policy", {
        provider: props.provider.provider,
        resourceArn: stream.arn,
        policy: renderPolicy(policyDocument([statement])),
      }),
    ];
  }
}
