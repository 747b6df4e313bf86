/** The topology drawn from a folder of stacks: a Mermaid flowchart and an SVG, broken links marked. */
import { Finding } from "./checks";
import { TopologyGraph } from "./model";

/**
 * The topology as a picture: accounts as boxes holding their buses, rules and destinations; flows
 * labelled with the patterns that let events through; broken links (verify's errors) marked.
 * Rendered as a Mermaid flowchart and as a self-contained SVG, both from one layout-free model.
 */
interface DiagramNode {
  readonly id: string;
  readonly label: string;
  readonly kind: "bus" | "rule" | "destination";
  /** The account box, "<account> <region>". */
  readonly group: string;
}

interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly broken?: string;
}

export interface Diagram {
  readonly groups: string[];
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
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
const groupOf = (accountId?: string, region?: string, alias?: string) =>
  `${alias ? `${alias.replace(/_[a-z]{2}(_gov)?_[a-z]+_\d+$/, "")} ` : ""}${accountId ?? "?"} ${region ?? "?"}`;

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
  const aliasOf = new Map<string, string | undefined>();
  for (const rule of graph.rules) if (rule.at.accountId) aliasOf.set(rule.at.accountId, rule.at.alias);
  const add = (node: DiagramNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  const busNode = (arn: string) => {
    const [, , , region, accountId] = arnParts(arn);
    return add({ id: `bus:${arn}`, label: destinationLabel(arn), kind: "bus", group: groupOf(accountId, region, aliasOf.get(accountId)) });
  };
  const errorsOf = new Map<string, string>();
  for (const finding of findings) if (finding.severity === "error") errorsOf.set(`${finding.stack} ${finding.address}`, finding.check);

  for (const rule of graph.rules) {
    const ruleId = add({
      id: `rule:${rule.stack}:${rule.address}`,
      label: `rule ${rule.name}`,
      kind: "rule",
      group: groupOf(rule.at.accountId, rule.at.region, rule.at.alias),
    });
    if (rule.busArn) edges.push({ from: busNode(rule.busArn), to: ruleId, label: summarizePattern(rule.pattern) });
    for (const target of rule.targets) {
      if (!target.arn) continue;
      const to = target.arn.includes(":event-bus/")
        ? busNode(target.arn)
        : add({
            id: `dest:${target.arn}`,
            label: destinationLabel(target.arn),
            kind: "destination",
            group: groupOf(arnParts(target.arn)[4], arnParts(target.arn)[3], aliasOf.get(arnParts(target.arn)[4])),
          });
      const direct = !to.startsWith("bus:") && arnParts(target.arn)[4] !== rule.at.accountId;
      const label = target.roleArn ? (direct ? "direct, via role" : "via role") : "";
      edges.push({ from: ruleId, to, label, broken: errorsOf.get(`${target.stack} ${target.address}`) });
    }
  }
  const list = [...nodes.values()];
  return { groups: [...new Set(list.map((node) => node.group))].sort(), nodes: list, edges };
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

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const LANES: DiagramNode["kind"][] = ["bus", "rule", "destination"];
const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 3)}...` : text);

/**
 * An account box per group with three lanes (buses, rules, destinations): flows inside an account
 * run left to right between lanes; flows to another account run through a channel below the boxes.
 * A rule's pattern is written in the rule's box; full texts are in tooltips.
 */
export function renderSvg(diagram: Diagram): string {
  const nodeWidth = 210;
  const lane = nodeWidth + 60;
  const row = 70;
  const box = LANES.length * lane - 60 + 30;
  const top = 60;
  const position = new Map<string, { x: number; y: number; height: number }>();
  const patternOf = new Map(diagram.edges.filter((edge) => edge.to.startsWith("rule:")).map((edge) => [edge.to, edge.label]));
  let rows = 0;
  diagram.groups.forEach((group, g) => {
    LANES.forEach((kind, l) => {
      const members = diagram.nodes.filter((node) => node.group === group && node.kind === kind);
      members.forEach((node, i) =>
        position.set(node.id, { x: 40 + g * (box + 40) + l * lane, y: top + 20 + i * row, height: kind === "rule" ? 44 : 34 }),
      );
      rows = Math.max(rows, members.length);
    });
  });
  const crossing = diagram.edges.filter(
    (edge) => diagram.nodes.find((node) => node.id === edge.from)?.group !== diagram.nodes.find((node) => node.id === edge.to)?.group,
  );
  const boxBottom = top + 20 + rows * row;
  const totalWidth = 40 + diagram.groups.length * (box + 40);
  const totalHeight = boxBottom + 30 + crossing.length * 14 + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ` +
      `${totalHeight}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    "<defs>",
    ...[
      ["arrow", "#333"],
      ["broken", "#d00"],
    ].map(
      ([id, colour]) =>
        `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" ` +
        `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${colour}"/></marker>`,
    ),
    "</defs>",
    `<rect width="${totalWidth}" height="${totalHeight}" fill="#fff"/>`,
  ];
  diagram.groups.forEach((group, g) => {
    const x = 25 + g * (box + 40);
    parts.push(`<rect x="${x}" y="${top - 34}" width="${box}" height="${boxBottom - top + 44}" rx="8" fill="#f4f6fa" stroke="#8a94a6"/>`);
    parts.push(`<text x="${x + 12}" y="${top - 14}" font-weight="bold">${xml(`account ${group}`)}</text>`);
  });
  const line = (edge: DiagramEdge, d: string, labelAt: { x: number; y: number } | undefined) => {
    const colour = edge.broken ? "#d00" : "#333";
    parts.push(
      `<path d="${d}" fill="none" stroke="${colour}"${edge.broken ? ' stroke-dasharray="6 4"' : ""} ` +
        `marker-end="url(#${edge.broken ? "broken" : "arrow"})"/>`,
    );
    const label = edge.broken ? `BROKEN: ${edge.broken}` : edge.to.startsWith("rule:") ? "" : edge.label;
    if (label && labelAt) parts.push(`<text x="${labelAt.x}" y="${labelAt.y}" fill="${colour}" font-size="10">${xml(label)}</text>`);
  };
  for (const edge of diagram.edges.filter((candidate) => !crossing.includes(candidate))) {
    const from = position.get(edge.from) as { x: number; y: number; height: number };
    const to = position.get(edge.to) as { x: number; y: number; height: number };
    const [x1, y1, x2, y2] = [from.x + nodeWidth, from.y + from.height / 2, to.x, to.y + to.height / 2];
    line(edge, `M ${x1} ${y1} C ${x1 + 30} ${y1}, ${x2 - 30} ${y2}, ${x2} ${y2}`, { x: x1 + 6, y: Math.min(y1, y2) - 4 });
  }
  crossing.forEach((edge, k) => {
    const from = position.get(edge.from) as { x: number; y: number; height: number };
    const to = position.get(edge.to) as { x: number; y: number; height: number };
    const channel = boxBottom + 24 + k * 14;
    const [x1, x2] = [from.x + nodeWidth / 2 + k * 4, to.x + nodeWidth / 2 + k * 4];
    line(edge, `M ${x1} ${from.y + from.height} L ${x1} ${channel} L ${x2} ${channel} L ${x2} ${to.y + to.height}`, {
      x: Math.min(x1, x2) + 8,
      y: channel - 3,
    });
  });
  for (const node of diagram.nodes) {
    parts.push(...nodeSvg(node, position.get(node.id) as NodeBox, nodeWidth, patternOf.get(node.id)));
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

type NodeBox = { x: number; y: number; height: number };

/** A node's box, its label, and for a rule the pattern it matches; full texts in tooltips. */
function nodeSvg(node: DiagramNode, { x, y, height }: NodeBox, nodeWidth: number, pattern: string | undefined): string[] {
  const fill = node.kind === "bus" ? "#dde8ff" : node.kind === "rule" ? "#fff4d6" : "#e2f5e4";
  return [
    `<rect x="${x}" y="${y}" width="${nodeWidth}" height="${height}" rx="${node.kind === "bus" ? 17 : 4}" fill="${fill}" stroke="#333"/>`,
    `<text x="${x + nodeWidth / 2}" y="${y + (pattern ? 17 : height / 2 + 4)}" ` +
      `text-anchor="middle"><title>${xml(node.label)}</title>${xml(clip(node.label, 34))}</text>`,
    ...(pattern
      ? [
          `<text x="${x + nodeWidth / 2}" y="${y + 34}" text-anchor="middle" font-size="10" ` +
            `fill="#555"><title>${xml(pattern)}</title>${xml(clip(pattern, 40))}</text>`,
        ]
      : []),
  ];
}
