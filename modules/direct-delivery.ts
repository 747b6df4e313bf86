/** Direct delivery: the action a sender's role takes on a target of another account, and what that target admits. */
import { IAM_ROLE_ARN, Placement, functionArn, partitionOf, queueArn, roleAccount, streamArn, topicArn } from "./arns";
import { InvalidInputError, SENDER_ROLES_RULE } from "./limits";
import { PolicyStatement, oneOrMany } from "./policy-document";
import { isReference, requireMatch } from "./validation";

/**
 * Since January 2025 a rule delivers straight to these targets of another account in its region,
 * through an execution role of the rule's account; the target's resource policy admits that role
 * (EventBridge user guide, "Sending events to an AWS service in another account",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html). API
 * Gateway APIs are supported by AWS too, not yet here.
 */
export type DirectTargetKind = "queue" | "topic" | "function" | "stream";

/** The one action EventBridge takes on each kind of target when it delivers an event. */
export const DIRECT_DELIVERY_ACTION: Readonly<Record<DirectTargetKind, string>> = {
  queue: "sqs:SendMessage",
  topic: "sns:Publish",
  function: "lambda:InvokeFunction",
  stream: "kinesis:PutRecord",
};

/**
 * What whoever sends to an encrypted target must be allowed on its key, and the service that calls
 * KMS for them: a queue's producers kms:GenerateDataKey and kms:Decrypt (Amazon SQS developer guide,
 * "Key management"), a topic's publishers kms:GenerateDataKey* and kms:Decrypt (Amazon SNS developer
 * guide, "Data encryption", configuring AWS KMS permissions), a stream's producers
 * kms:GenerateDataKey (Kinesis Data Streams developer guide, "Permissions to use user-generated KMS
 * keys"). Functions are not encrypted here.
 */
export const TARGET_KEY_USE: Readonly<Record<Exclude<DirectTargetKind, "function">, { actions: string[]; service: string }>> = {
  queue: { actions: ["kms:GenerateDataKey", "kms:Decrypt"], service: "sqs" },
  topic: { actions: ["kms:GenerateDataKey*", "kms:Decrypt"], service: "sns" },
  stream: { actions: ["kms:GenerateDataKey"], service: "kinesis" },
};
export type EncryptedTargetKind = keyof typeof TARGET_KEY_USE;

/** A target in another account that a forwarding rule delivers to directly. */
export interface DirectTarget {
  /** What the target is, which decides the action its policy grants; no default. */
  readonly kind: DirectTargetKind;
  /** Its ARN; no default. */
  readonly arn: string;
  /** Alias of the customer managed key the target is encrypted with (queues, topics, streams); default none. */
  readonly keyAlias?: string;
}

/**
 * The resource-policy statement that lets exactly these sender roles take the action. The principal
 * is each role's account and aws:PrincipalArn names the roles: a policy that names a role as its
 * principal is refused until the role exists and stops matching when the role is recreated (IAM user
 * guide, "AWS JSON policy elements: Principal", IAM role principals), which would tie the receiver's
 * apply to the sender's. Roles given as references are named as the principal themselves.
 */
export function allowSenderRoles(field: string, action: string, resource: string, roleArns: readonly string[]): PolicyStatement {
  if (roleArns.length === 0) throw new InvalidInputError(field, roleArns, SENDER_ROLES_RULE);
  roleArns.forEach((arn, i) => {
    requireMatch(`${field}[${i}]`, arn, IAM_ROLE_ARN);
  });
  const { Principal, Condition } = senderRolesPrincipal(roleArns, partitionOf(resource.split(":")[3] ?? ""));
  return { Sid: "AllowSenderRoles", Effect: "Allow", Principal, Action: action, Resource: resource, ...(Condition ? { Condition } : {}) };
}

/** Who a statement for sender roles names: their accounts, narrowed by aws:PrincipalArn; references name themselves. */
export function senderRolesPrincipal(roleArns: readonly string[], partition: string): Pick<PolicyStatement, "Principal" | "Condition"> {
  if (roleArns.some(isReference)) return { Principal: { AWS: oneOrMany(roleArns) } };
  const accounts = [...new Set(roleArns.map(roleAccount))].map((accountId) => `arn:${partition}:iam::${accountId}:root`);
  return { Principal: { AWS: oneOrMany(accounts) }, Condition: { ArnEquals: { "aws:PrincipalArn": oneOrMany(roleArns) } } };
}

/** The sender role's statements: each action on exactly the targets of that kind, and the keys of encrypted targets. */
export function directDeliveryStatements(targets: readonly DirectTarget[]): PolicyStatement[] {
  const kinds = [...new Set(targets.map((target) => target.kind))];
  const actions = kinds.map((kind): PolicyStatement => ({
    Sid: DIRECT_DELIVERY_SID[kind],
    Effect: "Allow",
    Action: DIRECT_DELIVERY_ACTION[kind],
    Resource: oneOrMany(targets.filter((target) => target.kind === kind).map((target) => target.arn)),
  }));
  return [...actions, ...targetKeyStatements(targets)];
}

/**
 * The keys of encrypted targets, by alias: their IDs exist only once the receiver is applied, so the
 * role may use any key of the target's account and region that carries the target's alias
 * (kms:ResourceAliases; AWS KMS developer guide, "Use aliases to control access to KMS keys").
 */
function targetKeyStatements(targets: readonly DirectTarget[]): PolicyStatement[] {
  const encrypted = targets.filter((target) => target.keyAlias !== undefined && target.kind !== "function");
  return [...new Set(encrypted.map((target) => target.kind))].map((kind) => {
    const ofKind = encrypted.filter((target) => target.kind === kind);
    const keys = ofKind.map((target) => {
      const [, partition, , region, accountId] = target.arn.split(":");
      return `arn:${partition}:kms:${region}:${accountId}:key/*`;
    });
    return {
      Sid: `UseReceiver${kind[0].toUpperCase()}${kind.slice(1)}Keys`,
      Effect: "Allow",
      Action: oneOrMany(TARGET_KEY_USE[kind as EncryptedTargetKind].actions),
      Resource: oneOrMany([...new Set(keys)]),
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": oneOrMany(ofKind.map((target) => target.keyAlias as string)) } },
    };
  });
}

const DIRECT_DELIVERY_SID: Readonly<Record<DirectTargetKind, string>> = {
  queue: "SendToReceiverQueues",
  topic: "PublishToReceiverTopics",
  function: "InvokeReceiverFunctions",
  stream: "PutRecordsOnReceiverStreams",
};

const ARN_OF: Readonly<Record<DirectTargetKind, (at: Placement, name: string) => string>> = {
  queue: queueArn,
  topic: topicArn,
  function: functionArn,
  stream: streamArn,
};

/** The ARN of a queue, topic, function or stream from where it is and its name. */
export const directTargetArn = (at: Placement, kind: DirectTargetKind, name: string) => ARN_OF[kind](at, name);

export const isDirectTargetKind = (type: string): type is DirectTargetKind => type in DIRECT_DELIVERY_ACTION;
