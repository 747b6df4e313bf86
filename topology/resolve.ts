/** Topology resolution: the phases in order, and the checks of the stacks as a whole. */
import { Placement } from "../modules/arns";
import { buildLogDeliveryPolicy } from "../modules/destinations/log-group";
import { Resolution } from "./context";
import { resolveDirectTargets } from "./resolve-direct";
import { checkAdmission, resolveGrants } from "./resolve-grants";
import { resolveReceivers } from "./resolve-receivers";
import { resolveReceiverRules } from "./resolve-rules";
import { resolveSenders } from "./resolve-senders";
import { Problem, ResolvedTopology } from "./resolved";
import { Topology } from "./schema";

export * from "./resolved";

/**
 * Everything the schema alone cannot see: references between parts, grants that cover each
 * sender, names that must be unique across accounts, and AWS limits on what we generate. Each
 * phase reads what the earlier ones resolved; problems come in the order the phases find them.
 */
export function resolveTopology(topology: Topology, baseDir = process.cwd()): { topology?: ResolvedTopology; problems: Problem[] } {
  const ctx = new Resolution(topology, baseDir);
  ctx.resolveAccounts();
  resolveReceivers(ctx);
  resolveSenders(ctx);
  resolveGrants(ctx);
  checkAdmission(ctx);
  resolveDirectTargets(ctx);
  resolveReceiverRules(ctx);
  checkStacks(ctx);
  if (ctx.problems.length > 0) return { problems: ctx.problems };
  return {
    problems: ctx.problems,
    topology: {
      name: topology.name,
      layout: topology.state.layout,
      backendOf: (stackName) => topology.state.stacks[stackName]?.backend ?? topology.state.backend,
      accounts: [...ctx.accounts.values()],
      receivers: [...ctx.receivers.values()].map((entry) => entry.receiver),
      senders: ctx.senders,
    },
  };
}

/** Phase 7: what the stacks must satisfy as a whole: log policy sizes, the apply order, per-stack overrides. */
function checkStacks(ctx: Resolution): void {
  const { topology } = ctx;
  checkLogPolicies(ctx);
  if (topology.state.layout === "per-account") checkAccountOrder(ctx);
  const stackNames =
    topology.state.layout === "single"
      ? [topology.name]
      : [
          ...new Set(
            [...ctx.receivers.values()]
              .map((entry) => entry.receiver.account.name)
              .concat(ctx.senders.map((sender) => sender.account.name)),
          ),
        ];
  for (const name of Object.keys(topology.state.stacks)) {
    if (!stackNames.includes(name)) {
      ctx.problem(["state", "stacks", name], name, `no stack has this name; the stacks are ${stackNames.join(", ")}`);
    }
  }
}

function checkLogPolicies(ctx: Resolution): void {
  const receivers = [...ctx.receivers.values()];
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
      ctx.reportInvalid(error, ["receivers", index, "targets"]);
    }
  }
}

/**
 * Per-account stacks apply a receiver before the senders that forward to its bus, and a sender before
 * the receivers whose Lambda permissions name its role; a cycle of these has no order.
 */
function checkAccountOrder(ctx: Resolution): void {
  const edges = new Map<string, Set<string>>();
  const appliedAfter = (later: string, earlier: string) => edges.set(later, (edges.get(later) ?? new Set<string>()).add(earlier));
  for (const sender of ctx.senders) {
    for (const forward of sender.forwards) {
      for (const receiver of forward.receivers) appliedAfter(sender.account.name, receiver.account.name);
      for (const direct of forward.directTargets) {
        if (direct.target.type === "function") appliedAfter(direct.receiver.account.name, sender.account.name);
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
      ctx.problem(
        ["state", "layout"],
        "per-account",
        `accounts ${cycle.join(" -> ")} must each be applied after the next (a sender after the buses it forwards to, a ` +
          `receiver after the roles its Lambda permissions name), so per-account stacks have no order: use "single"`,
      );
      return;
    }
  }
}
