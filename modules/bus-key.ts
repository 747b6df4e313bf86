import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AccountProvider } from "./account-provider";
import { accountRootArn } from "./arns";
import { PolicyStatement, policyDocument, renderPolicy } from "./policy-document";

/**
 * What a customer managed key's policy must let EventBridge do for one bus: generate and decrypt
 * data keys only for that bus (encryption context and aws:SourceArn), and describe the key.
 */
export function busKeyPolicyStatements(accountId: string, busArn: string): PolicyStatement[] {
  return [
    {
      Sid: "EventBridgeEncryptsTheBus",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId, "kms:EncryptionContext:aws:events:event-bus:arn": busArn },
        ArnEquals: { "aws:SourceArn": busArn },
      },
    },
    {
      Sid: "EventBridgeDescribesTheKey",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": busArn } },
    },
  ];
}

export interface BusKeyProps {
  /** Provider of the bus's account and region; no default. */
  readonly provider: AccountProvider;
  /** Name of the bus the key encrypts (its ARN is in the key policy); no default. */
  readonly busName: string;
  /** ARN of the bus; no default. */
  readonly busArn: string;
}

/**
 * A customer managed key for one bus, created with the statements EventBridge needs applied; the
 * account keeps administering it through IAM. Rotated yearly.
 */
export class BusKey extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: BusKeyProps) {
    super(scope, id);
    const key = new KmsKey(this, "default", {
      provider: props.provider.provider,
      description: `Encrypts the events of EventBridge bus ${props.busName}`,
      enableKeyRotation: true,
      policy: renderPolicy(
        policyDocument([
          {
            Sid: "AccountAdministersTheKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(props.provider.accountId, props.provider.region) },
            Action: "kms:*",
            Resource: "*",
          },
          ...busKeyPolicyStatements(props.provider.accountId, props.busArn),
        ]),
      ),
    });
    new KmsAlias(this, "alias", { provider: props.provider.provider, name: `alias/eventbridge-${props.busName}`, targetKeyId: key.keyId });
    this.arn = key.arn;
  }
}
