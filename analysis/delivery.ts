/** How EventBridge delivers from a rule target to another account: the one model of the verifier and the simulator. */
import { DIRECT_DELIVERY_ACTION, DirectTargetKind } from "../modules/direct-delivery";
import { PolicyStatement } from "../modules/policy-document";
import { EventContent, contentAdmits, unadmittedEvent } from "../patterns/content";
import { EventPattern } from "../patterns/pattern";
import { indexOf, lookup } from "./graph-index";
import { BusPolicyNode, RoleNode, RuleNode, TargetNode, TargetPolicyNode, TopologyGraph, asList, statementsOf } from "./model";
import {
  ArnParts,
  Grant,
  actionResources,
  allowsAction,
  conditionValues,
  grantsFor,
  isEventBus,
  parseArn,
  putEventsResources,
} from "./policies";

/**
 * The one model of how EventBridge delivers an event from a rule's target to another bus, used by
 * the verifier (is every link sound?) and the simulator (where does this event go?):
 *
 * - another account's bus takes the event only if its policy grants the sender account, its
 *   organization or everybody, for that rule when the grant names rules (aws:SourceArn), and for
 *   that event's source and detail-type when the grant lists them (events:source, events:detail-type);
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
  const index = indexOf(graph);
  const policies = lookup(index.busPoliciesByArn, target.arn) ?? [];
  return {
    rule: target.rule,
    target,
    destination,
    crossAccount: !(sender.accountId !== undefined && sender.accountId === destination.accountId),
    crossRegion: sender.region !== undefined && sender.region !== destination.region,
    policies,
    receiverKnown: policies.length > 0 || graph.buses.has(target.arn as string),
    grants: policies.flatMap((policy) => grantsFor(policy, sender.accountId, target.rule.arn)),
    role: lookup(index.roleByArn, target.roleArn),
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

/** Whether a grant that lets the hop's sender in also admits an event of this source and detail-type. */
export const admitsContent = (hop: BusHop, source: unknown, detailType: unknown) =>
  hop.grants.some((grant) => contentAdmits(grant, source, detailType));

/**
 * What the hop's rule sends, as patterns that all hold: its own pattern, and the account and region
 * of the sender (PutEvents stamps them, forwarding keeps them; an event the bus received from
 * another account is not sent on to a third, see isThirdAccountHop). Undefined for a rule without
 * a pattern (scheduled, or unreadable).
 */
export function forwardedEvents(hop: BusHop): EventPattern[] | undefined {
  const { pattern, at } = hop.rule;
  if (!pattern) return undefined;
  const stamped = { ...(at.accountId ? { account: [at.accountId] } : {}), ...(at.region ? { region: [at.region] } : {}) };
  return Object.keys(stamped).length > 0 ? [pattern, stamped] : [pattern];
}

/** An event the hop's rule can send that every grant letting the sender in drops by source or detail-type (the matcher confirmed it). */
export function droppedContent(hop: BusHop): (EventContent & { readonly event: Record<string, unknown> }) | undefined {
  const [pattern, ...context] = forwardedEvents(hop) ?? [];
  return hop.crossAccount && hop.grants.length > 0 && pattern ? unadmittedEvent(pattern, hop.grants, context) : undefined;
}

/**
 * Let in only through an organization grant, which AWS honours only for deliveries through a role:
 * for an event of this content, or, without one, for some event the rule can send (other grants
 * do not admit all of it).
 */
export function needsRoleForOrganization(hop: BusHop, content?: { readonly source: unknown; readonly detailType: unknown }): boolean {
  if (!hop.crossAccount || hop.target.roleArn) return false;
  const admitting = content ? hop.grants.filter((grant) => contentAdmits(grant, content.source, content.detailType)) : hop.grants;
  if (!admitting.some((grant) => grant.kind === "organization")) return false;
  const direct = admitting.filter((grant) => grant.kind !== "organization");
  if (direct.length === 0) return true;
  const [pattern, ...context] = forwardedEvents(hop) ?? [];
  return !content && pattern !== undefined && unadmittedEvent(pattern, direct, context) !== undefined;
}

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

/**
 * Direct delivery from a rule to a queue, topic, function or stream of another account: AWS
 * supports it in the same region only, through an execution role of the rule's account that may
 * take the target's action and that the target's resource policy admits (EventBridge user guide,
 * "Sending events to an AWS service in another account"). Other services of another account (a
 * log group, for one) are not delivered to at all.
 */
export interface DirectHop {
  readonly rule: RuleNode;
  readonly target: TargetNode;
  readonly destination: ArnParts;
  /** What the target is, or undefined for a service AWS does not deliver to across accounts. */
  readonly kind?: DirectTargetKind;
  readonly crossRegion: boolean;
  /** The target's resource policies in these stacks (Lambda permissions each read as one). */
  readonly policies: readonly TargetPolicyNode[];
  /** The target or its policy is in these stacks, so what it admits is known. */
  readonly targetKnown: boolean;
  /** The policy with a statement that lets the target's role take the action, if any. */
  readonly admittedBy?: TargetPolicyNode;
  /** The role the target delivers through, when the role is in these stacks. */
  readonly role?: RoleNode;
}

const KIND_OF_SERVICE: Readonly<Record<string, DirectTargetKind>> = { sqs: "queue", sns: "topic", lambda: "function", kinesis: "stream" };

/** The hop of a target to another account's queue, topic, function or stream (or unsupported service); undefined otherwise. */
export function directHop(graph: TopologyGraph, target: TargetNode): DirectHop | undefined {
  const destination = parseArn(target.arn);
  const sender = target.at.accountId;
  if (!destination || destination.service === "events" || sender === undefined || destination.accountId === sender) return undefined;
  const kind = KIND_OF_SERVICE[destination.service] as DirectTargetKind | undefined;
  const index = indexOf(graph);
  const policies = lookup(index.targetPoliciesByArn, target.arn) ?? [];
  const roleArn = target.roleArn;
  const admits = (policy: TargetPolicyNode) =>
    kind !== undefined &&
    !!roleArn &&
    statementsOf(policy.document).some((statement) => admitsRole(statement, DIRECT_DELIVERY_ACTION[kind], roleArn));
  return {
    rule: target.rule,
    target,
    destination,
    kind,
    crossRegion: target.at.region !== undefined && target.at.region !== destination.region,
    policies,
    targetKnown: policies.length > 0 || graph.targetResources.has(target.arn as string),
    admittedBy: policies.find(admits),
    role: lookup(index.roleByArn, target.roleArn),
  };
}

const directHopsOf = new WeakMap<TopologyGraph, DirectHop[]>();

/** Every target's direct hop to another account, computed once per graph. */
export function everyDirectHop(graph: TopologyGraph): DirectHop[] {
  let hops = directHopsOf.get(graph);
  if (!hops) {
    hops = graph.targets.flatMap((target) => directHop(graph, target) ?? []);
    directHopsOf.set(graph, hops);
  }
  return hops;
}

/** Whether a resource-policy statement lets this role take the action: by the role, its account or anyone, within aws:PrincipalArn. */
export function admitsRole(statement: PolicyStatement, action: string, roleArn: string): boolean {
  if (!allowsAction(statement, action)) return false;
  const account = parseArn(roleArn)?.accountId;
  const principals = statement.Principal === "*" ? ["*"] : asList(statement.Principal?.AWS);
  const named = principals.some((principal) =>
    [roleArn, "*", account, `arn:${parseArnPartition(roleArn)}:iam::${account}:root`].includes(principal),
  );
  const principalArns = ["ArnEquals", "ArnLike", "StringEquals", "StringLike"].flatMap((operator) =>
    conditionValues(statement, operator, "aws:PrincipalArn"),
  );
  return named && (principalArns.length === 0 || principalArns.some((pattern) => globMatches(pattern, roleArn)));
}

const parseArnPartition = (arn: string) => arn.split(":")[1];

/** IAM's ArnLike/StringLike: * for any run of characters, ? for one. */
const globMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(value);

/** Whether a role may take the hop's action on exactly its target, on any resource ("*"), or not. */
export function roleMayDeliver(role: RoleNode, hop: DirectHop): "exactly" | "any-resource" | "no" {
  const resources = hop.kind ? actionResources(role, DIRECT_DELIVERY_ACTION[hop.kind]) : [];
  return resources.includes(hop.target.arn as string) ? "exactly" : resources.includes("*") ? "any-resource" : "no";
}
