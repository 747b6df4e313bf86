/** The diagram as one self-contained HTML page: the SVG inline, and a panel showing the details of the flow clicked. */
import { Diagram } from "./diagram";
import { DiagramLayout, layoutDiagram } from "./diagram-layout";
import { renderSvg, xml } from "./diagram-svg";

/** What the page's script shows for one flow (diagram-details.ts, plus its two ends and the accounts it stands for). */
interface FlowEntry {
  readonly from: string;
  readonly to: string;
  readonly broken?: string;
  /** The accounts a collapsed box stands for, when the flow starts or ends in one. */
  readonly accounts?: readonly string[];
}

/**
 * JSON inside a <script> element: `<`, `>` and `&` as Unicode escapes, so no text of a pattern or a
 * name can close the element or open a comment (HTML Living Standard, "Restrictions for contents of
 * script elements"); U+2028 and U+2029 likewise, for older JavaScript parsers.
 */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);

function flowEntries(diagram: Diagram): (FlowEntry & Diagram["edges"][number]["details"])[] {
  const nodes = new Map(diagram.nodes.map((node) => [node.id, node]));
  const end = (id: string) => {
    const node = nodes.get(id);
    return node ? `${node.label} (${diagram.collapsed?.[node.group] ? node.group : `account ${node.group}`})` : id;
  };
  return diagram.edges.map((edge) => {
    const groups = new Set([nodes.get(edge.from)?.group, nodes.get(edge.to)?.group]);
    const accounts = [...groups].flatMap((group) => (group && diagram.collapsed?.[group]) || []);
    return {
      from: end(edge.from),
      to: end(edge.to),
      ...(edge.broken ? { broken: edge.broken } : {}),
      ...(accounts.length > 0 ? { accounts } : {}),
      ...edge.details,
    };
  });
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 Helvetica, Arial, sans-serif; color: #222; height: 100vh; display: flex; flex-direction: column; }
header { padding: 8px 16px; border-bottom: 1px solid #ccd; }
header h1 { font-size: 18px; margin: 0 0 2px; }
header p { margin: 0; color: #555; }
main { flex: 1; display: flex; min-height: 0; }
#drawing { flex: 1; overflow: auto; }
#details { width: 400px; overflow: auto; border-left: 1px solid #ccd; padding: 12px 16px; background: #fafbfd; }
#details h2 { font-size: 15px; margin: 0 0 8px; word-break: break-word; }
#details dt { font-weight: bold; margin-top: 10px; }
#details dd { margin: 2px 0 0; word-break: break-word; white-space: pre-wrap; }
#details pre { margin: 2px 0 0; padding: 6px; background: #fff; border: 1px solid #dde; white-space: pre-wrap; word-break: break-all; }
#details .broken { color: #c00; font-weight: bold; }
#details li.error { color: #c00; }
#details li.warning { color: #8a5a00; }
g.flow { cursor: pointer; }
g.flow:hover .line, g.flow:focus .line, g.flow.selected .line { stroke: #0a58ca; stroke-width: 3; }
g.flow:focus { outline: none; }
`;

/**
 * Shows the clicked (or Enter-ed, or #flow=<n>-linked) flow in the panel. Everything is set as text
 * (textContent), never as markup: patterns and names are user text.
 */
const SCRIPT = `
(function () {
  var flows = JSON.parse(document.getElementById("flows").textContent);
  var panel = document.getElementById("details");
  function add(parent, tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined) element.textContent = text;
    if (className) element.className = className;
    parent.appendChild(element);
    return element;
  }
  function show(index) {
    var flow = flows[index];
    if (!flow) return;
    document.querySelectorAll("g.flow.selected").forEach(function (element) { element.classList.remove("selected"); });
    var drawn = document.querySelector('g.flow[data-flow="' + index + '"]');
    if (drawn) drawn.classList.add("selected");
    panel.textContent = "";
    panel.dataset.flow = String(index);
    add(panel, "h2", flow.from + " \\u2192 " + flow.to);
    if (flow.broken) add(panel, "p", "BROKEN: " + flow.broken, "broken");
    var list = add(panel, "dl");
    function item(term, text, tag) {
      add(list, "dt", term);
      add(add(list, "dd"), tag || "span", text, term.toLowerCase().replace(/ /g, "-"));
    }
    item("Rule", flow.rule);
    item("Pattern", flow.pattern, "pre");
    item("Grant", flow.grant);
    item("Role", flow.role);
    add(list, "dt", "Findings");
    var findings = add(add(list, "dd"), "ul");
    findings.className = "findings";
    if (flow.findings.length === 0) add(findings, "li", "none: the verifier found nothing on this flow");
    flow.findings.forEach(function (finding) {
      var text = finding.severity + " " + finding.check + " (" + finding.about + "): " + finding.message + " Fix: " + finding.fix;
      add(findings, "li", text, finding.severity);
    });
    if (flow.accounts) item("Stands for", flow.accounts.length + " accounts wired alike: " + flow.accounts.join(", "));
  }
  document.querySelectorAll("g.flow").forEach(function (element) {
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    element.addEventListener("click", function () {
      show(element.dataset.flow);
      history.replaceState(null, "", "#flow=" + element.dataset.flow);
    });
    element.addEventListener("keydown", function (event) { if (event.key === "Enter") show(element.dataset.flow); });
  });
  var linked = /^#flow=(\\d+)$/.exec(location.hash);
  if (linked) {
    show(linked[1]);
    var drawn = document.querySelector('g.flow[data-flow="' + linked[1] + '"]');
    if (drawn) drawn.scrollIntoView({ block: "center", inline: "center" });
  }
})();
`;

/**
 * One HTML file that needs nothing else to view, not even the network: the SVG, the style and the
 * script inline, the flows' details as JSON in the page. Clicking a flow shows its pattern, the
 * grant and role it goes through and the verifier's findings on it.
 */
export function renderHtml(diagram: Diagram, title: string, layout: DiagramLayout = layoutDiagram(diagram)): string {
  const broken = diagram.edges.filter((edge) => edge.broken).length;
  const accounts = diagram.groups.reduce((count, group) => count + (diagram.collapsed?.[group]?.length ?? 1), 0);
  const summary =
    `${accounts} accounts${accounts > diagram.groups.length ? ` in ${diagram.groups.length} boxes` : ""}, ` +
    `${diagram.edges.length} flows drawn, ${broken} broken (dashed red). ` +
    "Click a flow to see its pattern, the grant and role it goes through, and the verifier's findings.";
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${xml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header><h1>${xml(title)}</h1><p>${xml(summary)}</p></header>`,
    "<main>",
    `<div id="drawing">${renderSvg(diagram, layout).trimEnd()}</div>`,
    '<aside id="details"><p>Click a flow (an arrow) to see its details here.</p></aside>',
    "</main>",
    `<script type="application/json" id="flows">${scriptJson(flowEntries(diagram))}</script>`,
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
