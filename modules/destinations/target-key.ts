/** TargetKey: a customer managed key for a queue, topic or stream, admitting exactly those who deliver there. */
import { Construct } from "constructs";
import { KmsAlias } from "../../framework/provider-aws/kms-alias";
import { KmsKey } from "../../framework/provider-aws/kms-key";
import { AccountProvider } from "../account-provider";
import { accountRootArn, partitionOf } from "../arns";
import { EncryptedTargetKind, TARGET_KEY_USE, senderRolesPrincipal } from "../direct-delivery";
import { PolicyStatement, oneOrMany, policyDocument, renderPolicy } from "../policy-document";
import { targetKeyAlias } from "../names";

export interface TargetKeyProps {
  /** Provider of the target's account and region; no default. */
  readonly provider: AccountProvider;
  /** What the key encrypts; no default. */
  readonly kind: EncryptedTargetKind;
  /** Name of the queue, topic or stream, for the alias and description; no default. */
  readonly targetName: string;
  /** Whether rules of the account deliver to the target (through the EventBridge service); default false. */
  readonly fromRules?: boolean;
  /** Roles of other accounts that deliver to the target directly; default none. */
  readonly senderRoleArns?: readonly string[];
}

/**
 * A rotating customer managed key for one target, aliased "alias/eventbridge/target/<kind>/<name>" so
 * sender roles of other accounts can be allowed it before its ID exists. Its policy lets the account
 * administer it through IAM, EventBridge use it for the account's own rules (as the EventBridge user
 * guide's SQS and SNS permission examples grant it, without conditions), and each sender role use
 * it, only through the target's service.
 */
export class TargetKey extends Construct {
  readonly arn: string;
  readonly alias: string;

  constructor(scope: Construct, id: string, props: TargetKeyProps) {
    super(scope, id);
    const { provider, kind } = props;
    this.alias = targetKeyAlias(kind, props.targetName);
    const key = new KmsKey(this, "default", {
      provider: provider.provider,
      description: `Encrypts the messages of ${kind} ${props.targetName}, delivered to by EventBridge`,
      enableKeyRotation: true,
      policy: renderPolicy(policyDocument(targetKeyStatements(props))),
    });
    new KmsAlias(this, "alias", { provider: provider.provider, name: this.alias, targetKeyId: key.keyId });
    this.arn = key.arn;
  }
}

function targetKeyStatements({ provider, kind, fromRules = false, senderRoleArns = [] }: TargetKeyProps): PolicyStatement[] {
  const { actions, service } = TARGET_KEY_USE[kind];
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountAdministersTheKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(provider.accountId, provider.region) },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (fromRules) {
    statements.push({
      Sid: "EventBridgeRulesUseTheKey",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
    });
  }
  if (senderRoleArns.length > 0) {
    const { Principal, Condition } = senderRolesPrincipal(senderRoleArns, partitionOf(provider.region));
    statements.push({
      Sid: "SenderRolesUseTheKey",
      Effect: "Allow",
      Principal,
      Action: oneOrMany(actions),
      Resource: "*",
      Condition: { ...Condition, StringEquals: { "kms:ViaService": `${service}.${provider.region}.amazonaws.com` } },
    });
  }
  return statements;
}
