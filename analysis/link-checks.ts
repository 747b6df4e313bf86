/** The verifier checks of forwards to other buses: grants, roles, apply order, third-account hops. */
import { describeDropped, describeFilter } from "../patterns/content";
import {
  BusHop,
  droppedContent,
  everyBusHop,
  everyDirectHop,
  lacksRequiredRole,
  needsRoleForOrganization,
  needsRoleForRegion,
  rolePutEvents,
} from "./delivery";
import { Check, Finding, finding, showEvent } from "./finding";
import { indexOf, lookup } from "./graph-index";
import { RuleNode, TopologyGraph, asList, statementsOf } from "./model";
import { allowsAction, conditionValues } from "./policies";

/** The checks of every target that forwards to a bus: grants, roles, order, third-account hops. */
const crossAccountHops = (graph: TopologyGraph) => everyBusHop(graph).filter((hop) => hop.crossAccount);
const sender = (hop: BusHop) => hop.target.at.accountId ?? "(unknown)";
/** Every role in these stacks that a target sends through to another account, to a bus or straight to a target. */
const rolesSendingAcross = (graph: TopologyGraph) => [
  ...new Set([...crossAccountHops(graph), ...everyDirectHop(graph)].flatMap((hop) => (hop.role ? [hop.role] : []))),
];
const ROLE_FIX = "set role_arn to a role EventBridge can assume with events:PutEvents on that bus";

const targetNotGranted: Check = {
  id: "target-not-granted",
  run: (graph) =>
    crossAccountHops(graph).flatMap((hop): Finding[] => {
      if (hop.policies.length === 0 && hop.receiverKnown) {
        return [
          finding(
            "target-not-granted",
            "error",
            hop.target,
            `bus ${hop.target.arn} has no bus policy, so PutEvents from account ${sender(hop)} is denied`,
            "add an aws_cloudwatch_event_bus_policy that grants the sender account or its organization",
          ),
        ];
      }
      if (hop.policies.length === 0 || hop.grants.length > 0) return [];
      const policy = hop.policies[0];
      return [
        finding(
          "target-not-granted",
          "error",
          hop.target,
          `the policy of ${hop.target.arn} does not let account ${sender(hop)} (rule ${hop.rule.arn ?? hop.rule.name}) put ` +
            `events, so they are dropped`,
          `add a grant for the account or its organization to ${policy.address} in stack ${policy.stack}`,
        ),
      ];
    }),
};

const grantDropsEvents: Check = {
  id: "grant-drops-events",
  run: (graph) =>
    crossAccountHops(graph).flatMap((hop): Finding[] => {
      const dropped = droppedContent(hop);
      if (!dropped) return [];
      const statements = hop.grants.map((grant) => `${grant.statement.Sid ?? "(no Sid)"} (${describeFilter(grant)})`);
      const policy = hop.policies[0];
      return [
        finding(
          "grant-drops-events",
          "error",
          hop.target,
          `rule ${hop.rule.name} can send events the policy of ${hop.target.arn} drops: it lets account ${sender(hop)} in only ` +
            `by ${statements.join(" or ")}, and the rule's pattern matches events with ${describeDropped(dropped, hop.grants)}, ` +
            `such as ${showEvent(dropped.event)}`,
          `narrow the rule's pattern, or add what it sends to the events:source or events:detail-type condition of ` +
            `${policy.address} in stack ${policy.stack}`,
        ),
      ];
    }),
};

const receiverUnknown: Check = {
  id: "receiver-unknown",
  run: (graph) =>
    crossAccountHops(graph)
      .filter((hop) => !hop.receiverKnown)
      .map((hop) =>
        finding(
          "receiver-unknown",
          "warning",
          hop.target,
          `bus ${hop.target.arn} is not in these stacks: its policy cannot be checked`,
          "verify the folder that holds the receiver's stacks too",
        ),
      ),
};

const roleMissing: Check = {
  id: "role-missing",
  run: (graph) =>
    everyBusHop(graph).flatMap((hop): Finding[] => {
      const at = hop.target.at;
      if (!hop.crossAccount) {
        return needsRoleForRegion(hop)
          ? [finding("role-missing", "error", hop.target, `forwards to ${hop.target.arn} in another region without a role`, ROLE_FIX)]
          : [];
      }
      return [
        ...(needsRoleForOrganization(hop)
          ? [
              finding(
                "role-missing",
                "error",
                hop.target,
                `account ${sender(hop)} is let into ${hop.target.arn} only by an organization grant, which needs a sender role`,
                ROLE_FIX,
              ),
            ]
          : []),
        ...(needsRoleForRegion(hop)
          ? [
              finding(
                "role-missing",
                "error",
                hop.target,
                `forwards from ${at.region} to ${hop.destination.region} without a role`,
                "set role_arn: EventBridge needs a role for cross-region bus targets",
              ),
            ]
          : []),
      ];
    }),
};

const roleRequired: Check = {
  id: "role-required",
  run: (graph) =>
    crossAccountHops(graph)
      .filter((hop) => !hop.target.roleArn && !lacksRequiredRole(hop))
      .map((hop) =>
        finding(
          "role-required",
          "warning",
          hop.target,
          `forwards to ${hop.target.arn} in another account without a role: since 2 March 2023 AWS requires an IAM role on ` +
            `every new cross-account event-bus target (EventBridge user guide, "Sending and receiving events between AWS ` +
            `accounts"), so this works only for a target created before then`,
          ROLE_FIX,
        ),
      ),
};

const roleUnknown: Check = {
  id: "role-unknown",
  run: (graph) =>
    [...crossAccountHops(graph), ...everyDirectHop(graph)]
      .filter((hop) => hop.target.roleArn && !hop.role)
      .map((hop) =>
        finding(
          "role-unknown",
          "warning",
          hop.target,
          `role ${hop.target.roleArn} is not in these stacks: its policies cannot be checked`,
          "verify the folder that holds the role too",
        ),
      ),
};

const roleTrust: Check = {
  id: "role-trust",
  run: (graph) =>
    rolesSendingAcross(graph).flatMap((role): Finding[] => {
      const trust = statementsOf(role.trust).filter(
        (statement) =>
          allowsAction(statement, "sts:AssumeRole") &&
          typeof statement.Principal === "object" &&
          asList(statement.Principal.Service).includes("events.amazonaws.com"),
      );
      if (trust.length === 0) {
        return [
          finding(
            "role-trust",
            "error",
            role,
            "the trust policy does not let events.amazonaws.com assume the role",
            "trust the service principal events.amazonaws.com with sts:AssumeRole",
          ),
        ];
      }
      const sourceArn = (statement: (typeof trust)[number]) =>
        conditionValues(statement, "ArnEquals", "aws:SourceArn").concat(conditionValues(statement, "ArnLike", "aws:SourceArn"));
      if (
        trust.some(
          (statement) => conditionValues(statement, "StringEquals", "aws:SourceAccount").length > 0 && sourceArn(statement).length > 0,
        )
      )
        return [];
      return [
        finding(
          "role-trust",
          "warning",
          role,
          "the trust policy has no aws:SourceAccount and aws:SourceArn conditions, so any rule of any account could use the role",
          "condition the trust on aws:SourceAccount (the sender) and aws:SourceArn (the forwarding rule)",
        ),
      ];
    }),
};

const rolePutEventsCheck: Check = {
  id: "role-put-events",
  run: (graph) =>
    crossAccountHops(graph).flatMap((hop): Finding[] => {
      const reach = hop.role && rolePutEvents(hop.role, hop.target.arn as string);
      if (!hop.role || reach === "exactly") return [];
      const severity = reach === "any-bus" ? "warning" : "error";
      const allowed = severity === "warning" ? "allows events:PutEvents on every bus, not" : "is not allowed events:PutEvents on";
      return [
        finding(
          "role-put-events",
          severity,
          hop.role,
          `the role ${allowed} ${hop.target.arn}`,
          `allow events:PutEvents on exactly ${hop.target.arn} in an aws_iam_role_policy of the role`,
        ),
      ];
    }),
};

/** Whether stack `stack` is applied after stack `before`, through its dependencies. */
function stackApplies(graph: TopologyGraph, stack: string, before: string): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const dependencies = indexOf(graph).stackByName.get(name)?.dependencies ?? [];
    return dependencies.includes(before) || dependencies.some(visit);
  };
  return visit(stack);
}

const grantOrder: Check = {
  id: "grant-order",
  run: (graph) =>
    crossAccountHops(graph).flatMap((hop) =>
      hop.policies
        .filter((policy) =>
          policy.stack === hop.target.stack
            ? !hop.target.dependsOn.has(policy.address)
            : !stackApplies(graph, hop.target.stack, policy.stack),
        )
        .map((policy) =>
          finding(
            "grant-order",
            "error",
            hop.target,
            `the target may be created before the grant ${policy.address} in stack ${policy.stack}`,
            policy.stack === hop.target.stack
              ? `add ${policy.address} to its depends_on`
              : `make stack ${hop.target.stack} depend on stack ${policy.stack}`,
          ),
        ),
    ),
};

export function accountFilter(rule: RuleNode): unknown[] | undefined {
  const account = rule.pattern?.account;
  return account === undefined ? undefined : Array.isArray(account) ? account : [account];
}

const thirdAccountHop: Check = {
  id: "third-account-hop",
  run: (graph) =>
    crossAccountHops(graph).flatMap((hop): Finding[] => {
      const own = hop.rule.at.accountId;
      const receivesForeignEvents = (lookup(indexOf(graph).busPoliciesByArn, hop.rule.busArn) ?? [])
        .flatMap((policy) => statementsOf(policy.document))
        .some((statement) => allowsAction(statement, "events:PutEvents"));
      const accounts = accountFilter(hop.rule);
      if (!receivesForeignEvents || (accounts !== undefined && accounts.every((account) => account === own))) return [];
      return [
        finding(
          "third-account-hop",
          "error",
          hop.target,
          `rule ${hop.rule.name} can match events its bus receives from other accounts and forwards them to account ` +
            `${hop.destination.accountId}: AWS drops events received from another account that are sent on to a third`,
          `filter the rule on "account": ["${own ?? "<own account>"}"] so it forwards only events of its own account`,
        ),
      ];
    }),
};

export const LINK_CHECKS: readonly Check[] = [
  targetNotGranted,
  grantDropsEvents,
  receiverUnknown,
  roleMissing,
  roleRequired,
  roleUnknown,
  roleTrust,
  rolePutEventsCheck,
  grantOrder,
  thirdAccountHop,
];
