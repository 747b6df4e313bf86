/** The topology drawn from a folder of stacks: the layout-free model, and its Mermaid flowchart. */
import { Finding } from "./checks";
import { FlowDetails, deliveryDetails, matchDetails } from "./diagram-details";
import { TopologyGraph } from "./model";

/**
 * The topology as a picture: accounts as boxes holding their buses, rules and destinations; flows
 * labelled with the patterns that let events through; broken links (verify's errors) marked.
 * Rendered as a Mermaid flowchart (here), an SVG laid out by dagre (diagram-svg.ts) and an HTML page
 * whose flows show their details when clicked (diagram-html.ts), all from this one layout-free model.
 */
export interface DiagramNode {
  readonly id: string;
  readonly label: string;
  readonly kind: "bus" | "rule" | "destination";
  /** The account box, "<account> <region>". */
  readonly group: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** The check of the verifier's first error on the flow's target: the flow is broken. */
  readonly broken?: string;
  readonly details: FlowDetails;
}

export interface Diagram {
  /** The account boxes: one per account and region. */
  readonly groups: string[];
  /** How many accounts the boxes stand for (an account in two regions is two boxes). */
  readonly accounts: number;
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
  /** A box standing for accounts wired alike (diagram-collapse.ts): its name, and the accounts, the one drawn first. */
  readonly collapsed?: Readonly<Record<string, readonly string[]>>;
}

/** A pattern in a few words: field = values, operators by name, the account filter last. */
export function summarizePattern(pattern: Record<string, unknown> | undefined, depth = 0): string {
  if (!pattern) return "(no pattern)";
  const describe = (value: unknown): string => {
    if (Array.isArray(value)) return value.map(describe).join(" | ");
    if (value && typeof value === "object") {
      return Object.entries(value)
        .map(([operator, operand]) => (operator.startsWith("$") || depth > 1 ? operator : `${operator} ${describe(operand)}`))
        .join(", ");
    }
    return String(value);
  };
  const entries = Object.entries(pattern).sort(([a], [b]) => (a === "account" ? 1 : b === "account" ? -1 : 0));
  const text = entries
    .map(([field, value]) =>
      Array.isArray(value) || typeof value !== "object" || value === null
        ? `${field}: ${describe(value)}`
        : `${field}.{${summarizePattern(value as Record<string, unknown>, depth + 1)}}`,
    )
    .join("; ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const arnParts = (arn: string) => arn.split(":");
/** "<account> <id> <region>": the account box, named as the topology names the account. */
const groupLabel = (name: string | undefined, accountId?: string, region?: string) =>
  `${name ? `${name} ` : ""}${accountId ?? "?"} ${region ?? "?"}`;

/**
 * The topology's name of each account. A stack of the per-account layout holds one account and is
 * named after it (cdktf's stacks/<name>, an export's <name>/), so its name is the account's, hyphens
 * and all; an account of a stack holding several (the single layout) is known by its provider alias
 * less the region ("wl_dev" for "wl-dev"), the closest the Terraform holds.
 */
export function accountNames(graph: TopologyGraph): Map<string, string | undefined> {
  const placed = [...graph.rules, ...graph.targetResources.values(), ...graph.buses.values(), ...graph.targetPolicies, ...graph.roles];
  const accountsOf = new Map<string, Set<string>>();
  for (const { stack, at } of placed) if (at.accountId) accountsOf.set(stack, (accountsOf.get(stack) ?? new Set()).add(at.accountId));
  const names = new Map<string, string | undefined>();
  for (const { stack, at } of placed) {
    if (!at.accountId || names.get(at.accountId)) continue;
    const own = accountsOf.get(stack)?.size === 1 && stack !== "." && !stack.includes("/");
    names.set(at.accountId, own ? stack : at.alias?.replace(/_[a-z]{2}(_gov)?_[a-z]+_\d+$/, ""));
  }
  return names;
}

function destinationLabel(arn: string): string {
  const parts = arnParts(arn);
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  const kind: Record<string, string> = {
    logs: "log group",
    sqs: "queue",
    sns: "topic",
    lambda: "function",
    kinesis: "stream",
    events: "bus",
  };
  return `${kind[service] ?? service} ${resource.replace(/^(log-group:|function:|event-bus\/|stream\/)/, "")}`;
}

export function buildDiagram(graph: TopologyGraph, findings: readonly Finding[]): Diagram {
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  // An account that only receives straight into its targets has no rule: its name comes from any resource placed in it.
  const names = accountNames(graph);
  const accounts = new Set<string | undefined>();
  const groupOf = (accountId?: string, region?: string) => {
    accounts.add(accountId);
    return groupLabel(accountId && names.get(accountId), accountId, region);
  };
  const add = (node: DiagramNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  const busNode = (arn: string) => {
    const [, , , region, accountId] = arnParts(arn);
    return add({ id: `bus:${arn}`, label: destinationLabel(arn), kind: "bus", group: groupOf(accountId, region) });
  };
  const errorsOf = new Map<string, string>();
  for (const finding of findings) if (finding.severity === "error") errorsOf.set(`${finding.stack} ${finding.address}`, finding.check);

  for (const rule of graph.rules) {
    const ruleId = add({
      id: `rule:${rule.stack}:${rule.address}`,
      label: `rule ${rule.name}`,
      kind: "rule",
      group: groupOf(rule.at.accountId, rule.at.region),
    });
    if (rule.busArn) {
      edges.push({ from: busNode(rule.busArn), to: ruleId, label: summarizePattern(rule.pattern), details: matchDetails(rule, findings) });
    }
    for (const target of rule.targets) {
      if (!target.arn) continue;
      const to = target.arn.includes(":event-bus/")
        ? busNode(target.arn)
        : add({
            id: `dest:${target.arn}`,
            label: destinationLabel(target.arn),
            kind: "destination",
            group: groupOf(arnParts(target.arn)[4], arnParts(target.arn)[3]),
          });
      const direct = !to.startsWith("bus:") && arnParts(target.arn)[4] !== rule.at.accountId;
      const label = target.roleArn ? (direct ? "direct, via role" : "via role") : "";
      const broken = errorsOf.get(`${target.stack} ${target.address}`);
      edges.push({ from: ruleId, to, label, ...(broken ? { broken } : {}), details: deliveryDetails(graph, target, findings) });
    }
  }
  const list = [...nodes.values()];
  return { groups: [...new Set(list.map((node) => node.group))].sort(), accounts: accounts.size, nodes: list, edges };
}

const mermaidText = (text: string) => text.replace(/"/g, "#quot;");

export function renderMermaid(diagram: Diagram): string {
  const ids = new Map(diagram.nodes.map((node, i) => [node.id, `n${i}`]));
  const shape = (node: DiagramNode) => {
    const label = `"${mermaidText(node.label)}"`;
    return node.kind === "bus" ? `[(${label})]` : node.kind === "rule" ? `[${label}]` : `>${label}]`;
  };
  const lines = ["flowchart LR"];
  diagram.groups.forEach((group, g) => {
    lines.push(`  subgraph g${g}["${mermaidText(group)}"]`);
    for (const node of diagram.nodes.filter((candidate) => candidate.group === group)) lines.push(`    ${ids.get(node.id)}${shape(node)}`);
    lines.push("  end");
  });
  const broken: number[] = [];
  diagram.edges.forEach((edge, i) => {
    const label = edge.broken ? `BROKEN: ${edge.broken}` : edge.label;
    lines.push(`  ${ids.get(edge.from)} ${edge.broken ? "-.->" : "-->"}${label ? `|"${mermaidText(label)}"|` : ""} ${ids.get(edge.to)}`);
    if (edge.broken) broken.push(i);
  });
  if (broken.length > 0) lines.push(`  linkStyle ${broken.join(",")} stroke:#d00,stroke-width:2px,color:#d00`);
  return lines.join("\n");
}

export function renderMarkdown(diagram: Diagram, title: string): string {
  return `# ${title}\n\n\`\`\`mermaid\n${renderMermaid(diagram)}\n\`\`\`\n`;
}
