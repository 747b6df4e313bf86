import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { verifyGraph } from "../../analysis/checks";
import { Diagram, buildDiagram } from "../../analysis/diagram";
import { COLLAPSE_ABOVE, collapseDiagram } from "../../analysis/diagram-collapse";
import { renderHtml } from "../../analysis/diagram-html";
import { readTopologyGraph } from "../../analysis/model";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology, parseTopology } from "../../topology/load";
import { Page, chromium } from "../support/chromium";
import { manyAccounts } from "../support/many-accounts";
import { PROJECT } from "../support/project";

/**
 * topology.html: one file that needs no network, whose flows show their details when clicked. The
 * browser tests click flows in Debian's headless chromium (installed when missing; skipped with one
 * line when it cannot be).
 */
const dir = mkdtempSync(join(tmpdir(), "eventbridge-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const browser = chromium();
if ("skip" in browser) process.stdout.write(`browser tests not run: ${browser.skip}\n`);
const inBrowser = "path" in browser ? test : test.skip;

/** Many-to-many with ops's bus policy gone: web's and api's flows to ops are broken, the flows to analytics sound. */
function brokenManyToMany(): Diagram {
  const out = join(dir, "many-to-many");
  synthesizeTopology(loadTopology(join(PROJECT, "examples", "many-to-many.json")), out);
  const file = join(out, "stacks", "many-to-many", "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  for (const name of Object.keys(json.resource.aws_cloudwatch_event_bus_policy)) {
    if (name.includes("ops")) delete json.resource.aws_cloudwatch_event_bus_policy[name];
  }
  writeFileSync(file, JSON.stringify(json));
  const graph = readTopologyGraph(out);
  return buildDiagram(graph, verifyGraph(graph));
}

/** User text that would run if it reached the page as markup. */
const HOSTILE = `</script><img src=x onerror="document.title='pwned'"><!--`;

function hostileDiagram(): Diagram {
  const details = { rule: `r ${HOSTILE}`, pattern: `{"source": ["${HOSTILE}"]}`, grant: HOSTILE, role: HOSTILE, findings: [] };
  return {
    groups: [`a ${HOSTILE}`],
    accounts: 1,
    nodes: [
      { id: "bus:x", label: `bus ${HOSTILE}`, kind: "bus", group: `a ${HOSTILE}` },
      { id: "rule:x", label: `rule ${HOSTILE}`, kind: "rule", group: `a ${HOSTILE}` },
    ],
    edges: [{ from: "bus:x", to: "rule:x", label: HOSTILE, details }],
  };
}

function writePage(name: string, diagram: Diagram): string {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(diagram, `Topology ${name}`));
  return file;
}

/** A point of the flow a person can click (its line, not covered by a box or another flow), scrolled into view. */
const POINT_ON_FLOW = (index: number) => `(function () {
  var flow = document.querySelector('g.flow[data-flow="${index}"]');
  var path = flow.querySelector("path.hit");
  var drawing = document.getElementById("drawing");
  var length = path.getTotalLength();
  var fractions = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
  for (var i = 0; i < fractions.length; i++) {
    var p = path.getPointAtLength(length * fractions[i]);
    drawing.scrollLeft = p.x - drawing.clientWidth / 2;
    drawing.scrollTop = p.y - drawing.clientHeight / 2;
    var m = path.getScreenCTM();
    var x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
    var hit = document.elementFromPoint(x, y);
    if (hit && hit.closest("g.flow") === flow) return { x: x, y: y };
  }
  return null;
})()`;

const PANEL = `(function () {
  var panel = document.getElementById("details");
  var text = function (selector) { var found = panel.querySelector(selector); return found ? found.textContent : null; };
  return {
    flow: panel.dataset.flow, title: text("h2"), broken: text("p.broken"), rule: text(".rule"), pattern: text(".pattern"),
    grant: text(".grant"), role: text(".role"), standsFor: text(".stands-for"),
    findings: Array.from(panel.querySelectorAll(".findings li")).map(function (item) { return item.textContent; }),
  };
})()`;

type Panel = { flow?: string; title: string; broken: string | null; rule: string; pattern: string; grant: string; role: string };

async function clickFlow(page: Page, index: number): Promise<Panel & { standsFor: string | null; findings: string[] }> {
  const point = await page.evaluate<{ x: number; y: number } | null>(POINT_ON_FLOW(index));
  expect(point).not.toBeNull();
  await page.click((point as { x: number }).x, (point as { y: number }).y);
  return page.evaluate(PANEL);
}

async function inPage<T>(file: string, use: (page: Page) => Promise<T>): Promise<T> {
  const page = await Page.open((browser as { path: string }).path, pathToFileURL(file).href);
  try {
    return await use(page);
  } finally {
    await page.close();
  }
}

describe("topology.html", () => {
  test("is one self-contained file: no address but the SVG namespace, every user text escaped", () => {
    const html = renderHtml(brokenManyToMany(), "Topology");
    expect(html.match(/https?:\/\/[^\s"'<>]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html.match(/<script/g)).toHaveLength(2);
    const hostile = renderHtml(hostileDiagram(), HOSTILE);
    expect(hostile.match(/<script/g)).toHaveLength(2);
    expect(hostile.match(/<\/script>/g)).toHaveLength(2);
    expect(hostile).not.toContain("<img");
    expect(hostile).not.toContain("<!--");
  });

  inBrowser("clicking a flow shows its pattern, grant, role and findings; a broken flow is marked", async () => {
    const diagram = brokenManyToMany();
    const index = (from: string, to: string) =>
      diagram.edges.findIndex((edge) => edge.from.includes(from) && diagram.nodes.find((node) => node.id === edge.to)?.label === to);
    const broken = index("web-errors", "bus ops-signals");
    const sound = index("web-client-events", "bus analytics-ingest");
    expect(diagram.edges[broken].broken).toBe("target-not-granted");
    await inPage(writePage("many-to-many", diagram), async (page) => {
      const shown = await clickFlow(page, sound);
      expect(shown).toMatchObject({ flow: String(sound), broken: null, ...diagram.edges[sound].details, findings: expect.any(Array) });
      expect(shown.title).toBe(
        "rule web-client-events (account web 303030303030 us-east-1) → bus analytics-ingest (account analytics 101010101010 us-east-1)",
      );
      expect(shown.grant).toMatch(
        /^bus policy many-to-many: aws_cloudwatch_event_bus_policy\.\S+, statement "\w+": grants the sender's account$/,
      );
      expect(shown.role).toMatch(/^web-client-events-forwarder \(arn:aws:iam::303030303030:role\/.*\), may put events on this bus$/);
      expect(shown.findings).toEqual(["none: the verifier found nothing on this flow"]);

      const marked = await clickFlow(page, broken);
      expect(marked).toMatchObject({
        flow: String(broken),
        broken: "BROKEN: target-not-granted",
        pattern: diagram.edges[broken].details.pattern,
      });
      expect(marked.grant).toBe("none: no bus policy");
      expect(marked.findings).toEqual([
        expect.stringMatching(/^error target-not-granted \(target many-to-many: aws_cloudwatch_event_target\./),
      ]);
      const line = await page.evaluate<{ dash: string; colour: string }>(
        `(function () { var line = document.querySelector('g.flow[data-flow="${broken}"] path.line'); var style = getComputedStyle(line);` +
          ` return { dash: style.strokeDasharray, colour: line.getAttribute("stroke") }; })()`,
      );
      expect(line).toEqual({ dash: "6px, 4px", colour: "#d00" });
      expect(page.requests.filter((url) => !url.startsWith("file://"))).toEqual([]);
    });
  });

  inBrowser("a flow of a box standing for many accounts lists them", async () => {
    const out = join(dir, "many");
    synthesizeTopology(parseTopology(manyAccounts(50), "many accounts"), out);
    const graph = readTopologyGraph(out);
    const diagram = collapseDiagram(buildDiagram(graph, verifyGraph(graph)), COLLAPSE_ABOVE);
    const [box, members] = Object.entries(diagram.collapsed ?? {})[0];
    const flow = diagram.edges.findIndex((edge) => diagram.nodes.find((node) => node.id === edge.from)?.group === box);
    await inPage(writePage("many", diagram), async (page) => {
      const shown = await clickFlow(page, flow);
      expect(shown.standsFor).toBe(`${members.length} accounts wired alike: ${members.join(", ")}`);
    });
  });

  inBrowser("user text shows as text and never runs", async () => {
    await inPage(writePage("hostile", hostileDiagram()), async (page) => {
      const shown = await clickFlow(page, 0);
      expect(shown).toMatchObject({ grant: HOSTILE, role: HOSTILE, pattern: `{"source": ["${HOSTILE}"]}` });
      expect(await page.evaluate("document.title")).toBe("Topology hostile");
      expect(await page.evaluate("document.querySelectorAll('img').length")).toBe(0);
    });
  });
});
