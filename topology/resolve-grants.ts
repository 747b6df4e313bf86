/** Topology resolution, phases 4 and 5: the receivers' grants, and how each forward is let in. */
import { NARROWED_GRANT_NEEDS_ROLE_RULE, NO_GRANTS_NO_POLICY_RULE } from "../modules/limits";
import { PolicyDocument } from "../modules/policy-document";
import { BusGrant, buildReceiverBusPolicy, keepExistingStatements } from "../modules/receiver-bus-policy";
import { ContentFilter, describeDropped, describeFilter, unadmittedEvent } from "../patterns/content";
import { ForwardEntry, ReceiverEntry, Resolution } from "./context";
import { FieldPath, ResolvedReceiver } from "./resolved";
import { TopologyReceiver } from "./schema";

/** Phase 4: each receiver's grants, now that the forwarding rules they may narrow to are known. */
export function resolveGrants(ctx: Resolution): void {
  for (const [receiverName, entry] of ctx.receivers) {
    const input = ctx.topology.receivers[entry.index];
    const problemsBefore = ctx.problems.length;
    input.grants.forEach((grant, g) => addGrant(ctx, receiverName, entry, grant, ["receivers", entry.index, "grants", g]));
    const seen = new Map<string, number>();
    entry.receiver.grants.forEach((grant, g) => {
      const key = grant.kind === "account" ? grant.accountId : grant.kind === "organization" ? grant.organizationId : "*";
      if (seen.has(key))
        ctx.problem(
          ["receivers", entry.index, "grants", g],
          key,
          `this account or organization is already granted at grants[${seen.get(key)}]`,
        );
      else seen.set(key, g);
    });
    if (ctx.problems.length === problemsBefore) checkBusPolicy(ctx, entry);
  }
}

/** The whole bus policy as AWS will hold it: our statements, then those kept from the existing policy. */
function checkBusPolicy(ctx: Resolution, { receiver, index }: ReceiverEntry): void {
  if (receiver.grants.length === 0) {
    if (receiver.existingPolicy)
      ctx.problem(["receivers", index, "existingPolicy"], ctx.topology.receivers[index].existingPolicy, NO_GRANTS_NO_POLICY_RULE);
    return;
  }
  let ours: PolicyDocument;
  try {
    ours = buildReceiverBusPolicy(receiver.busArn, receiver.region, receiver.grants, receiver.allowEverybody);
  } catch (error) {
    return ctx.reportInvalid(error, ["receivers", index, "grants"]);
  }
  try {
    keepExistingStatements(ours, receiver.existingPolicy?.statements ?? []);
  } catch (error) {
    ctx.reportInvalid(error, ["receivers", index, "existingPolicy"]);
  }
}

type GrantInput = TopologyReceiver["grants"][number];

function addGrant(ctx: Resolution, receiverName: string, { receiver }: ReceiverEntry, grant: GrantInput, path: FieldPath): void {
  const grantedAccount = grant.account === undefined ? undefined : (ctx.accounts.get(grant.account)?.id ?? grant.account);
  const sourceRuleArns = grant.rules?.flatMap((ruleName, r) => {
    const named = ctx.forwards.filter((entry) => entry.forward.name === ruleName && entry.input.to.includes(receiverName));
    const covered = named.filter((entry) =>
      grantedAccount !== undefined ? entry.sender.accountId === grantedAccount : entry.sender.account.organization === grant.organization,
    );
    if (covered.length === 0) {
      const from = grantedAccount !== undefined ? `account ${ctx.label(grantedAccount)}` : `organization ${grant.organization}`;
      ctx.problem(
        [...path, "rules", r],
        ruleName,
        `must name a forwarding rule in senders that forwards to receiver "${receiverName}" from ${from}`,
      );
    }
    return covered.map((entry) => entry.forward.arn);
  });
  if (grant.everybody) {
    if (!receiver.allowEverybody) {
      ctx.problem([...path, "everybody"], true, "a grant to everybody needs the explicit opt-in allowEverybody: true on the receiver");
    }
    receiver.grants.push({ kind: "everybody" });
  } else if (grant.organization !== undefined) {
    receiver.grants.push({ kind: "organization", organizationId: grant.organization, sourceRuleArns, ...contentOf(grant) });
  } else if (grant.account !== undefined) {
    const accountId = ctx.anyAccount(
      grant.account,
      [...path, "account"],
      'a grant to every account is {"everybody": true} with allowEverybody on the receiver, never "*"',
    );
    if (accountId === receiver.accountId) ctx.problem([...path, "account"], grant.account, "a bus needs no grant for its own account");
    if (accountId) receiver.grants.push({ kind: "account", accountId, sourceRuleArns, ...contentOf(grant) });
  }
}

const contentOf = ({ sources, detailTypes }: GrantInput) => ({ sources, detailTypes });

/** Phase 5: each forward must be let in by its receivers' grants, through a path AWS accepts. */
export function checkAdmission(ctx: Resolution): void {
  const unorganized = new Map<ReceiverEntry, Set<string>>();
  for (const entry of ctx.forwards) {
    entry.input.to.forEach((receiverName, k) => {
      if (typeof receiverName !== "string") return;
      const path = [...entry.path, "to", k];
      const target = ctx.receiverNamed(receiverName, path);
      if (!target) return;
      const { receiver } = target;
      if (entry.forward.receivers.includes(receiver))
        return void ctx.problem(path, receiverName, "each receiver is a target of a rule once");
      if (receiver.accountId === entry.sender.accountId) {
        return void ctx.problem(path, receiverName, "a sender cannot be its own receiver: its events are already on a bus of that account");
      }
      entry.forward.receivers.push(receiver);
      // The cheap tests first: admittingGrants is computed again by checkGrantedPath.
      if (!entry.sender.account.organization && organizationsOf(receiver).length > 0 && admittingGrants(entry, receiver).length === 0) {
        unorganized.set(target, (unorganized.get(target) ?? new Set<string>()).add(entry.sender.account.name));
      } else checkGrantedPath(ctx, entry, receiverName, target, path);
    });
  }
  for (const [target, accounts] of unorganized) reportUnorganized(ctx, target, [...accounts]);
}

const organizationsOf = (receiver: ResolvedReceiver) =>
  receiver.grants.flatMap((grant) => (grant.kind === "organization" ? [grant.organizationId] : []));

/**
 * Accounts that forward to a receiver granting an organization, but name no organization themselves:
 * the missing accounts[i].organization is the one cause, reported once rather than once per forward.
 */
function reportUnorganized(ctx: Resolution, { receiver, index }: ReceiverEntry, accountNames: string[]): void {
  const organizations = organizationsOf(receiver);
  const grant = ctx.topology.receivers[index].grants.findIndex((input) => input.organization === organizations[0]);
  const fields = accountNames.map(
    (name) => `accounts[${ctx.topology.accounts.findIndex((account) => account.name === name)}].organization`,
  );
  const to = organizations.length === 1 ? JSON.stringify(organizations[0]) : `the one of ${organizations.join(", ")} it belongs to`;
  ctx.problem(
    ["receivers", index, "grants", grant, "organization"],
    organizations[0],
    `receiver "${receiver.name}" lets in an organization, but account${accountNames.length > 1 ? "s" : ""} ` +
      `${accountNames.join(", ")} forwarding to it name${accountNames.length > 1 ? "" : "s"} no organization: ` +
      `set ${fields.join(", ")} to ${to} (or add an account grant)`,
  );
}

function admittingGrants({ forward, sender }: ForwardEntry, receiver: ResolvedReceiver): BusGrant[] {
  const admits = (grant: BusGrant) => !("sourceRuleArns" in grant) || !grant.sourceRuleArns || grant.sourceRuleArns.includes(forward.arn);
  return receiver.grants.filter(
    (grant) =>
      grant.kind === "everybody" ||
      (admits(grant) &&
        (grant.kind === "account" ? grant.accountId === sender.accountId : grant.organizationId === sender.account.organization)),
  );
}

function checkGrantedPath(
  ctx: Resolution,
  entry: ForwardEntry,
  receiverName: string,
  { receiver, index }: ReceiverEntry,
  path: FieldPath,
): void {
  const { forward, sender } = entry;
  const admitting = admittingGrants(entry, receiver);
  // A grant by account that admits only some of the forward's events leaves the others to the organization grant.
  const accountGrants = admitting.filter((grant) => grant.kind === "account");
  const byAccount = accountGrants.length > 0 && unadmittedEvent(forward.pattern, accountGrants) === undefined;
  const byOrganization = admitting.some((grant) => grant.kind === "organization");
  if (admitting.length === 0) {
    const organization = sender.account.organization ? ` or its organization ${sender.account.organization}` : "";
    return ctx.problem(
      path,
      receiverName,
      `receiver "${receiverName}" does not grant account ${ctx.label(sender.accountId)}${organization} for rule ` +
        `"${forward.name}": add a grant at receivers[${index}].grants`,
    );
  }
  checkContent(ctx, entry, receiverName, { receiver, index }, admitting, path);
  const rolePath = [...entry.path, "role"];
  if (forward.role !== false) return;
  if (admitting.every((grant) => grant.kind !== "everybody" && (grant.sourceRuleArns ?? []).length > 0)) {
    ctx.problem(
      rolePath,
      false,
      `receiver "${receiverName}" lets account ${ctx.label(sender.accountId)} in only by a grant narrowed to sender rules: ` +
        `${NARROWED_GRANT_NEEDS_ROLE_RULE}`,
    );
  }
  if (!byAccount && byOrganization) {
    ctx.problem(
      rolePath,
      false,
      `account ${ctx.label(sender.accountId)} is let into receiver "${receiverName}" only by an organization grant, which needs ` +
        `a sender role`,
    );
  }
  if (receiver.region !== sender.region) {
    ctx.problem(
      rolePath,
      false,
      `forwarding from ${sender.region} to receiver "${receiverName}" in ${receiver.region} crosses regions, which needs a sender role`,
    );
  }
}

/** Where a resolved grant was written: a receiver grants each account and organization once. */
function grantIndex(ctx: Resolution, receiverIndex: number, grant: BusGrant): number {
  return ctx.topology.receivers[receiverIndex].grants.findIndex((input) =>
    grant.kind === "account"
      ? input.account !== undefined && (ctx.accounts.get(input.account)?.id ?? input.account) === grant.accountId
      : grant.kind === "organization"
        ? input.organization === grant.organizationId
        : input.everybody === true,
  );
}

/** Every event the forward's pattern can match must be admitted by one of the grants that let its account in. */
function checkContent(
  ctx: Resolution,
  { forward }: ForwardEntry,
  receiverName: string,
  { index }: ReceiverEntry,
  admitting: readonly BusGrant[],
  path: FieldPath,
): void {
  if (Object.keys(forward.pattern).length === 0) return; // a pattern EventBridge refuses, already reported
  const filters = admitting.map((grant): ContentFilter => (grant.kind === "everybody" ? {} : grant));
  const dropped = unadmittedEvent(forward.pattern, filters);
  if (!dropped) return;
  const grants = admitting.map(
    (grant, i) => `receivers[${index}].grants[${grantIndex(ctx, index, grant)}] (${describeFilter(filters[i])})`,
  );
  ctx.problem(
    path,
    receiverName,
    `receiver "${receiverName}" lets rule "${forward.name}" in only by ${grants.join(" or ")}, which ` +
      `${grants.length === 1 ? "drops" : "drop"} events its pattern can send, such as ${describeDropped(dropped, filters)}: ` +
      "narrow the pattern, or add what it sends to a grant",
  );
}
