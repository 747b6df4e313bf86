/** A witness for a forward: an event that travels its whole path to a final target (pattern algebra, confirmed by the simulator). */
import { filterPattern } from "../patterns/content";
import { intersection } from "../patterns/algebra";
import { EventPattern } from "../patterns/pattern";
import { BusHop, everyBusHop, forwardedEvents } from "./delivery";
import { indexOf, lookup } from "./graph-index";
import { TopologyGraph } from "./model";
import { Simulation, simulate } from "./simulate";

/**
 * PutEvents' entry for the event: Source, DetailType and Detail are required, Detail is a JSON
 * object as a string (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
 */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Resources?: string[];
  /** The event's `time`, when the patterns ask for one; PutEvents takes it in the form EventBridge writes. */
  readonly Time?: string;
  readonly EventBusName: string;
}

export interface Witness {
  readonly hop: BusHop;
  readonly event: Record<string, unknown>;
  readonly entry: PutEventsEntry;
  /** Fields of the event that PutEvents sets itself and the entry cannot give: the put event may not match. */
  readonly unsettable: string[];
  /** The simulator's run of the event from the sender's bus: it reaches a final target. */
  readonly simulation: Simulation;
}

export type WitnessResult = { readonly witness: Witness } | { readonly reasons: string[] };

/** The names of every forward (a rule with a target on another bus) in the graph. */
const forwardNames = (graph: TopologyGraph) => [...new Set(everyBusHop(graph).map((hop) => hop.rule.name))].sort();

/**
 * An event the forward's rule sends, that a grant of the receiving bus admits and a rule there
 * matches, and that the simulator then follows to a final target; or why none was found, hop by
 * hop and rule by rule. Undecided comparisons are said as such, never as "no event".
 */
export function forwardWitness(graph: TopologyGraph, forward: string): WitnessResult {
  const hops = everyBusHop(graph).filter((hop) => hop.rule.name === forward);
  if (hops.length === 0) return { reasons: [`no forward is named ${forward}; forwards: ${forwardNames(graph).join(", ") || "none"}`] };
  const reasons: string[] = [];
  for (const hop of hops) {
    const sent = forwardedEvents(hop);
    if (!sent) {
      reasons.push(`${hop.target.arn}: rule ${forward} has no event pattern`);
      continue;
    }
    // Only grants narrowed by content constrain the event; one grant that is not lets every event in.
    const narrowed = hop.crossAccount && hop.grants.length > 0 && hop.grants.every((grant) => grant.sources || grant.detailTypes);
    const grants: EventPattern[] = narrowed ? hop.grants.map(filterPattern) : [];
    const rules = (lookup(indexOf(graph).rulesByBusArn, hop.target.arn) ?? []).filter((rule) => rule.pattern && rule.targets.length > 0);
    if (rules.length === 0) reasons.push(`${hop.target.arn}: no rule with an event pattern and a target there`);
    for (const rule of rules) {
      for (const grant of grants.length > 0 ? grants : [undefined]) {
        const patterns = [...sent, rule.pattern as EventPattern, ...(grant ? [grant] : [])];
        const answer = intersection(patterns);
        const via = `${hop.target.arn} rule ${rule.name}${grant ? ` under grant ${JSON.stringify(grant)}` : ""}`;
        if (answer.answer !== "yes" || !answer.witness) {
          reasons.push(`${via}: ${answer.answer === "no" ? "no event matches both" : "undecided"} (${answer.reason})`);
          continue;
        }
        const found = confirmed(graph, hop, answer.witness, patterns);
        if ("witness" in found) return found;
        reasons.push(`${via}: ${found.reason}`);
      }
    }
  }
  return { reasons };
}

function confirmed(
  graph: TopologyGraph,
  hop: BusHop,
  event: Record<string, unknown>,
  patterns: readonly EventPattern[],
): { witness: Witness } | { reason: string } {
  const { accountId, region } = hop.rule.at;
  if (!accountId || !region) return { reason: "the sender's account or region is not known before apply" };
  const simulation = simulate(graph, { accountId, region, busName: hop.rule.busName, event });
  const sentThrough = simulation.steps.some((step) => step.text.startsWith(`sent to ${hop.target.arn}`));
  if (!sentThrough || simulation.delivered.length === 0) {
    const last = simulation.steps.filter((step) => step.text.startsWith("dropped") || step.text.includes("no match")).at(-1);
    return { reason: `the simulator does not take the event to a final target through it${last ? `: ${last.text}` : ""}` };
  }
  const resources = event.resources as string[];
  const asked = (field: string) => patterns.some((pattern) => mentions(pattern, field));
  const time = asked("time") && typeof event.time === "string" && EVENT_TIME.test(event.time) ? event.time : undefined;
  const entry: PutEventsEntry = {
    Source: event.source as string,
    DetailType: event["detail-type"] as string,
    Detail: JSON.stringify(event.detail),
    ...(resources.length > 0 ? { Resources: resources } : {}),
    ...(time ? { Time: time } : {}),
    EventBusName: hop.rule.busName,
  };
  return { witness: { hop, event, entry, unsettable: unsettableFields(event, asked, time), simulation } };
}

/**
 * The form of an event's `time` ("2017-12-22T18:43:48Z",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html): PutEvents'
 * `Time` (RFC 3339; the call's time when omitted, API_PutEventsRequestEntry above) gives it; a
 * witness time of another form cannot be put.
 */
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Whether the pattern, or one of its `$or` alternatives, filters on this top-level field. */
const mentions = (pattern: EventPattern, field: string): boolean =>
  field in pattern || (Array.isArray(pattern.$or) && (pattern.$or as EventPattern[]).some((part) => mentions(part, field)));

/**
 * The fields the patterns ask for that the entry cannot give: PutEvents writes `id` (new each
 * time) and `version` ("0"), and takes `time` only as `Time`.
 */
function unsettableFields(event: Record<string, unknown>, asked: (field: string) => boolean, time: string | undefined): string[] {
  return [
    ...(asked("id") ? ["id"] : []),
    ...(asked("version") && event.version !== "0" ? ["version"] : []),
    ...(asked("time") && !time ? ["time"] : []),
  ];
}
