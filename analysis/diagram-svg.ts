/** The diagram as a self-contained SVG, laid out by dagre (diagram-layout.ts): accounts as boxes, flows routed between them. */
import { Diagram, DiagramEdge, DiagramNode } from "./diagram";
import { Box, DiagramLayout, NODE_WIDTH, Point, flowLabel, layoutDiagram } from "./diagram-layout";

/** Text for XML content and attributes: every markup character escaped, so user text (patterns, names) stays text. */
export const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 3)}...` : text);
const round = (value: number) => Math.round(value * 10) / 10;

/** A smooth path through dagre's points (the B-spline dagre-d3 draws), straight when there are only two. */
function routePath(points: readonly Point[]): string {
  const p = points.map(({ x, y }) => ({ x: round(x), y: round(y) }));
  if (p.length < 3) return p.map(({ x, y }, i) => `${i === 0 ? "M" : "L"} ${x} ${y}`).join(" ");
  const at = (a: Point, b: Point, c: Point, wa: number, wb: number, wc: number) =>
    `${round((wa * a.x + wb * b.x + wc * c.x) / (wa + wb + wc))} ${round((wa * a.y + wb * b.y + wc * c.y) / (wa + wb + wc))}`;
  const parts = [`M ${p[0].x} ${p[0].y}`, `L ${at(p[0], p[0], p[1], 4, 1, 1)}`];
  const extended = [...p, p[p.length - 1]];
  for (let i = 2; i < extended.length; i++) {
    const [a, b, c] = [extended[i - 2], extended[i - 1], extended[i]];
    parts.push(`C ${at(a, b, b, 2, 1, 0)}, ${at(a, b, b, 1, 2, 0)}, ${at(a, b, c, 1, 4, 1)}`);
  }
  parts.push(`L ${p[p.length - 1].x} ${p[p.length - 1].y}`);
  return parts.join(" ");
}

const MARKERS = [
  ["arrow", "#333"],
  ["broken", "#d00"],
].map(
  ([id, colour]) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" ` +
    `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${colour}"/></marker>`,
);

/**
 * The SVG of a diagram: an account box per group (a box standing for accounts wired alike says how
 * many, its tooltip lists them), the nodes in it, every flow as a path from its source to its target
 * (broken ones dashed red and labelled), a rule's pattern in the rule's box; full texts in tooltips.
 * Each flow is a `<g class="flow" data-flow="<index>">`, so the HTML page can show its details.
 */
export function renderSvg(diagram: Diagram, layout: DiagramLayout = layoutDiagram(diagram)): string {
  const patternOf = new Map(diagram.edges.filter((edge) => edge.to.startsWith("rule:")).map((edge) => [edge.to, edge.label]));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ` +
      `${layout.height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    "<defs>",
    ...MARKERS,
    "</defs>",
    `<rect class="background" width="${layout.width}" height="${layout.height}" fill="#fff"/>`,
  ];
  for (const group of diagram.groups) parts.push(...groupSvg(group, layout.groups.get(group) as Box, diagram.collapsed?.[group]));
  diagram.edges.forEach((edge, i) => parts.push(...flowSvg(edge, i, layout.edges[i])));
  for (const node of diagram.nodes) parts.push(...nodeSvg(node, layout.nodes.get(node.id) as Box, patternOf.get(node.id)));
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function groupSvg(group: string, { x, y, width, height }: Box, members: readonly string[] | undefined): string[] {
  // "account" is said by the tooltip only: the header fits a box one node wide.
  const header = group;
  const title = members ? `${group}:\n${members.join("\n")}` : header;
  return [
    `<g class="account" data-account="${xml(group)}"><title>${xml(title)}</title>`,
    `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" rx="8" ` +
      `fill="${members ? "#eceff6" : "#f4f6fa"}" stroke="#8a94a6"${members ? ' stroke-width="2"' : ""}/>`,
    `<text x="${round(x + 10)}" y="${round(y + 16)}" font-weight="bold">${xml(clip(header, Math.floor((width - 16) / 7)))}</text>`,
    "</g>",
  ];
}

function flowSvg(edge: DiagramEdge, index: number, route: DiagramLayout["edges"][number]): string[] {
  const colour = edge.broken ? "#d00" : "#333";
  const d = routePath(route.points);
  const label = flowLabel(edge);
  const tooltip = [edge.label, edge.broken ? `BROKEN: ${edge.broken}` : ""].filter(Boolean).join("\n") || "flow";
  return [
    `<g class="flow${edge.broken ? " broken" : ""}" data-flow="${index}"${edge.broken ? ` data-broken="${xml(edge.broken)}"` : ""}>` +
      `<title>${xml(tooltip)}</title>`,
    `<path class="hit" d="${d}" fill="none" stroke="transparent" stroke-width="12"/>`,
    `<path class="line" d="${d}" fill="none" stroke="${colour}"${edge.broken ? ' stroke-width="2" stroke-dasharray="6 4"' : ""} ` +
      `marker-end="url(#${edge.broken ? "broken" : "arrow"})"/>`,
    ...(label && route.label
      ? [
          `<text x="${round(route.label.x + route.label.width / 2)}" y="${round(route.label.y + route.label.height - 3)}" ` +
            'text-anchor="middle" ' +
            `fill="${colour}" font-size="10">${xml(label)}</text>`,
        ]
      : []),
    "</g>",
  ];
}

/** A node's box, its label, and for a rule the pattern it matches; full texts in tooltips. */
function nodeSvg(node: DiagramNode, { x, y, height }: Box, pattern: string | undefined): string[] {
  const fill = node.kind === "bus" ? "#dde8ff" : node.kind === "rule" ? "#fff4d6" : "#e2f5e4";
  const middle = round(x + NODE_WIDTH / 2);
  return [
    `<g class="node ${node.kind}" data-node="${xml(node.id)}" data-account="${xml(node.group)}">`,
    `<title>${xml(pattern ? `${node.label}\n${pattern}` : node.label)}</title>`,
    `<rect x="${round(x)}" y="${round(y)}" width="${NODE_WIDTH}" height="${height}" rx="${node.kind === "bus" ? 17 : 4}" ` +
      `fill="${fill}" stroke="#333"/>`,
    `<text x="${middle}" y="${round(y + (pattern ? 17 : height / 2 + 4))}" text-anchor="middle">${xml(clip(node.label, 34))}</text>`,
    ...(pattern
      ? [`<text x="${middle}" y="${round(y + 34)}" text-anchor="middle" font-size="10" fill="#555">${xml(clip(pattern, 40))}</text>`]
      : []),
    "</g>",
  ];
}
