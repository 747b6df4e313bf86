/** What the phases of topology resolution share. */
import { AccountCredentials } from "../modules/account-provider";
import { DEFAULT_BUS, Placement, eventBusArn } from "../modules/arns";
import { EventPattern, renderEventPattern } from "../modules/event-pattern";
import { ACCOUNT_ID, InvalidInputError } from "../modules/limits";
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
    if (!account) this.problem(path, ref, "must be the name of an entry in accounts (Terraform needs its credentials)");
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
    this.problem(path, ref, "must be a name from accounts or a 12-digit account ID");
    return undefined;
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

  /** The pattern if EventBridge would accept it; otherwise the problem is reported. */
  checkPattern(pattern: EventPattern, path: FieldPath): EventPattern | undefined {
    try {
      renderEventPattern("pattern", pattern);
      return pattern;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const inner = error.field === "pattern.account" ? [...path, "account"] : path;
      this.problem(inner, error.value, error.rule);
      return undefined;
    }
  }
}
