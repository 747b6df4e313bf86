/** The types of a resolved topology, and how a field path is printed. */
import { AccountCredentials } from "../modules/account-provider";
import { Placement } from "../modules/arns";
import { EventPattern } from "../modules/event-pattern";
import { DirectTargetKind } from "../modules/direct-delivery";
import { VerbatimStatement } from "../modules/policy-document";
import { BusGrant } from "../modules/receiver-bus-policy";
import { RetryPolicy } from "../modules/sender-forwarding";
import { Topology, TopologyBackend, TopologyTarget } from "./schema";

/** A topology after resolution: every reference followed, every derived name and filter known. */
export type FieldPath = readonly (string | number)[];

/** One broken rule of the input: where, what was there, and the rule. */
export interface Problem {
  readonly path: FieldPath;
  readonly value: unknown;
  readonly rule: string;
  /** The rule already shows the value (a pattern's reasons, a JSON syntax error): the message does not repeat it. */
  readonly quoted?: boolean;
}

export interface ResolvedAccount {
  readonly name: string;
  readonly id: string;
  readonly organization?: string;
  readonly credentials: AccountCredentials;
  /** The topology's tags with the account's own over them. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface ResolvedTarget {
  readonly id: string;
  readonly type: TopologyTarget["type"];
  readonly name: string;
  readonly retentionDays?: number;
  /** A key of its own (queues, topics, streams). */
  readonly encryption?: { readonly createKey: true };
  /** Every receiver rule that delivers here: the target's policy admits exactly these. */
  readonly ruleArns: string[];
  /** Every sender role that delivers here directly from another account: the target's policy admits exactly these. */
  readonly senderRoleArns: string[];
}

/** A target of another account that a forward delivers to straight from the sender's rule. */
export interface ResolvedDirectTarget {
  readonly receiver: ResolvedReceiver;
  readonly target: ResolvedTarget & { readonly type: DirectTargetKind };
  readonly arn: string;
  /** Alias of the target's own key, which the sender role may use. */
  readonly keyAlias?: string;
}

export interface ResolvedReceiverRule {
  readonly name: string;
  readonly description?: string;
  readonly pattern: EventPattern;
  readonly senderAccountIds: string[];
  readonly targetIds: string[];
  readonly arn: string;
}

export interface ResolvedReceiver extends Placement {
  readonly name: string;
  readonly account: ResolvedAccount;
  readonly busName: string;
  readonly busArn: string;
  readonly allowEverybody: boolean;
  readonly grants: BusGrant[];
  /** What `aws events describe-event-bus` showed of the adopted bus's policy (existingPolicy); absent when not shown. */
  readonly existingPolicy?: {
    /** Its statements as described: those not ours are kept unchanged before ours. */
    readonly statements: readonly VerbatimStatement[];
    /** Whether the bus had a policy: only then is it imported (a policy that does not exist cannot be). */
    readonly imported: boolean;
  };
  readonly targets: ResolvedTarget[];
  readonly rules: ResolvedReceiverRule[];
  readonly archive?: { readonly name: string; readonly retentionDays: number; readonly pattern?: EventPattern };
  readonly encryption?: { readonly keyArn: string } | { readonly createKey: true };
  /** The bus's own dead-letter queue, for events it cannot encrypt or decrypt. */
  readonly deadLetterQueue?: { readonly name: string };
  /** Where the alarm on the bus's dead-letter queue goes, or false when alarms are off. */
  readonly alarms: { readonly topicArn?: string } | false;
}

export interface ResolvedForward {
  readonly name: string;
  readonly description?: string;
  readonly pattern: EventPattern;
  readonly arn: string;
  readonly receivers: ResolvedReceiver[];
  /** Targets of other accounts delivered to directly, through the role. */
  readonly directTargets: ResolvedDirectTarget[];
  readonly role: { readonly name: string } | false;
  /** The role-less target already exists (created before AWS required a role). */
  readonly existingTarget: boolean;
  readonly retry: Required<RetryPolicy>;
  readonly deadLetterQueueName: string;
}

export interface ResolvedSender extends Placement {
  readonly account: ResolvedAccount;
  readonly busName: string;
  readonly forwards: ResolvedForward[];
  /** Where the forwarding alarms go, or false when alarms are off. */
  readonly alarms: { readonly topicArn?: string } | false;
}

export interface ResolvedTopology {
  readonly name: string;
  readonly layout: Topology["state"]["layout"];
  /** Where each stack keeps its state: the topology's backend unless the stack has its own. */
  readonly backendOf: (stackName: string) => TopologyBackend;
  readonly accounts: ResolvedAccount[];
  readonly receivers: ResolvedReceiver[];
  readonly senders: ResolvedSender[];
}

export function formatPath(path: FieldPath): string {
  return (
    path
      .map((part, i) =>
        typeof part === "number"
          ? `[${part}]`
          : /^[A-Za-z_$][\w$-]*$/.test(part)
            ? `${i === 0 ? "" : "."}${part}`
            : `[${JSON.stringify(part)}]`,
      )
      .join("") || "(top level)"
  );
}
