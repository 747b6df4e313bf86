import { AccountCredentials } from "../modules/account-provider";
import { DEFAULT_BUS, Placement, eventBusArn, eventRuleArn } from "../modules/arns";
import { EventPattern, STAR_IN_ACCOUNT_FILTER, renderEventPattern } from "../modules/event-pattern";
import { buildLogDeliveryPolicy } from "../modules/destinations/log-group";
import {
  ACCOUNT_ID,
  ARCHIVE_NAME,
  BUS_DEAD_LETTER_QUEUE_WITH_KEY_RULE,
  DEFAULT_RETRY,
  EXISTING_TARGET_RULE,
  InvalidInputError,
  NARROWED_GRANT_NEEDS_ROLE_RULE,
  QUEUE_NAME,
  ROLE_LESS_TARGET_RULE,
  ROLE_NAME,
} from "../modules/limits";
import { archiveName, busDeadLetterQueueName, deadLetterQueueName, forwarderRoleName } from "../modules/names";
import { BusGrant, buildReceiverBusPolicy } from "../modules/receiver-bus-policy";
import { RetryPolicy } from "../modules/sender-forwarding";
import { Topology, TopologyAccount, TopologyBackend, TopologyBus, TopologyForward, TopologyReceiver, TopologyTarget } from "./schema";

export type FieldPath = readonly (string | number)[];

/** One broken rule of the input: where, what was there, and the rule. */
export interface Problem {
  readonly path: FieldPath;
  readonly value: unknown;
  readonly rule: string;
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
  /** Every receiver rule that delivers here: the target's policy admits exactly these. */
  readonly ruleArns: string[];
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

const busName = (bus: TopologyBus) => (bus === DEFAULT_BUS ? DEFAULT_BUS : bus.name);

function credentialsOf(account: TopologyAccount): AccountCredentials {
  const { assumeRole, profile } = account.credentials;
  return assumeRole
    ? { assumeRoleArn: assumeRole.roleArn, externalId: assumeRole.externalId, sessionName: assumeRole.sessionName }
    : { profile: profile as string };
}

/**
 * Everything the schema alone cannot see: references between parts, grants that cover each
 * sender, names that must be unique across accounts, and AWS limits on what we generate.
 */
export function resolveTopology(topology: Topology): { topology?: ResolvedTopology; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (path: FieldPath, value: unknown, rule: string) => problems.push({ path, value, rule });
  const unique = new Map<string, FieldPath>();
  const claim = (key: string, path: FieldPath, value: unknown, what: string) => {
    const first = unique.get(key);
    if (first) problem(path, value, `${what} is already used at ${formatPath(first)}`);
    else unique.set(key, path);
  };

  const accounts = new Map<string, ResolvedAccount>();
  topology.accounts.forEach((account, i) => {
    claim(`account-name/${account.name}`, ["accounts", i, "name"], account.name, "an account name");
    claim(`account-id/${account.id}`, ["accounts", i, "id"], account.id, "an account ID");
    accounts.set(account.name, { ...account, credentials: credentialsOf(account), tags: { ...topology.tags, ...account.tags } });
  });
  const organizationOf = new Map([...accounts.values()].map((a) => [a.id, a.organization]));

  const ownAccount = (ref: string, path: FieldPath) => {
    const account = accounts.get(ref);
    if (!account) problem(path, ref, "must be the name of an entry in accounts (Terraform needs its credentials)");
    return account;
  };
  const anyAccount = (ref: string, path: FieldPath, starRule: string): string | undefined => {
    const account = accounts.get(ref);
    if (account) return account.id;
    if (ref === "*") {
      problem(path, ref, starRule);
      return undefined;
    }
    if (ACCOUNT_ID.pattern.test(ref)) return ref;
    problem(path, ref, "must be a name from accounts or a 12-digit account ID");
    return undefined;
  };
  const label = (accountId: string) => {
    const name = [...accounts.values()].find((a) => a.id === accountId)?.name;
    return name ? `${name} (${accountId})` : accountId;
  };
  const claimBus = (at: Placement, bus: TopologyBus, path: FieldPath) => {
    if (bus !== DEFAULT_BUS) claim(`bus/${eventBusArn(at, bus.name)}`, [...path, "bus", "name"], bus.name, "this bus");
  };

  // Receivers first: forwards and grants refer to them.
  const receivers = new Map<string, { receiver: ResolvedReceiver; index: number }>();
  topology.receivers.forEach((input, i) => {
    const path = ["receivers", i];
    claim(`receiver/${input.name}`, [...path, "name"], input.name, "a receiver name");
    const account = ownAccount(input.account, [...path, "account"]);
    if (!account) return;
    const at = { accountId: account.id, region: input.region };
    claimBus(at, input.bus, path);
    input.targets.forEach((target, t) => {
      claim(`target/${input.name}/${target.id}`, [...path, "targets", t, "id"], target.id, "a target id of this receiver");
      if (target.type !== "function") {
        claim(`${target.type}/${account.id}/${input.region}/${target.name}`, [...path, "targets", t, "name"], target.name, `this ${target.type}`);
      }
    });
    const receiver: ResolvedReceiver = {
      name: input.name,
      account,
      ...at,
      busName: busName(input.bus),
      busArn: eventBusArn(at, busName(input.bus)),
      allowEverybody: input.allowEverybody,
      grants: [],
      targets: input.targets.map((target) => ({ ...target, ruleArns: [] })),
      rules: [],
      archive: input.archive && { ...input.archive, name: input.archive.name ?? archiveName(busName(input.bus)) },
      encryption: input.encryption,
      deadLetterQueue: busDeadLetterQueue(input),
      alarms: topology.alarms.enabled && { topicArn: input.alarmTopicArn },
    };
    checkAlarmTopic(input.alarmTopicArn, at, "receiver", [...path, "alarmTopicArn"], problem);
    checkBusDeadLetterQueue(input, receiver, path, problem);
    if (receiver.deadLetterQueue) {
      claim(`queue/${account.id}/${input.region}/${receiver.deadLetterQueue.name}`, [...path, "deadLetterQueue"], receiver.deadLetterQueue.name, "this queue");
    }
    if (input.encryption && input.bus === DEFAULT_BUS) {
      problem([...path, "encryption"], input.encryption, "a key is set on a custom bus here; the adopted default bus is managed elsewhere");
    }
    if (input.encryption && "keyArn" in input.encryption) {
      const keyAccount = input.encryption.keyArn.split(":")[4];
      const keyRegion = input.encryption.keyArn.split(":")[3];
      if (keyRegion !== input.region) problem([...path, "encryption", "keyArn"], input.encryption.keyArn, `the key must be in the bus's region ${input.region}`);
      if (keyAccount !== account.id) problem([...path, "encryption", "keyArn"], input.encryption.keyArn, `the key is in account ${keyAccount}, the bus in ${account.id}: name a key of the bus's account`);
    }
    if (receiver.archive) {
      const archivePath = [...path, "archive"];
      if (!input.archive?.name && !ARCHIVE_NAME.pattern.test(receiver.archive.name)) {
        problem(archivePath, receiver.archive.name, `the derived archive name breaks the rule (${ARCHIVE_NAME.rule}): set archive.name`);
      }
      claim(`archive/${account.id}/${input.region}/${receiver.archive.name}`, archivePath, receiver.archive.name, "an archive name in this account and region");
      if (receiver.archive.pattern) checkPattern(receiver.archive.pattern, [...archivePath, "pattern"], problem);
    }
    receivers.set(input.name, { receiver, index: i });
  });

  // Forwarding rules; grants narrow to them by name, which may repeat across accounts.
  type ForwardEntry = { forward: ResolvedForward; input: TopologyForward; sender: ResolvedSender; path: FieldPath };
  const forwards: ForwardEntry[] = [];
  const senders: ResolvedSender[] = [];
  topology.senders.forEach((input, s) => {
    const path = ["senders", s];
    const account = ownAccount(input.account, [...path, "account"]);
    if (!account) return;
    const at = { accountId: account.id, region: input.region };
    claim(`sender/${account.id}/${input.region}/${busName(input.bus)}`, path, input.account, "a sender on this account, region and bus");
    claimBus(at, input.bus, path);
    const sender: ResolvedSender = {
      account,
      ...at,
      busName: busName(input.bus),
      forwards: [],
      alarms: topology.alarms.enabled && { topicArn: input.alarmTopicArn },
    };
    checkAlarmTopic(input.alarmTopicArn, at, "sender", [...path, "alarmTopicArn"], problem);
    senders.push(sender);
    input.forwards.forEach((forwardInput, f) => {
      const fpath = [...path, "forwards", f];
      const arn = eventRuleArn(at, sender.busName, forwardInput.name);
      claim(`rule/${arn}`, [...fpath, "name"], forwardInput.name, "a rule with this ARN");
      const pattern = checkPattern(forwardInput.pattern, [...fpath, "pattern"], problem);
      const role = forwardInput.role === true ? { name: forwarderRoleName(forwardInput.name) } : forwardInput.role;
      if (role) {
        if (!ROLE_NAME.pattern.test(role.name)) {
          problem([...fpath, "name"], forwardInput.name, `the derived role name "${role.name}" breaks the rule (${ROLE_NAME.rule}): set role.name`);
        }
        claim(`role/${account.id}/${role.name}`, [...fpath, "role"], role.name, "an IAM role name in this account");
        if (forwardInput.existingTarget) problem([...fpath, "existingTarget"], true, EXISTING_TARGET_RULE);
      } else if (!forwardInput.existingTarget) {
        problem([...fpath, "role"], false, ROLE_LESS_TARGET_RULE);
      }
      const dlqName = forwardInput.deadLetterQueue?.name ?? deadLetterQueueName(forwardInput.name);
      if (!QUEUE_NAME.pattern.test(dlqName)) {
        problem([...fpath, "name"], forwardInput.name, `the derived dead-letter queue name "${dlqName}" breaks the rule (${QUEUE_NAME.rule}): set deadLetterQueue.name`);
      }
      claim(`queue/${account.id}/${input.region}/${dlqName}`, [...fpath, "deadLetterQueue"], dlqName, "this queue");
      const forward: ResolvedForward = {
        name: forwardInput.name,
        description: forwardInput.description,
        pattern: pattern ?? {},
        arn,
        receivers: [],
        role,
        existingTarget: forwardInput.existingTarget === true,
        retry: { ...DEFAULT_RETRY, ...forwardInput.retry },
        deadLetterQueueName: dlqName,
      };
      sender.forwards.push(forward);
      forwards.push({ forward, input: forwardInput, sender, path: fpath });
    });
  });

  // Grants, now that the forwarding rules they may narrow to are known.
  for (const [receiverName, { receiver, index }] of receivers) {
    const input = topology.receivers[index];
    const problemsBefore = problems.length;
    input.grants.forEach((grant, g) => {
      const gpath = ["receivers", index, "grants", g];
      const grantedAccount = grant.account === undefined ? undefined : (accounts.get(grant.account)?.id ?? grant.account);
      const sourceRuleArns = grant.rules?.flatMap((ruleName, r) => {
        const named = forwards.filter((entry) => entry.forward.name === ruleName && entry.input.to.includes(receiverName));
        const covered = named.filter((entry) =>
          grantedAccount !== undefined
            ? entry.sender.accountId === grantedAccount
            : entry.sender.account.organization === grant.organization,
        );
        if (covered.length === 0) {
          problem(
            [...gpath, "rules", r],
            ruleName,
            `must name a forwarding rule in senders that forwards to receiver "${receiverName}" from ${grantedAccount !== undefined ? `account ${label(grantedAccount)}` : `organization ${grant.organization}`}`,
          );
        }
        return covered.map((entry) => entry.forward.arn);
      });
      if (grant.everybody) {
        if (!receiver.allowEverybody) {
          problem([...gpath, "everybody"], true, "a grant to everybody needs the explicit opt-in allowEverybody: true on the receiver");
        }
        receiver.grants.push({ kind: "everybody" });
      } else if (grant.organization !== undefined) {
        receiver.grants.push({ kind: "organization", organizationId: grant.organization, sourceRuleArns });
      } else if (grant.account !== undefined) {
        const accountId = anyAccount(grant.account, [...gpath, "account"], 'a grant to every account is {"everybody": true} with allowEverybody on the receiver, never "*"');
        if (accountId === receiver.accountId) {
          problem([...gpath, "account"], grant.account, "a bus needs no grant for its own account");
        }
        if (accountId) receiver.grants.push({ kind: "account", accountId, sourceRuleArns });
      }
    });
    const seen = new Map<string, number>();
    receiver.grants.forEach((grant, g) => {
      const key = grant.kind === "account" ? grant.accountId : grant.kind === "organization" ? grant.organizationId : "*";
      if (seen.has(key)) problem(["receivers", index, "grants", g], key, `this account or organization is already granted at grants[${seen.get(key)}]`);
      else seen.set(key, g);
    });
    if (problems.length === problemsBefore) {
      try {
        buildReceiverBusPolicy(receiver.busArn, receiver.region, receiver.grants, receiver.allowEverybody);
      } catch (error) {
        reportInvalid(error, ["receivers", index, "grants"], problem);
      }
    }
  }

  // Each forward must be let in by the receiver's grants, through a path AWS accepts.
  for (const { forward, input, sender, path } of forwards) {
    input.to.forEach((receiverName, k) => {
      const entry = receivers.get(receiverName);
      const tpath = [...path, "to", k];
      if (!entry) return void problem(tpath, receiverName, "must be the name of a receiver");
      const receiver = entry.receiver;
      if (forward.receivers.includes(receiver)) return void problem(tpath, receiverName, "each receiver is a target of a rule once");
      if (receiver.accountId === sender.accountId) {
        return void problem(tpath, receiverName, "a sender cannot be its own receiver: its events are already on a bus of that account");
      }
      forward.receivers.push(receiver);
      const admits = (grant: BusGrant) => !("sourceRuleArns" in grant) || !grant.sourceRuleArns || grant.sourceRuleArns.includes(forward.arn);
      const admitting = receiver.grants.filter(
        (grant) =>
          grant.kind === "everybody" ||
          (admits(grant) && (grant.kind === "account" ? grant.accountId === sender.accountId : grant.organizationId === sender.account.organization)),
      );
      const byAccount = admitting.some((grant) => grant.kind === "account");
      const byEverybody = admitting.some((grant) => grant.kind === "everybody");
      const byOrganization = admitting.some((grant) => grant.kind === "organization");
      if (!byAccount && !byEverybody && !byOrganization) {
        return void problem(
          tpath,
          receiverName,
          `receiver "${receiverName}" does not grant account ${label(sender.accountId)}${sender.account.organization ? ` or its organization ${sender.account.organization}` : ""} for rule "${forward.name}": add a grant at receivers[${entry.index}].grants`,
        );
      }
      const narrowedOnly = admitting.every((grant) => grant.kind !== "everybody" && (grant.sourceRuleArns ?? []).length > 0);
      if (forward.role === false && narrowedOnly) {
        problem([...path, "role"], false, `receiver "${receiverName}" lets account ${label(sender.accountId)} in only by a grant narrowed to sender rules: ${NARROWED_GRANT_NEEDS_ROLE_RULE}`);
      }
      if (forward.role === false && !byAccount && byOrganization) {
        problem([...path, "role"], false, `account ${label(sender.accountId)} is let into receiver "${receiverName}" only by an organization grant, which needs a sender role`);
      }
      if (forward.role === false && receiver.region !== sender.region) {
        problem([...path, "role"], false, `forwarding from ${sender.region} to receiver "${receiverName}" in ${receiver.region} crosses regions, which needs a sender role`);
      }
    });
  }

  // Receiver rules: account filter from the allowed senders, targets by id.
  for (const [receiverName, { receiver, index }] of receivers) {
    const input = topology.receivers[index];
    const forwardedFrom = forwards.filter((entry) => entry.forward.receivers.includes(receiver)).map((entry) => entry.sender.accountId);
    const admitted = (accountId: string) =>
      receiver.grants.some(
        (grant) =>
          grant.kind === "everybody" ||
          (grant.kind === "account" && grant.accountId === accountId) ||
          (grant.kind === "organization" && organizationOf.get(accountId) === grant.organizationId),
      );
    input.rules.forEach((ruleInput, r) => {
      const rpath = ["receivers", index, "rules", r];
      const arn = eventRuleArn(receiver, receiver.busName, ruleInput.name);
      claim(`rule/${arn}`, [...rpath, "name"], ruleInput.name, "a rule with this ARN");
      if ("account" in ruleInput.pattern) {
        problem([...rpath, "pattern", "account"], ruleInput.pattern.account, "leave account out of a receiver pattern: list the accounts in senders, and the filter is written from them");
      }
      let senderAccountIds: string[];
      if (ruleInput.senders) {
        senderAccountIds = ruleInput.senders.flatMap((ref, k) => {
          const accountId = anyAccount(ref, [...rpath, "senders", k], STAR_IN_ACCOUNT_FILTER);
          if (accountId && !admitted(accountId)) {
            problem([...rpath, "senders", k], ref, `receiver "${receiverName}" grants no access to account ${label(accountId)}${organizationOf.has(accountId) ? "" : " (an account outside the topology is admitted only by an account grant)"}`);
          }
          return accountId ? [accountId] : [];
        });
      } else {
        const granted = receiver.grants.flatMap((grant) => (grant.kind === "account" ? [grant.accountId] : []));
        senderAccountIds = [...granted, ...forwardedFrom];
        if (senderAccountIds.length === 0) {
          problem([...rpath, "senders"], undefined, `list senders: receiver "${receiverName}" grants no account by ID and no sender in the topology forwards to it`);
        }
      }
      senderAccountIds = [...new Set(senderAccountIds)].sort();
      const pattern = { account: senderAccountIds, ...ruleInput.pattern };
      checkPattern(pattern, [...rpath, "pattern"], problem);
      ruleInput.targets.forEach((targetId, t) => {
        const target = receiver.targets.find((candidate) => candidate.id === targetId);
        if (!target) problem([...rpath, "targets", t], targetId, `must be the id of a target of receiver "${receiverName}"`);
        else if (ruleInput.targets.indexOf(targetId) !== t) problem([...rpath, "targets", t], targetId, "each target is listed once");
        else target.ruleArns.push(arn);
      });
      receiver.rules.push({ name: ruleInput.name, description: ruleInput.description, pattern: ruleInput.pattern, senderAccountIds, targetIds: ruleInput.targets, arn });
    });
    receiver.targets.forEach((target, t) => {
      if (target.ruleArns.length === 0) problem(["receivers", index, "targets", t, "id"], target.id, "no rule delivers to this target: remove it or list it in a rule");
    });
  }

  checkLogPolicies([...receivers.values()], problem);
  if (topology.state.layout === "per-account") checkAccountOrder(senders, problem);
  const stackNames =
    topology.state.layout === "single"
      ? [topology.name]
      : [...new Set([...receivers.values()].map((entry) => entry.receiver.account.name).concat(senders.map((sender) => sender.account.name)))];
  for (const name of Object.keys(topology.state.stacks)) {
    if (!stackNames.includes(name)) {
      problem(["state", "stacks", name], name, `no stack has this name; the stacks are ${stackNames.join(", ")}`);
    }
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    topology: {
      name: topology.name,
      layout: topology.state.layout,
      backendOf: (stackName) => topology.state.stacks[stackName]?.backend ?? topology.state.backend,
      accounts: [...accounts.values()],
      receivers: [...receivers.values()].map((entry) => entry.receiver),
      senders,
    },
  };
}

type Report = (path: FieldPath, value: unknown, rule: string) => void;

function reportInvalid(error: unknown, path: FieldPath, problem: Report) {
  if (!(error instanceof InvalidInputError)) throw error;
  problem(path, error.value, error.rule);
}

function checkPattern(pattern: EventPattern, path: FieldPath, problem: Report): EventPattern | undefined {
  try {
    renderEventPattern("pattern", pattern);
    return pattern;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const inner = error.field === "pattern.account" ? [...path, "account"] : path;
    problem(inner, error.value, error.rule);
    return undefined;
  }
}

function checkLogPolicies(receivers: { receiver: ResolvedReceiver; index: number }[], problem: Report) {
  const byPlace = new Map<string, { at: Placement; names: string[]; index: number }>();
  for (const { receiver, index } of receivers) {
    for (const target of receiver.targets.filter((t) => t.type === "logGroup")) {
      const key = `${receiver.accountId}/${receiver.region}`;
      const entry = byPlace.get(key) ?? { at: receiver, names: [], index };
      entry.names.push(target.name);
      byPlace.set(key, entry);
    }
  }
  for (const { at, names, index } of byPlace.values()) {
    try {
      buildLogDeliveryPolicy(at, names);
    } catch (error) {
      reportInvalid(error, ["receivers", index, "targets"], problem);
    }
  }
}

/** Per-account stacks apply receivers before senders, which is impossible when accounts send to each other. */
function checkAccountOrder(senders: ResolvedSender[], problem: Report) {
  const edges = new Map<string, Set<string>>();
  for (const sender of senders) {
    for (const forward of sender.forwards) {
      for (const receiver of forward.receivers) {
        const set = edges.get(sender.account.name) ?? new Set<string>();
        set.add(receiver.account.name);
        edges.set(sender.account.name, set);
      }
    }
  }
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, "visiting");
    for (const next of edges.get(name) ?? []) {
      const cycle = visit(next, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, "done");
    return undefined;
  };
  for (const name of edges.keys()) {
    const cycle = visit(name, []);
    if (cycle) {
      problem(["state", "layout"], "per-account", `accounts ${cycle.join(" -> ")} forward to each other, so per-account stacks cannot apply receivers first: use "single"`);
      return;
    }
  }
}

export function formatPath(path: FieldPath): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(part) ? `${i === 0 ? "" : "."}${part}` : `[${JSON.stringify(part)}]`))
    .join("") || "(top level)";
}

function checkAlarmTopic(topicArn: string | undefined, at: Placement, side: "sender" | "receiver", path: FieldPath, problem: Report) {
  if (!topicArn) return;
  const [, , , topicRegion, topicAccount] = topicArn.split(":");
  if (topicRegion !== at.region || topicAccount !== at.accountId) {
    problem(path, topicArn, `alarm actions go to a topic in the ${side}'s account ${at.accountId} and region ${at.region}`);
  }
}

/** A bus's dead-letter queue: always with a customer managed key, on request for another custom bus. */
function busDeadLetterQueue(input: TopologyReceiver): { name: string } | undefined {
  const wanted = input.deadLetterQueue ?? input.encryption !== undefined;
  if (wanted === false || input.bus === DEFAULT_BUS) return undefined;
  return { name: wanted === true ? busDeadLetterQueueName(input.bus.name) : wanted.name };
}

function checkBusDeadLetterQueue(input: TopologyReceiver, receiver: ResolvedReceiver, path: FieldPath, problem: Report) {
  const dlqPath = [...path, "deadLetterQueue"];
  if (input.deadLetterQueue && input.bus === DEFAULT_BUS) {
    problem(dlqPath, input.deadLetterQueue, "a bus dead-letter queue is set on a custom bus here; the adopted default bus is managed elsewhere");
  } else if (input.deadLetterQueue === false && input.encryption) {
    problem(dlqPath, false, BUS_DEAD_LETTER_QUEUE_WITH_KEY_RULE);
  } else if (receiver.deadLetterQueue && typeof input.deadLetterQueue !== "object" && !QUEUE_NAME.pattern.test(receiver.deadLetterQueue.name)) {
    problem(dlqPath, receiver.deadLetterQueue.name, `the derived dead-letter queue name breaks the rule (${QUEUE_NAME.rule}): set deadLetterQueue.name`);
  }
}
