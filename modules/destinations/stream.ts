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
import { TargetKey } from "./target-key";

export interface StreamDestinationProps {
  /** Provider of the account and region that owns the stream; no default. */
  readonly provider: AccountProvider;
  /** Name of the stream to create; no default. */
  readonly streamName: string;
  /** Roles of other accounts' forwarding rules that put records on it directly; no default, at least one. */
  readonly senderRoleArns: readonly string[];
  /** Encrypt under a key of its own (TargetKey) that admits exactly those who deliver here; default false. */
  readonly createKey?: boolean;
}

/**
 * An on-demand Kinesis data stream (no shards to size) whose resource policy lets only the named
 * sender roles put records. EventBridge reaches a stream only through a role, and a rule of the
 * stream's own account would need one of that account, so streams here are direct-delivery targets.
 * Kinesis encryption under the AWS managed key admits no other account, so the stream is encrypted
 * only under a key of its own (createKey), which admits the sender roles.
 */
export class StreamDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly prerequisites: readonly KinesisResourcePolicy[];
  /** Alias of the stream's own key, when it has one. */
  readonly keyAlias?: string;

  constructor(scope: Construct, id: string, props: StreamDestinationProps) {
    super(scope, id);
    requireMatch("streamName", props.streamName, STREAM_NAME);
    this.name = props.streamName;
    this.arn = streamArn(props.provider, props.streamName);
    const statement = allowSenderRoles("senderRoleArns", DIRECT_DELIVERY_ACTION.stream, this.arn, props.senderRoleArns);
    const key = props.createKey
      ? new TargetKey(this, "key", {
          provider: props.provider,
          kind: "stream",
          targetName: props.streamName,
          senderRoleArns: props.senderRoleArns,
        })
      : undefined;
    this.keyAlias = key?.alias;
    const stream = new KinesisStream(this, "default", {
      provider: props.provider.provider,
      name: props.streamName,
      ...(key ? { encryptionType: "KMS", kmsKeyId: key.arn } : {}),
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
