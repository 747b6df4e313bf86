/** How EventBridge delivers from a rule target to another bus: the one model of the verifier and the simulator. */
import { BusPolicyNode, RoleNode, RuleNode, TargetNode, TopologyGraph } from "./model";
import { ArnParts, Grant, grantsFor, isEventBus, parseArn, putEventsResources } from "./policies";

/**
 * The one model of how EventBridge delivers an event from a rule's target to another bus, used by
 * the verifier (is every link sound?) and the simulator (where does this event go?):
 *
 * - another account's bus takes the event only if its policy grants the sender account, its
 *   organization or everybody, for that rule when the grant names rules (aws:SourceArn);
 * - a sender let in only through its organization must send through a role, as must a target in
 *   another region, and since 2 March 2023 every new cross-account bus target
 *   (EventBridge user guide, "Sending and receiving events between AWS accounts");
 * - the role must be allowed events:PutEvents on that bus;
 * - an event a bus received from another account is not sent on to a third account.
 */
export interface BusHop {
  readonly rule: RuleNode;
  readonly target: TargetNode;
  readonly destination: ArnParts;
  readonly crossAccount: boolean;
  readonly crossRegion: boolean;
  /** The receiving bus's policies in these stacks. */
  readonly policies: readonly BusPolicyNode[];
  /** The bus is declared (or has a policy) in these stacks, so its grants are known. */
  readonly receiverKnown: boolean;
  /** How the policies let this sender rule in. */
  readonly grants: readonly Grant[];
  /** The role the target sends through, when the role is in these stacks. */
  readonly role?: RoleNode;
}

/** The hop of a target to an event bus, or undefined for any other target. */
export function busHop(graph: TopologyGraph, target: TargetNode): BusHop | undefined {
  const destination = parseArn(target.arn);
  if (!isEventBus(destination)) return undefined;
  const sender = target.at;
  const policies = graph.busPolicies.filter((policy) => policy.busArn !== undefined && policy.busArn === target.arn);
  return {
    rule: target.rule,
    target,
    destination,
    crossAccount: !(sender.accountId !== undefined && sender.accountId === destination.accountId),
    crossRegion: sender.region !== undefined && sender.region !== destination.region,
    policies,
    receiverKnown: policies.length > 0 || graph.buses.has(target.arn as string),
    grants: policies.flatMap((policy) => grantsFor(policy, sender.accountId, target.rule.arn)),
    role: graph.roles.find((candidate) => candidate.arn !== undefined && candidate.arn === target.roleArn),
  };
}

const hopsOf = new WeakMap<TopologyGraph, BusHop[]>();

/** Every target's hop to a bus, computed once per graph: each check reads them. */
export function everyBusHop(graph: TopologyGraph): BusHop[] {
  let hops = hopsOf.get(graph);
  if (!hops) {
    hops = graph.targets.flatMap((target) => busHop(graph, target) ?? []);
    hopsOf.set(graph, hops);
  }
  return hops;
}

/** Cross-account, and no grant of the receiver's policy lets this sender rule in. */
export const lacksGrant = (hop: BusHop) => hop.crossAccount && hop.grants.length === 0;

/** Let in only through an organization grant, which AWS honours only for deliveries through a role. */
export const needsRoleForOrganization = (hop: BusHop) =>
  hop.crossAccount && hop.grants.length > 0 && hop.grants.every((grant) => grant.kind === "organization") && !hop.target.roleArn;

/** A bus in another region takes events only through a role. */
export const needsRoleForRegion = (hop: BusHop) => hop.crossRegion && !hop.target.roleArn;

/** Any reason a role is missing that AWS refuses outright (not only for new targets). */
export const lacksRequiredRole = (hop: BusHop) => needsRoleForOrganization(hop) || needsRoleForRegion(hop);

/** Whether a role may put events on the hop's bus: on exactly that bus, on every bus ("*"), or not. */
export function rolePutEvents(role: RoleNode, busArn: string): "exactly" | "any-bus" | "no" {
  const resources = putEventsResources(role);
  return resources.includes(busArn) ? "exactly" : resources.includes("*") ? "any-bus" : "no";
}

/** AWS does not send an event a bus received from another account on to a third account. */
export const isThirdAccountHop = (eventAccount: string, busAccount: string, destinationAccount: string) =>
  eventAccount !== busAccount && destinationAccount !== busAccount;
