import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyGraph } from "../../analysis/checks";
import { buildDiagram, renderMermaid, summarizePattern } from "../../analysis/diagram";
import { renderHtml } from "../../analysis/diagram-html";
import { renderSvg } from "../../analysis/diagram-svg";
import { readTopologyGraph } from "../../analysis/model";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology } from "../../topology/load";
import { runCommand } from "../support/run";
import { PROJECT } from "../support/project";

const dir = mkdtempSync(join(tmpdir(), "eventbridge-diagram-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function diagramOf(topology: string | undefined, breakIt?: (file: string) => void) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  synthesizeTopology(loadTopology(topology && join(PROJECT, topology)), out);
  breakIt?.(out);
  const graph = readTopologyGraph(out);
  return { out, diagram: buildDiagram(graph, verifyGraph(graph)) };
}

describe("diagram", () => {
  test("draws accounts as boxes with their buses, rules and destinations, flows labelled with patterns", () => {
    const { diagram } = diagramOf(undefined);
    expect(diagram.groups).toEqual([
      "observability 111111111111 us-east-1",
      "orders 222222222222 us-east-1",
      "payments 333333333333 us-east-1",
    ]);
    const mermaid = renderMermaid(diagram);
    expect(mermaid).toContain('subgraph g1["orders 222222222222 us-east-1"]');
    expect(mermaid).toContain('[("bus central-events")]');
    expect(mermaid).toContain('>"queue central-payment-events"]');
    expect(mermaid).toMatch(/n\d+ -->\|"source: com.example.payments; detail-type: PaymentSettled; account: 333333333333"\| n\d+/);
    expect(mermaid.match(/-->/g)).toHaveLength(8);
    expect(mermaid).not.toContain("BROKEN");
  });

  test("draws direct deliveries from the sender's rule into the receiver's account, and marks a broken one", () => {
    const { diagram } = diagramOf("examples/direct-delivery.json");
    const node = (label: string) => diagram.nodes.find((candidate) => candidate.label === label);
    expect(node("stream security-audit")?.group).toBe("security 111111111111 eu-west-1");
    const direct = diagram.edges.filter((edge) => edge.label === "direct, via role");
    expect(direct.map((edge) => diagram.nodes.find((candidate) => candidate.id === edge.to)?.label).sort()).toEqual([
      "function enrich-finding",
      "queue security-findings",
      "queue security-findings",
      "stream security-audit",
      "topic security-alerts",
    ]);
    const broken = diagramOf("examples/direct-delivery.json", (out) => {
      const file = join(out, "stacks", "security", "cdk.tf.json");
      const json = JSON.parse(readFileSync(file, "utf8"));
      delete json.resource.aws_kinesis_resource_policy;
      writeFileSync(file, JSON.stringify(json));
    });
    expect(broken.diagram.edges.filter((edge) => edge.broken)).toEqual([
      expect.objectContaining({ label: "direct, via role", broken: "direct-target-not-admitted" }),
    ]);
    // The details the HTML shows: the resource policy statement that admits the role, or why none does.
    const toStream = (d: typeof diagram) =>
      d.edges.find((edge) => d.nodes.find((candidate) => candidate.id === edge.to)?.label === "stream security-audit")?.details;
    expect(toStream(diagram)).toMatchObject({
      grant: expect.stringMatching(/^resource policy security: aws_kinesis_resource_policy\.\S+, statement "[^"]+": admits the role$/),
      role: expect.stringMatching(
        /^payments-findings-forwarder \(arn:aws:iam::\d+:role\/payments-findings-forwarder\), may deliver to this target$/,
      ),
      findings: [],
    });
    expect(toStream(broken.diagram)).toMatchObject({
      grant: "none: no resource policy of the target admits the role",
      findings: [
        expect.objectContaining({
          severity: "error",
          check: "direct-target-not-admitted",
          about: expect.stringMatching(/^target payments: /),
        }),
      ],
    });
  });

  test("marks broken links in both renderings", () => {
    const { diagram } = diagramOf(undefined, (out) => {
      const file = join(out, "stacks", "observability", "cdk.tf.json");
      const json = JSON.parse(readFileSync(file, "utf8"));
      delete json.resource.aws_cloudwatch_event_bus_policy;
      writeFileSync(file, JSON.stringify(json));
    });
    const mermaid = renderMermaid(diagram);
    expect(mermaid.match(/-\.->\|"BROKEN: target-not-granted"\|/g)).toHaveLength(2);
    expect(mermaid).toMatch(/linkStyle \d+,\d+ stroke:#d00/);
    const svg = renderSvg(diagram);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain("BROKEN: target-not-granted");
  });

  test("the SVG is self-contained: one rect per node and box, one path per flow, escaped text", () => {
    const { diagram } = diagramOf("examples/many-to-many.json");
    const svg = renderSvg(diagram);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(1 + diagram.groups.length + diagram.nodes.length);
    expect(svg.match(/<path class="line" d="M [^"]*" fill="none"/g)).toHaveLength(diagram.edges.length);
    expect(svg.match(/<g class="flow[^"]*" data-flow="\d+"/g)).toHaveLength(diagram.edges.length);
    expect(svg).not.toMatch(/<text[^>]*>[^<]*[&"][^<]*<\/text>/);
  });

  test("summarizes patterns in a few words", () => {
    expect(summarizePattern({ account: ["1"], detail: { severity: ["critical"] }, "detail-type": [{ prefix: "Client" }] })).toBe(
      "detail.{severity: critical}; detail-type: prefix Client; account: 1",
    );
  });

  test("npm run diagram writes topology.md, topology.svg and topology.html, and the README shows the default's", () => {
    const { out, diagram } = diagramOf(undefined);
    const run = runCommand(join(PROJECT, "cli", "diagram.ts"), [out, "--out", join(dir, "drawn")], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("diagram: 3 accounts, 3 account-regions, 9 nodes, 8 flows, 0 broken;");
    expect(readdirSync(join(dir, "drawn")).sort()).toEqual([".eventbridge-output.json", "topology.html", "topology.md", "topology.svg"]);
    expect(readFileSync(join(dir, "drawn", "topology.md"), "utf8")).toContain(renderMermaid(diagram));
    expect(readFileSync(join(dir, "drawn", "topology.svg"), "utf8")).toBe(renderSvg(diagram));
    expect(readFileSync(join(dir, "drawn", "topology.html"), "utf8")).toBe(renderHtml(diagram, "Cross-account EventBridge topology"));
    expect(readFileSync(join(PROJECT, "README.md"), "utf8")).toContain(`\`\`\`mermaid\n${renderMermaid(diagram)}\n\`\`\``);
  });

  test("npm run diagram never overwrites a topology.md it did not write", () => {
    const { out } = diagramOf(undefined);
    mkdirSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes", "topology.md"), "mine");
    writeFileSync(join(dir, "notes", "todo.md"), "mine");
    const run = runCommand(join(PROJECT, "cli", "diagram.ts"), [out, "--out", join(dir, "notes")], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("holds files this tool did not write");
    expect(readFileSync(join(dir, "notes", "topology.md"), "utf8")).toBe("mine");
  });

  test("--collapse-above takes a whole number of accounts", () => {
    const run = runCommand(join(PROJECT, "cli", "diagram.ts"), ["--collapse-above", "many"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--collapse-above "many": expected a whole number of accounts (0 or more)');
  });

  test("only the diagram loads the layout library: the other commands start without it", async () => {
    const { out } = diagramOf(undefined);
    /** Whether `run` loads the layout library, with modules of its own (none loaded yet). */
    const loadsDagre = async (run: () => Promise<unknown>) => {
      let loaded = false;
      await jest.isolateModulesAsync(async () => {
        jest.doMock("@dagrejs/dagre", () => ((loaded = true), jest.requireActual("@dagrejs/dagre")));
        await run();
      });
      jest.dontMock("@dagrejs/dagre");
      return loaded;
    };
    expect(await loadsDagre(() => import("../../cli/eventbridge"))).toBe(false);
    const quiet = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const drawn = loadsDagre(async () => (await import("../../cli/diagram")).diagram([out, "--out", join(dir, "loaded")]));
      expect(await drawn).toBe(true);
    } finally {
      quiet.mockRestore();
    }
  });
});
