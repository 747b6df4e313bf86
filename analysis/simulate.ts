/** One event followed through the stacks, rule by rule, with the reason for every drop. */
import { eventBusArn } from "../modules/arns";
import { DIRECT_DELIVERY_ACTION } from "../modules/direct-delivery";
import {
  BusHop,
  DirectHop,
  admitsContent,
  busHop,
  directHop,
  roleMayDeliver,
  isThirdAccountHop,
  lacksGrant,
  needsRoleForOrganization,
  needsRoleForRegion,
  rolePutEvents,
} from "./delivery";
import { describeFilter } from "../patterns/content";
import { indexOf } from "./graph-index";
import { parseArn } from "./policies";
import { matchesEventPattern } from "../patterns/match";
import { EventPattern } from "../patterns/pattern";
import { TargetNode, TopologyGraph } from "./model";

/** One step of an event's path, as printed. */
export interface Step {
  /** Nesting: 0 on the bus the event was put on, 1 after one cross-account hop, ... */
  readonly depth: number;
  readonly text: string;
}

export interface Simulation {
  readonly steps: Step[];
  /** Every final target (log group, queue, topic, function) the event reached. */
  readonly delivered: string[];
}

export interface PutEvent {
  readonly accountId: string;
  readonly region: string;
  readonly busName: string;
  readonly event: Record<string, unknown>;
}

/** Why a pattern did not match: the top-level fields whose sub-pattern fails on their own. */
export function unmatchedFields(pattern: EventPattern, event: unknown): string[] {
  return Object.keys(pattern).filter((field) => !matchesEventPattern({ [field]: pattern[field] }, event));
}

const show = (value: unknown) => (value === undefined ? "missing" : JSON.stringify(value));

/**
 * Sends one event through the graph: the rules of the bus it is put on, cross-account and
 * cross-region delivery with the grant, role and third-account checks AWS applies, the rules of
 * each receiving bus, and the final targets.
 */
export function simulate(graph: TopologyGraph, put: PutEvent): Simulation {
  const steps: Step[] = [];
  const delivered: string[] = [];
  // PutEvents stamps the caller's account and region; a forwarded event keeps them.
  const event = { ...put.event, account: put.accountId, region: put.region };
  const say = (depth: number, text: string) => steps.push({ depth, text });

  const onBus = (busArn: string, accountId: string, depth: number, seen: ReadonlySet<string>) => {
    const rules = indexOf(graph).rulesByBusArn.get(busArn) ?? [];
    say(depth, `bus ${busArn}: ${rules.length} rule${rules.length === 1 ? "" : "s"}`);
    for (const rule of rules) {
      const pattern = rule.pattern;
      if (!pattern) {
        say(depth + 1, `rule ${rule.name}: no event pattern (scheduled or unreadable), skipped`);
        continue;
      }
      if (!matchesEventPattern(pattern, event)) {
        const fields = unmatchedFields(pattern, event);
        say(
          depth + 1,
          `rule ${rule.name}: no match on ` +
            fields
              .map((field) => `${field} (pattern ${show(pattern[field])}, event ${show(event[field as keyof typeof event])})`)
              .join(", "),
        );
        continue;
      }
      say(depth + 1, `rule ${rule.name}: matched`);
      for (const target of rule.targets) deliver(target, accountId, depth + 2, seen);
    }
  };

  const deliver = (target: TargetNode, busAccount: string, depth: number, seen: ReadonlySet<string>): void => {
    if (!parseArn(target.arn) || !target.arn) {
      say(depth, `target ${target.address}: its ARN is not known before apply, not followed`);
      return;
    }
    const direct = directHop(graph, target);
    if (direct) {
      const dropped = directDropReason(direct);
      say(depth, dropped ? `dropped before ${target.arn}: ${dropped}` : directDelivery(direct));
      if (!dropped) delivered.push(target.arn);
      return;
    }
    const hop = busHop(graph, target);
    if (!hop) {
      say(depth, `delivered to ${target.arn}`);
      delivered.push(target.arn);
      return;
    }
    const dropped = busDropReason(hop, event, busAccount, seen);
    if (dropped) return void say(depth, `dropped before ${target.arn}: ${dropped}`);
    say(depth, `sent to ${target.arn}${target.roleArn ? ` via role ${target.roleArn}` : ""}`);
    onBus(target.arn, hop.destination.accountId, depth + 1, new Set([...seen, target.arn]));
  };

  const start = eventBusArn({ accountId: put.accountId, region: put.region }, put.busName);
  onBus(start, put.accountId, 0, new Set([start]));
  return { steps, delivered };
}

/** Why AWS would not put the event on the hop's bus, in the order it checks; undefined when it would. */
function busDropReason(hop: BusHop, event: Record<string, unknown>, busAccount: string, seen: ReadonlySet<string>): string | undefined {
  if (seen.has(hop.target.arn as string)) return "the event has already been on that bus (a loop)";
  if (hop.crossAccount) {
    const account = String(event.account);
    if (isThirdAccountHop(account, busAccount, hop.destination.accountId)) {
      return `the event came from account ${account}; AWS does not send events received from another account on to a third`;
    }
    if (!hop.receiverKnown) return "the receiving bus is not in these stacks, so its policy is unknown";
    if (lacksGrant(hop)) return `its bus policy does not let account ${busAccount} (rule ${hop.rule.name}) put events`;
    const content = { source: event.source, detailType: event["detail-type"] };
    if (!admitsContent(hop, content.source, content.detailType)) {
      return (
        `its bus policy lets account ${busAccount} in only for ${hop.grants.map(describeFilter).join(" or ")}, not for ` +
        `source ${show(content.source)} with detail-type ${show(content.detailType)}`
      );
    }
    if (needsRoleForOrganization(hop, content)) return "the account is let in only by an organization grant and the target has no role";
  }
  if (needsRoleForRegion(hop)) return "a cross-region bus target needs a role";
  if (hop.role && rolePutEvents(hop.role, hop.target.arn as string) === "no") return `role ${hop.role.name} may not put events on it`;
  return undefined;
}

const directDelivery = (hop: DirectHop) =>
  `delivered to ${hop.target.arn} of account ${hop.destination.accountId} directly via role ${hop.target.roleArn} ` +
  `(${hop.admittedBy?.address} admits it)`;

/** Why AWS would not deliver straight to a target of another account, in the order it checks; undefined when it would. */
function directDropReason(hop: DirectHop): string | undefined {
  if (!hop.kind) return `EventBridge does not deliver to ${hop.destination.service} targets of another account`;
  if (hop.crossRegion) return "direct delivery to another account works only in the rule's region";
  if (!hop.target.roleArn) return "direct delivery to another account needs an execution role on the target";
  if (hop.role && roleMayDeliver(hop.role, hop) === "no")
    return `role ${hop.role.name} may not take ${DIRECT_DELIVERY_ACTION[hop.kind]} on it`;
  if (!hop.targetKnown) return "the target is not in these stacks, so its resource policy is unknown";
  if (!hop.admittedBy) return `its resource policy does not let role ${hop.target.roleArn} take ${DIRECT_DELIVERY_ACTION[hop.kind]}`;
  return undefined;
}

export function formatSimulation(simulation: Simulation): string {
  return simulation.steps.map((step) => `${"  ".repeat(step.depth)}${step.text}`).join("\n");
}
