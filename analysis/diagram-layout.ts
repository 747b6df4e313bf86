/** Where the diagram's boxes and flows go: laid out by dagre, loaded on first use so that no other command loads it. */
import type * as Dagre from "@dagrejs/dagre";
import { Diagram, DiagramEdge, DiagramNode } from "./diagram";

/** A rectangle by its top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  /** Each account's box, its header included. */
  readonly groups: ReadonlyMap<string, Box>;
  readonly nodes: ReadonlyMap<string, Box>;
  /** By the index of the flow in the diagram: its route, first point on its source, last on its target, and its label's box. */
  readonly edges: readonly { readonly points: readonly Point[]; readonly label?: Box }[];
}

export const NODE_WIDTH = 210;
/** The height of an account box's header line, above the nodes dagre places in it. */
export const HEADER = 22;
/** A rule's box has a second line: the pattern it matches. */
const nodeHeight = (node: DiagramNode) => (node.kind === "rule" ? 44 : 34);
/** What a flow's label says on the drawing (a rule's pattern is written in the rule's box instead). */
export const flowLabel = (edge: DiagramEdge) => (edge.broken ? `BROKEN: ${edge.broken}` : edge.to.startsWith("rule:") ? "" : edge.label);
/** Helvetica's average advance at the label's 10px, so dagre leaves the label room. */
const labelWidth = (text: string) => Math.ceil(text.length * 5.6) + 6;

const MARGIN = 20;
const SENDERS = "\0senders";
const RECEIVERS = "\0receivers";

// Loaded on first layout only: synth, export, verify and simulate never pay for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadDagre = (): typeof Dagre => require("@dagrejs/dagre");

/**
 * Accounts that only send and accounts that only receive: dagre ranks nodes along the flows, and two
 * hidden anchors hold every source node of a sending account in the first column and every sink of a
 * receiving account in the last, so senders line up on the left and receivers on the right; an
 * account that does both (a hub) stays between them, where its flows put it.
 */
function roles(diagram: Diagram): { senders: Set<string>; receivers: Set<string> } {
  const groupOf = new Map(diagram.nodes.map((node) => [node.id, node.group]));
  const sends = new Set<string>();
  const receives = new Set<string>();
  for (const edge of diagram.edges) {
    const [from, to] = [groupOf.get(edge.from) as string, groupOf.get(edge.to) as string];
    if (from === to) continue;
    sends.add(from);
    receives.add(to);
  }
  return {
    senders: new Set([...sends].filter((group) => !receives.has(group))),
    receivers: new Set([...receives].filter((group) => !sends.has(group))),
  };
}

/** Left to right, accounts as dagre clusters holding their nodes, flows routed by dagre around the boxes. */
export function layoutDiagram(diagram: Diagram): DiagramLayout {
  // Stacks without a rule draw nothing; dagre needs at least one node.
  if (diagram.nodes.length === 0) return { width: 2 * MARGIN, height: 2 * MARGIN, groups: new Map(), nodes: new Map(), edges: [] };
  const dagre = loadDagre();
  const graph = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  // Dagre keeps a cluster's border `edgesep` from whatever is above it: room for the box's header.
  graph.setGraph({ rankdir: "LR", nodesep: 24, edgesep: HEADER + 10, ranksep: 70 });
  diagram.groups.forEach((group) => graph.setNode(`group:${group}`, {}));
  for (const node of diagram.nodes) {
    graph.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight(node) });
    graph.setParent(node.id, `group:${node.group}`);
  }
  diagram.edges.forEach((edge, i) => {
    const text = flowLabel(edge);
    graph.setEdge(edge.from, edge.to, text ? { width: labelWidth(text), height: 14, labelpos: "c" } : {}, `flow:${i}`);
  });
  anchor(graph, diagram);
  dagre.layout(graph);
  const box = ({ x, y, width, height }: { x: number; y: number; width: number; height: number }): Box => ({
    x: x - width / 2,
    y: y - height / 2,
    width,
    height,
  });
  const groups = diagram.groups.map((group): [string, Box] => {
    const cluster = box(graph.node(`group:${group}`));
    return [group, { ...cluster, y: cluster.y - HEADER, height: cluster.height + HEADER }];
  });
  const nodes = diagram.nodes.map((node): [string, Box] => [node.id, box(graph.node(node.id))]);
  const edges = diagram.edges.map((edge, i) => {
    const route = graph.edge({ v: edge.from, w: edge.to, name: `flow:${i}` });
    const label =
      flowLabel(edge) && route.x !== undefined ? box({ x: route.x, y: route.y as number, width: route.width ?? 0, height: 14 }) : undefined;
    return { points: route.points ?? [], ...(label ? { label } : {}) };
  });
  return framed(groups, nodes, edges);
}

/** The drawing moved to a margin from its top-left corner, sized to what is drawn (the hidden anchors left out). */
function framed(groups: [string, Box][], nodes: [string, Box][], edges: DiagramLayout["edges"]): DiagramLayout {
  const boxes = [...groups.map(([, box]) => box), ...nodes.map(([, box]) => box), ...edges.flatMap((edge) => edge.label ?? [])];
  const points = [
    ...boxes.flatMap((box) => [box, { x: box.x + box.width, y: box.y + box.height }]),
    ...edges.flatMap((edge) => edge.points),
  ];
  const [left, top] = [Math.min(...points.map((point) => point.x)), Math.min(...points.map((point) => point.y))];
  const [dx, dy] = [MARGIN - left, MARGIN - top];
  const move = <T extends Point>(item: T): T => ({ ...item, x: item.x + dx, y: item.y + dy });
  return {
    width: Math.ceil(Math.max(...points.map((point) => point.x)) + dx + MARGIN),
    height: Math.ceil(Math.max(...points.map((point) => point.y)) + dy + MARGIN),
    groups: new Map(groups.map(([id, box]) => [id, move(box)])),
    nodes: new Map(nodes.map(([id, box]) => [id, move(box)])),
    edges: edges.map((edge) => ({ points: edge.points.map(move), ...(edge.label ? { label: move(edge.label) } : {}) })),
  };
}

/** The hidden anchors of `roles`, outside every box; their edges pull hard (weight) so the columns hold. */
function anchor(graph: Dagre.graphlib.Graph, diagram: Diagram): void {
  const { senders, receivers } = roles(diagram);
  const hasIn = new Set(diagram.edges.map((edge) => edge.to));
  const hasOut = new Set(diagram.edges.map((edge) => edge.from));
  const sources = diagram.nodes.filter((node) => senders.has(node.group) && !hasIn.has(node.id));
  const sinks = diagram.nodes.filter((node) => receivers.has(node.group) && !hasOut.has(node.id));
  if (sources.length > 0) graph.setNode(SENDERS, { width: 0, height: 0 });
  if (sinks.length > 0) graph.setNode(RECEIVERS, { width: 0, height: 0 });
  for (const node of sources) graph.setEdge(SENDERS, node.id, { weight: 10 }, "anchor");
  for (const node of sinks) graph.setEdge(node.id, RECEIVERS, { weight: 10 }, "anchor");
}
