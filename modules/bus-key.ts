/** BusKey: a customer managed key for a bus, and the statements its policy needs. */
import { Construct } from "constructs";
import { KmsAlias } from "../framework/provider-aws/kms-alias";
import { KmsKey } from "../framework/provider-aws/kms-key";
import { AccountProvider } from "./account-provider";
import { accountRootArn, parseEventBusArn } from "./arns";
import { PolicyStatement, policyDocument, renderPolicy } from "./policy-document";

/**
 * What a customer managed key's policy must allow for one bus: EventBridge generates and decrypts
 * data keys only for that bus (encryption context and aws:SourceArn) and describes the key
 * (EventBridge user guide, "Authorizing EventBridge to use a customer managed key"); whoever runs
 * Terraform creates and updates the bus, its rules and targets, which EventBridge encrypts with the
 * key on that caller's behalf. The deployer is the role Terraform assumes, or the account (through IAM).
 */
export function busKeyPolicyStatements(accountId: string, busArn: string, deployerArn?: string): PolicyStatement[] {
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
    {
      Sid: "DeployerManagesTheEncryptedBus",
      Effect: "Allow",
      Principal: { AWS: deployerArn ?? accountRootArn(accountId, parseEventBusArn(busArn)?.region ?? "") },
      Action: ["kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*"],
      Resource: "*",
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
  /** Role Terraform assumes to manage the bus; default the account, through IAM. */
  readonly deployerArn?: string;
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
          ...busKeyPolicyStatements(props.provider.accountId, props.busArn, props.deployerArn),
        ]),
      ),
    });
    new KmsAlias(this, "alias", { provider: props.provider.provider, name: `alias/eventbridge-${props.busName}`, targetKeyId: key.keyId });
    this.arn = key.arn;
  }
}
