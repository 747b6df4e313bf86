/** What the phases of topology resolution share. */
import { AccountCredentials } from "../modules/account-provider";
import { DEFAULT_BUS, Placement, eventBusArn } from "../modules/arns";
import { roleAccount } from "../modules/arns";
import { EventPattern, renderEventPattern } from "../modules/event-pattern";
import { ACCOUNT_ID, InvalidInputError } from "../modules/limits";
import { didYouMean } from "../modules/suggest";
import { FieldPath, Problem, ResolvedAccount, ResolvedForward, ResolvedReceiver, ResolvedSender, formatPath } from "./resolved";
import { Topology, TopologyAccount, TopologyBus, TopologyForward } from "./schema";

export const busName = (bus: TopologyBus) => (bus === DEFAULT_BUS ? DEFAULT_BUS : bus.name);

function credentialsOf(account: TopologyAccount): AccountCredentials {
  const { assumeRole, profile } = account.credentials;
  return assumeRole
    ? { assumeRoleArn: assumeRole.roleArn, externalId: assumeRole.externalId, sessionName: assumeRole.sessionName }
    : { profile: profile as string };
}

export interface ReceiverEntry {
  readonly receiver: ResolvedReceiver;
  /** Its position in topology.receivers, for field paths. */
  readonly index: number;
}

export interface ForwardEntry {
  readonly forward: ResolvedForward;
  readonly input: TopologyForward;
  readonly sender: ResolvedSender;
  readonly path: FieldPath;
}

/**
 * What the phases of resolution share: the input, the problems found so far, the names claimed,
 * and what earlier phases resolved (accounts, then receivers, then senders and their forwards).
 */
export class Resolution {
  readonly problems: Problem[] = [];
  readonly accounts = new Map<string, ResolvedAccount>();
  readonly organizationOf = new Map<string, string | undefined>();
  readonly receivers = new Map<string, ReceiverEntry>();
  readonly senders: ResolvedSender[] = [];
  readonly forwards: ForwardEntry[] = [];
  private readonly claimed = new Map<string, FieldPath>();

  constructor(
    readonly topology: Topology,
    /** The folder files named in the topology (existingPolicy) are relative to: the topology file's. */
    readonly baseDir: string,
  ) {}

  problem(path: FieldPath, value: unknown, rule: string): void {
    this.problems.push({ path, value, rule });
  }

  /** A name that must be unique (an account, a rule ARN, a queue...): the second use is a problem. */
  claim(key: string, path: FieldPath, value: unknown, what: string): void {
    const first = this.claimed.get(key);
    if (first) this.problem(path, value, `${what} is already used at ${formatPath(first)}`);
    else this.claimed.set(key, path);
  }

  claimBus(at: Placement, bus: TopologyBus, path: FieldPath): void {
    if (bus !== DEFAULT_BUS) this.claim(`bus/${eventBusArn(at, bus.name)}`, [...path, "bus", "name"], bus.name, "this bus");
  }

  resolveAccounts(): void {
    this.topology.accounts.forEach((account, i) => {
      this.claim(`account-name/${account.name}`, ["accounts", i, "name"], account.name, "an account name");
      this.claim(`account-id/${account.id}`, ["accounts", i, "id"], account.id, "an account ID");
      const roleArn = account.credentials.assumeRole?.roleArn;
      const roleAccountId = roleArn === undefined ? undefined : roleAccount(roleArn);
      if (roleAccountId !== undefined && roleAccountId !== account.id) {
        this.problem(
          ["accounts", i, "credentials", "assumeRole", "roleArn"],
          roleArn,
          `the role is in account ${roleAccountId}, not in ${account.name} (${account.id}): Terraform would create this account's ` +
            `resources in the role's account; name a role of ${account.id}`,
        );
      }
      this.accounts.set(account.name, {
        ...account,
        credentials: credentialsOf(account),
        tags: { ...this.topology.tags, ...account.tags },
      });
    });
    for (const account of this.accounts.values()) this.organizationOf.set(account.id, account.organization);
  }

  /** An account Terraform manages: a name from accounts. */
  ownAccount(ref: string, path: FieldPath): ResolvedAccount | undefined {
    const account = this.accounts.get(ref);
    if (!account)
      this.problem(path, ref, `must be the name of an entry in accounts (Terraform needs its credentials)${this.nearAccount(ref)}`);
    return account;
  }

  /** Any account: a name from accounts, or the ID of an account outside the topology; never "*". */
  anyAccount(ref: string, path: FieldPath, starRule: string): string | undefined {
    const account = this.accounts.get(ref);
    if (account) return account.id;
    if (ref === "*") {
      this.problem(path, ref, starRule);
      return undefined;
    }
    if (ACCOUNT_ID.pattern.test(ref)) return ref;
    this.problem(path, ref, `must be a name from accounts or a 12-digit account ID${this.nearAccount(ref)}`);
    return undefined;
  }

  private nearAccount(ref: string): string {
    return didYouMean(
      ref,
      this.topology.accounts.map((account) => account.name),
    );
  }

  /**
   * The receiver of that name, or undefined. An unknown name is a problem (with the closest name);
   * a receiver that is in the input but did not resolve was reported already, so it is not reported again.
   */
  receiverNamed(name: string, path: FieldPath): ReceiverEntry | undefined {
    const entry = this.receivers.get(name);
    if (entry) return entry;
    const names = this.topology.receivers.map((receiver) => receiver.name);
    if (!names.includes(name)) this.problem(path, name, `must be the name of a receiver${didYouMean(name, names)}`);
    return undefined;
  }

  /** The target of that id on a receiver, or undefined with the problem reported (and the closest id). */
  targetOf<T extends { readonly id: string }>(receiverName: string, targets: readonly T[], id: string, path: FieldPath): T | undefined {
    const target = targets.find((candidate) => candidate.id === id);
    if (!target) {
      const ids = targets.map((candidate) => candidate.id);
      this.problem(path, id, `must be the id of a target of receiver "${receiverName}"${didYouMean(id, ids)}`);
    }
    return target;
  }

  /** "orders (222222222222)" for an account of the topology, the bare ID for any other. */
  label(accountId: string): string {
    const name = [...this.accounts.values()].find((account) => account.id === accountId)?.name;
    return name ? `${name} (${accountId})` : accountId;
  }

  /** Reports what a construct's own check refuses, at the given path. */
  reportInvalid(error: unknown, path: FieldPath): void {
    if (!(error instanceof InvalidInputError)) throw error;
    this.problem(path, error.value, error.rule);
  }

  /**
   * The pattern if EventBridge would accept it; otherwise the problem is reported. `written` is the
   * pattern as the topology has it, shown in the message when we add to it (a receiver rule's account
   * filter); the reasons name the values they refuse, so the message does not repeat the whole pattern.
   */
  checkPattern(pattern: EventPattern, path: FieldPath, written: EventPattern = pattern): EventPattern | undefined {
    try {
      renderEventPattern("pattern", pattern);
      return pattern;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      if (error.field === "pattern.account") this.problem([...path, "account"], error.value, error.rule);
      else {
        const added = written === pattern ? "" : ` (with the account filter written from senders: ${JSON.stringify(pattern.account)})`;
        const value = typeof error.value === "string" ? error.value : written;
        const shown = typeof value === "string" ? value : clip(JSON.stringify(value));
        this.problems.push({ path, value, rule: `${error.rule}${added} (the pattern: ${shown})`, quoted: true });
      }
      return undefined;
    }
  }
}

/** A long value cut to one readable line. */
const clip = (text: string) => (text.length > 240 ? `${text.slice(0, 237)}...` : text);
