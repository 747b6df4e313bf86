/** What the diagram's HTML shows for a clicked flow: its pattern, the grant and role it goes through, and the verifier's findings. */
import { DIRECT_DELIVERY_ACTION } from "../modules/direct-delivery";
import { admitsRole, busHop, directHop, roleMayDeliver, rolePutEvents } from "./delivery";
import { Finding } from "./finding";
import { allBy, indexOf, lookup } from "./graph-index";
import { Located, RoleNode, RuleNode, TargetNode, TopologyGraph, statementsOf } from "./model";
import { Grant } from "./policies";

/** A verifier finding on a flow, with what on the flow it is about. */
export interface FlowFinding {
  readonly severity: Finding["severity"];
  readonly check: string;
  /** "target", "rule", "role" or the policy it is on, with its Terraform address. */
  readonly about: string;
  readonly message: string;
  readonly fix: string;
}

/** The details of one flow, all plain text (the HTML escapes them). */
export interface FlowDetails {
  /** The rule the flow enters or leaves, with its stack and Terraform address. */
  readonly rule: string;
  /** The rule's event pattern as indented JSON, or "(no pattern)". */
  readonly pattern: string;
  /** What admits the flow: a bus policy statement, a target's resource policy, or why none is needed or known. */
  readonly grant: string;
  /** The role the flow is delivered through, and whether it may deliver there. */
  readonly role: string;
  readonly findings: readonly FlowFinding[];
}

const where = (located: Located) => `${located.stack}: ${located.address}`;
const ruleOf = (rule: RuleNode) => `${rule.name} (${where(rule)})`;
const patternOf = (rule: RuleNode) => (rule.pattern ? JSON.stringify(rule.pattern, null, 2) : (rule.patternText ?? "(no pattern)"));

const key = (located: Pick<Located, "stack" | "address">) => `${located.stack} ${located.address}`;
const findingsAt = new WeakMap<readonly Finding[], ReadonlyMap<string, readonly Finding[]>>();

// Grouped once per list of findings: every flow of the diagram asks, and filtering them all per flow was quadratic.
function findingsOn(findings: readonly Finding[], located: Located): readonly Finding[] {
  let byNode = findingsAt.get(findings);
  if (!byNode) {
    byNode = allBy(findings, key);
    findingsAt.set(findings, byNode);
  }
  return byNode.get(key(located)) ?? [];
}

function findingsAbout(findings: readonly Finding[], about: readonly (readonly [string, Located | undefined])[]): FlowFinding[] {
  return about.flatMap(([label, located]) =>
    located
      ? findingsOn(findings, located).map(({ severity, check, message, fix }) => ({
          severity,
          check,
          about: `${label} ${where(located)}`,
          message,
          fix,
        }))
      : [],
  );
}

/** A flow from a bus into one of its rules: the rule's own account, so no grant and no role. */
export function matchDetails(rule: RuleNode, findings: readonly Finding[]): FlowDetails {
  return {
    rule: ruleOf(rule),
    pattern: patternOf(rule),
    grant: "none needed: a rule matches the events of its own account's bus",
    role: "none: the rule reads its own bus",
    findings: findingsAbout(findings, [["rule", rule]]),
  };
}

const GRANTED: Record<Grant["kind"], string> = {
  account: "the sender's account",
  organization: "the sender's organization",
  everybody: "every AWS account",
};

function describeGrant(grant: Grant, policy: Located | undefined): string {
  const narrowed = [
    ...(grant.sources ? [`sources ${grant.sources.join(", ")}`] : []),
    ...(grant.detailTypes ? [`detail-types ${grant.detailTypes.join(", ")}`] : []),
  ];
  const statement = grant.statement.Sid ? `statement "${grant.statement.Sid}"` : "a statement without Sid";
  return `bus policy ${policy ? where(policy) : "?"}, ${statement}: grants ${GRANTED[grant.kind]}${
    narrowed.length > 0 ? `, only ${narrowed.join(" and ")}` : ""
  }`;
}

function roleText(target: TargetNode, role: RoleNode | undefined, may: () => string): string {
  if (!target.roleArn) return "none: EventBridge delivers as the rule's account";
  if (!role) return `${target.roleArn} (not in these stacks)`;
  return `${role.name} (${role.arn ?? where(role)}), ${may()}`;
}

/** A flow from a rule to another bus, read through the one delivery model (analysis/delivery.ts). */
function busFlow(graph: TopologyGraph, target: TargetNode): (Pick<FlowDetails, "grant" | "role"> & { policies: Located[] }) | undefined {
  const hop = busHop(graph, target);
  if (!hop) return undefined;
  const policyOf = (grant: Grant) => hop.policies.find((policy) => statementsOf(policy.document).includes(grant.statement));
  const grant = !hop.crossAccount
    ? "none needed: the bus is in the rule's own account"
    : !hop.receiverKnown
      ? "unknown: the receiving bus and its policy are not in these stacks"
      : hop.grants.length === 0
        ? `none: ${hop.policies.length > 0 ? `no statement of ${hop.policies.map(where).join(", ")} lets this rule in` : "no bus policy"}`
        : hop.grants.map((found) => describeGrant(found, policyOf(found))).join("; ");
  const may = { exactly: "may put events on this bus", "any-bus": "may put events on any bus", no: "may not put events on this bus" };
  return {
    grant,
    role: roleText(target, hop.role, () => may[rolePutEvents(hop.role as RoleNode, target.arn as string)]),
    policies: [...hop.policies],
  };
}

/** A flow from a rule straight to another account's queue, topic, function or stream. */
function directFlow(graph: TopologyGraph, target: TargetNode): (Pick<FlowDetails, "grant" | "role"> & { policies: Located[] }) | undefined {
  const hop = directHop(graph, target);
  if (!hop) return undefined;
  const kind = hop.kind;
  const statement =
    kind && target.roleArn
      ? statementsOf(hop.admittedBy?.document).find((candidate) =>
          admitsRole(candidate, DIRECT_DELIVERY_ACTION[kind], target.roleArn as string),
        )
      : undefined;
  const grant = !kind
    ? "none: EventBridge does not deliver to this service in another account"
    : hop.admittedBy
      ? `resource policy ${where(hop.admittedBy)}, ${statement?.Sid ? `statement "${statement.Sid}"` : "a statement"}: admits the role`
      : !hop.targetKnown
        ? "unknown: the target and its policy are not in these stacks"
        : "none: no resource policy of the target admits the role";
  const may = {
    exactly: "may deliver to this target",
    "any-resource": "may deliver to any resource",
    no: "may not deliver to this target",
  };
  return { grant, role: roleText(target, hop.role, () => may[roleMayDeliver(hop.role as RoleNode, hop)]), policies: [...hop.policies] };
}

/** A flow from a rule to one of its targets: through a bus policy, a target's resource policy, or within the account. */
export function deliveryDetails(graph: TopologyGraph, target: TargetNode, findings: readonly Finding[]): FlowDetails {
  const index = indexOf(graph);
  const role = lookup(index.roleByArn, target.roleArn);
  const local = () => {
    const policies = lookup(index.targetPoliciesByArn, target.arn) ?? [];
    return {
      grant: `none needed across accounts: the target is in the rule's own account${
        policies.length > 0 ? ` (its resource policy: ${policies.map(where).join(", ")})` : ""
      }`,
      role: roleText(target, role, () => "in the rule's account"),
      policies,
    };
  };
  const flow = busFlow(graph, target) ?? directFlow(graph, target) ?? local();
  return {
    rule: ruleOf(target.rule),
    pattern: patternOf(target.rule),
    grant: flow.grant,
    role: flow.role,
    findings: findingsAbout(findings, [
      ["target", target],
      ["rule", target.rule],
      ["role", role],
      ...flow.policies.map((policy) => ["policy", policy] as const),
    ]),
  };
}
