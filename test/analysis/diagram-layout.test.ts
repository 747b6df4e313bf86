import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyGraph } from "../../analysis/checks";
import { Diagram, buildDiagram } from "../../analysis/diagram";
import { COLLAPSE_ABOVE, collapseDiagram } from "../../analysis/diagram-collapse";
import { HEADER, layoutDiagram } from "../../analysis/diagram-layout";
import { renderSvg } from "../../analysis/diagram-svg";
import { readTopologyGraph } from "../../analysis/model";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology, parseTopology } from "../../topology/load";
import { manyAccounts } from "../support/many-accounts";
import { PROJECT } from "../support/project";

/**
 * The layout's promises, read back from the SVG as drawn: account boxes never overlap, each holds its
 * nodes below its header, no two nodes overlap, every flow is a path from its source's box to its
 * target's, broken flows are dashed, red and labelled, and collapsing drops no flow.
 */
const dir = mkdtempSync(join(tmpdir(), "eventbridge-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rect = { x: number; y: number; width: number; height: number };

function diagramOf(name: string, synthesize: (out: string) => void, breakIt?: (out: string) => void): Diagram {
  const out = join(dir, name);
  synthesize(out);
  breakIt?.(out);
  const graph = readTopologyGraph(out);
  return buildDiagram(graph, verifyGraph(graph));
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const rectOf = (element: string): Rect => {
  const number = (name: string) => Number(new RegExp(` ${name}="([-\\d.]+)"`).exec(element)?.[1]);
  return { x: number("x"), y: number("y"), width: number("width"), height: number("height") };
};
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const onBorder = (point: { x: number; y: number }, box: Rect) =>
  point.x >= box.x - 1 && point.x <= box.x + box.width + 1 && point.y >= box.y - 1 && point.y <= box.y + box.height + 1;

/** The boxes, nodes and flows of a drawn SVG. */
function readSvg(svg: string) {
  const accounts = new Map(
    [...svg.matchAll(/<g class="account" data-account="([^"]*)">[\s\S]*?(<rect [^>]*>)/g)].map((m) => [unescape(m[1]), rectOf(m[2])]),
  );
  const nodes = [...svg.matchAll(/<g class="node [a-z]+" data-node="([^"]*)" data-account="([^"]*)">[\s\S]*?(<rect [^>]*>)/g)].map((m) => ({
    id: unescape(m[1]),
    account: unescape(m[2]),
    box: rectOf(m[3]),
  }));
  const flows = [...svg.matchAll(/<g class="flow( broken)?" data-flow="(\d+)"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => {
    const coordinates = [...(/<path class="line" d="([^"]*)"/.exec(m[3])?.[1] ?? "").matchAll(/(-?[\d.]+) (-?[\d.]+)/g)];
    const [first, last] = [coordinates[0], coordinates[coordinates.length - 1]].map((c) => ({ x: Number(c[1]), y: Number(c[2]) }));
    return { index: Number(m[2]), broken: m[1] !== undefined, body: m[3], first, last };
  });
  return { accounts, nodes, flows };
}

function expectLaidOut(diagram: Diagram): void {
  const layout = layoutDiagram(diagram);
  const { accounts, nodes, flows } = readSvg(renderSvg(diagram, layout));
  expect([...accounts.keys()].sort()).toEqual([...diagram.groups].sort());
  const boxes = [...accounts.values()];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
  expect(nodes.map((node) => node.id).sort()).toEqual(diagram.nodes.map((node) => node.id).sort());
  for (const node of nodes) {
    const box = accounts.get(node.account) as Rect;
    expect(inside(node.box, { ...box, y: box.y + HEADER, height: box.height - HEADER })).toBe(true);
  }
  nodes.forEach((a, i) => nodes.slice(i + 1).forEach((b) => expect(overlaps(a.box, b.box)).toBe(false)));
  const labels = layout.edges.flatMap((edge) => edge.label ?? []);
  for (const label of labels) expect(nodes.filter((node) => overlaps(label, node.box))).toEqual([]);
  expect(flows.map((flow) => flow.index)).toEqual(diagram.edges.map((_, i) => i));
  const boxOf = new Map(nodes.map((node) => [node.id, node.box]));
  for (const flow of flows) {
    const edge = diagram.edges[flow.index];
    expect(onBorder(flow.first, boxOf.get(edge.from) as Rect)).toBe(true);
    expect(onBorder(flow.last, boxOf.get(edge.to) as Rect)).toBe(true);
    expect(flow.broken).toBe(edge.broken !== undefined);
    expect(flow.body.includes('stroke-dasharray="6 4"')).toBe(edge.broken !== undefined);
    expect(flow.body.includes(`>BROKEN: ${edge.broken}</text>`)).toBe(edge.broken !== undefined);
  }
}

const EXAMPLES = [
  ...readdirSync(join(PROJECT, "examples")).filter((file) => file.endsWith(".json")),
  ...readdirSync(join(PROJECT, "examples", "migration")).map((file) => join("migration", file)),
];

describe("diagram layout", () => {
  test.each(EXAMPLES)("%s: boxes apart, nodes in their boxes, every flow drawn", (example) => {
    const file = join(PROJECT, "examples", example);
    const diagram = diagramOf(example.replace(/\W/g, "-"), (out) => synthesizeTopology(loadTopology(file), out));
    expect(diagram.edges.length).toBeGreaterThan(0);
    expectLaidOut(diagram);
  });

  test("a broken flow is drawn dashed and labelled in the laid-out SVG", () => {
    const diagram = diagramOf(
      "broken",
      (out) => synthesizeTopology(loadTopology(undefined), out),
      (out) => {
        const file = join(out, "stacks", "observability", "cdk.tf.json");
        const json = JSON.parse(readFileSync(file, "utf8"));
        delete json.resource.aws_cloudwatch_event_bus_policy;
        writeFileSync(file, JSON.stringify(json));
      },
    );
    expect(diagram.edges.filter((edge) => edge.broken)).toHaveLength(2);
    expectLaidOut(diagram);
  });

  test("stacks without a rule draw an empty picture", () => {
    expect(readSvg(renderSvg({ groups: [], accounts: 0, nodes: [], edges: [] }))).toEqual({ accounts: new Map(), nodes: [], flows: [] });
  });

  describe("50 generated accounts", () => {
    let diagram: Diagram;
    beforeAll(() => {
      diagram = diagramOf(
        "many",
        (out) => synthesizeTopology(parseTopology(manyAccounts(50), "many accounts"), out),
        (out) => {
          // Ops's bus loses its policy: every flow to it breaks.
          const file = join(out, "stacks", "many-accounts", "cdk.tf.json");
          const json = JSON.parse(readFileSync(file, "utf8"));
          for (const name of Object.keys(json.resource.aws_cloudwatch_event_bus_policy)) {
            if (name.includes("ops")) delete json.resource.aws_cloudwatch_event_bus_policy[name];
          }
          writeFileSync(file, JSON.stringify(json));
        },
      );
    });

    test("drawn one by one, every account is laid out apart, every flow drawn", () => {
      expect(diagram.groups).toHaveLength(50);
      expect(diagram.edges.filter((edge) => edge.broken).length).toBeGreaterThan(0);
      expectLaidOut(diagram);
    });

    test("senders line up on the left, receivers on the right, a hub between them", () => {
      const layout = layoutDiagram(diagram);
      const left = (prefix: string) => (layout.groups.get(diagram.groups.find((group) => group.startsWith(prefix)) as string) as Rect).x;
      const senders = diagram.groups.filter((group) => group.startsWith("team_"));
      expect(senders).toHaveLength(47);
      expect(new Set(senders.map(left))).toEqual(new Set([20]));
      expect(left("ops ")).toBeGreaterThan(20 + 210);
      expect(left("central ")).toBeGreaterThan(left("ops "));
      expect(left("security ")).toBeGreaterThan(left("ops "));
    });

    test(`above ${COLLAPSE_ABOVE} accounts, accounts wired alike are one box with a count, and no flow is lost`, () => {
      const collapsed = collapseDiagram(diagram, COLLAPSE_ABOVE);
      expect(collapsed.groups.length).toBeLessThanOrEqual(COLLAPSE_ABOVE);
      expect(Object.keys(collapsed.collapsed ?? {}).sort()).toEqual(
        [
          "10 accounts like team_03 100003030303 us-east-1",
          "10 accounts like team_04 100004040404 us-east-1",
          "9 accounts like team_05 100005050505 us-east-1",
          "9 accounts like team_06 100006060606 us-east-1",
        ].sort(),
      );
      expectLaidOut(collapsed);
      // Each flow of the full diagram is drawn, by the box standing for its accounts.
      const boxOf = new Map(Object.entries(collapsed.collapsed ?? {}).flatMap(([box, members]) => members.map((member) => [member, box])));
      const key = (d: Diagram, id: string) => {
        const node = d.nodes.find((candidate) => candidate.id === id) as Diagram["nodes"][number];
        return `${boxOf.get(node.group) ?? node.group}|${node.kind} ${node.label}`;
      };
      const flow = (d: Diagram, edge: Diagram["edges"][number]) => `${key(d, edge.from)} -> ${key(d, edge.to)} ${edge.broken ?? ""}`;
      const drawn = new Set(collapsed.edges.map((edge) => flow(collapsed, edge)));
      for (const edge of diagram.edges) expect(drawn).toContain(flow(diagram, edge));
      expect(collapseDiagram(diagram, 50)).toBe(diagram);
    });
  });
});
