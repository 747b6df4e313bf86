/** The verifier checks of what flows along each forward: do its events match a rule of the receiving bus, and does each rule get any? */
import { Answer, intersection, subsumption } from "../patterns/algebra";
import { EventPattern } from "../patterns/pattern";
import { BusHop, everyBusHop, forwardedEvents, lacksGrant } from "./delivery";
import { Check, Finding, finding, showEvent } from "./finding";
import { allBy, indexOf, lookup } from "./graph-index";
import { accountFilter } from "./link-checks";
import { RuleNode, TopologyGraph } from "./model";
import { parseArn } from "./policies";

/** One forward into a bus whose rules are in these stacks: what it sends, and whether each rule there can match it. */
interface Flow {
  readonly hop: BusHop;
  readonly sent: EventPattern[];
  /** An event the forward sends, confirmed by the matcher. */
  readonly example: Record<string, unknown>;
  readonly rules: readonly RuleNode[];
  /**
   * For each rule, whether some event the forward sends matches it; undefined where the rule's account
   * filter leaves the sender out (a "no" whose reason `meetingOf` asks the algebra for, when a message needs it).
   */
  readonly meets: readonly (Answer | undefined)[];
}

/** Whether some event the forward sends matches its receiving bus's rule at `index`, with the algebra's reason. */
const meetingOf = (flow: Flow, index: number): Answer =>
  flow.meets[index] ?? intersection([...flow.sent, flow.rules[index].pattern as EventPattern]);

/** Whether the forward is proven to send nothing the rule matches (its answer "no", or the rule's account filter left the sender out). */
const misses = (answer: Answer | undefined) => (answer?.answer ?? "no") === "no";

const missesAll = (flow: Flow) => flow.meets.every(misses);

/**
 * Whether the rule's `account` filter lists exact accounts and not the sender's: then no event the
 * sender forwards matches it (forwarded events carry the sender's account, and a pattern's top-level
 * fields must all match), and the algebra need not be asked. A hub with a rule per hundred senders
 * would otherwise compare each forward with every rule: a million comparisons at 10,000 senders.
 */
function filtersOut(rule: RuleNode, sender: string | undefined): boolean {
  const accounts = (rule.pattern as EventPattern | undefined)?.account;
  return (
    sender !== undefined && Array.isArray(accounts) && accounts.every((value) => typeof value === "string") && !accounts.includes(sender)
  );
}

const flowsOf = new WeakMap<TopologyGraph, Flow[]>();

/** Every forward into a known bus that lets it in and can send something, with its answers per rule there (computed once per graph). */
function everyFlow(graph: TopologyGraph): Flow[] {
  let flows = flowsOf.get(graph);
  if (flows) return flows;
  const { rulesByBusArn } = indexOf(graph);
  flows = everyBusHop(graph).flatMap((hop): Flow[] => {
    const sent = forwardedEvents(hop);
    // Without a grant nothing gets in at all: target-not-granted says so, and what the rules match is moot.
    if (!sent || !hop.receiverKnown || lacksGrant(hop)) return [];
    const sends = intersection(sent);
    if (sends.answer !== "yes" || !sends.witness) return [];
    const rules = (lookup(rulesByBusArn, hop.target.arn) ?? []).filter((rule) => rule.pattern);
    const meets = rules.map((rule) =>
      filtersOut(rule, hop.rule.at.accountId) ? undefined : intersection([...sent, rule.pattern as EventPattern]),
    );
    return [{ hop, sent, example: sends.witness, rules, meets }];
  });
  flowsOf.set(graph, flows);
  return flows;
}

const reasons = (flow: Flow) =>
  flow.rules
    .slice(0, 3)
    .map((rule, i) => `rule ${rule.name}: ${meetingOf(flow, i).reason}`)
    .concat(flow.rules.length > 3 ? [`and ${flow.rules.length - 3} more rules`] : [])
    .join("; ");

const deadForward: Check = {
  id: "dead-forward",
  run: (graph) =>
    everyFlow(graph)
      .filter(missesAll)
      .map((flow) =>
        finding(
          "dead-forward",
          "error",
          flow.hop.target,
          `rule ${flow.hop.rule.name} forwards to ${flow.hop.target.arn}, but no rule there can match what it sends ` +
            `(such as ${showEvent(flow.example)}): ` +
            (flow.rules.length === 0 ? "the bus has no rule with an event pattern" : reasons(flow)) +
            "; EventBridge charges for every event and the receiver drops them all",
          "align the forward's pattern with a rule of the receiving bus (source, detail-type, the rule's account filter), " +
            "or add a rule there",
        ),
      ),
};

const unmatchedForwardedEvents: Check = {
  id: "unmatched-forwarded-events",
  run: (graph) =>
    everyFlow(graph).flatMap((flow): Finding[] => {
      if (!flow.meets.some((answer) => answer?.answer === "yes")) return [];
      // A rule proven to match none of what the forward sends covers none of it either: left out, the search is shorter.
      const meeting = flow.rules.filter((_, i) => !misses(flow.meets[i]));
      const covered = subsumption(
        flow.sent,
        meeting.map((rule) => rule.pattern as EventPattern),
      );
      if (covered.answer !== "no" || !covered.witness) return [];
      return [
        finding(
          "unmatched-forwarded-events",
          "warning",
          flow.hop.target,
          `rule ${flow.hop.rule.name} forwards to ${flow.hop.target.arn} events that no rule there matches, such as ` +
            showEvent(covered.witness),
          "narrow the forward's pattern to what the receiving rules match, or widen a receiving rule",
        ),
      ];
    }),
};

/** Whether each account the rule filters on, other than the bus's own, has a forward into the bus in these stacks. */
function sendersKnown(rule: RuleNode, own: string | undefined, senders: ReadonlySet<string | undefined>): boolean {
  const accounts = accountFilter(rule);
  if (!accounts || !accounts.every((account) => typeof account === "string")) return false;
  return accounts.every((account) => account === own || senders.has(account));
}

const deadReceiverRule: Check = {
  id: "dead-receiver-rule",
  run: (graph) => {
    const intoBus = allBy(everyFlow(graph), (flow) => flow.hop.target.arn);
    return [...intoBus].flatMap(([bus, incoming]) => {
      const own = parseArn(bus)?.accountId;
      // A set, not a scan of the forwards per account: a hub's rule may filter on thousands of accounts.
      const senders = new Set(incoming.map((flow) => flow.hop.rule.at.accountId));
      return incoming[0].rules.flatMap((rule, index): Finding[] => {
        if (!incoming.every((flow) => misses(flow.meets[index])) || !sendersKnown(rule, own, senders)) return [];
        if (!own || intersection([rule.pattern as EventPattern, { account: [own] }]).answer !== "no") return [];
        // The forward of an account the rule accepts says best why nothing gets through.
        const accepted = incoming.find((flow) => accountFilter(rule)?.includes(flow.hop.rule.at.accountId)) ?? incoming[0];
        const matches = intersection([rule.pattern as EventPattern]);
        const example = matches.answer === "yes" && matches.witness ? `; it matches events such as ${showEvent(matches.witness)}` : "";
        return [
          finding(
            "dead-receiver-rule",
            "warning",
            rule,
            `no forward into ${bus} can send an event rule ${rule.name} matches (${incoming.length} forward` +
              `${incoming.length === 1 ? "" : "s"} checked, such as ${accepted.hop.rule.name}: ${meetingOf(accepted, index).reason}), ` +
              `and the rule does not match events of its own account ${own}${example}`,
            "align the rule's pattern with what the senders forward, or remove the rule",
          ),
        ];
      });
    });
  },
};

export const FLOW_CHECKS: readonly Check[] = [deadForward, unmatchedForwardedEvents, deadReceiverRule];
