#!/usr/bin/env node
/** `eventbridge diagram` and `npm run diagram`. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { verifyGraph } from "../analysis/checks";
import { buildDiagram, renderMarkdown } from "../analysis/diagram";
import { COLLAPSE_ABOVE, collapseDiagram } from "../analysis/diagram-collapse";
import { renderHtml } from "../analysis/diagram-html";
import { layoutDiagram } from "../analysis/diagram-layout";
import { renderSvg } from "../analysis/diagram-svg";
import { readTopologyGraph } from "../analysis/model";
import { OutputFolderError, replaceOutputFolder } from "../stacks/output-folder";
import { Invocation, commandArguments, parseCommandLine, userPath } from "./arguments";

const TITLE = "Cross-account EventBridge topology";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [dir] [--out <folder>] [--collapse-above <n>]
  dir                   folder of synthesized or exported stacks (default: ./cdktf.out)
  --out <dir>           where topology.md (Mermaid), topology.svg and topology.html go (default: ./diagram)
  --collapse-above <n>  above n accounts, draw accounts wired alike as one box with a count (default: ${COLLAPSE_ABOVE})`;

/** Draws a folder of stacks as a Mermaid flowchart, an SVG and an HTML page whose flows show their details; broken links marked. */
export function diagram(args: readonly string[], invokedAs: Invocation = "npm run diagram --"): number {
  const parsed = parseCommandLine(
    args,
    usage(invokedAs),
    { out: { type: "string", default: "diagram" }, "collapse-above": { type: "string", default: String(COLLAPSE_ABOVE) } },
    true,
  );
  if (typeof parsed === "number") return parsed;
  const above = parsed.values["collapse-above"] as string;
  const problem =
    parsed.positionals.length > 1
      ? `expected at most one folder, got ${parsed.positionals.length}`
      : /^\d+$/.test(above)
        ? undefined
        : `--collapse-above ${JSON.stringify(above)}: expected a whole number of accounts (0 or more)`;
  if (problem) {
    console.error(`${problem}\n${usage(invokedAs)}`);
    return 2;
  }
  const dir = userPath(parsed.positionals[0] ?? "cdktf.out");
  const graph = readTopologyGraph(dir);
  if (graph.stacks.length === 0) {
    console.error(`${dir}: holds no Terraform JSON (*.tf.json)`);
    return 2;
  }
  const full = buildDiagram(graph, verifyGraph(graph));
  const drawn = collapseDiagram(full, Number(above));
  const layout = layoutDiagram(drawn);
  const out = userPath(parsed.values.out as string);
  try {
    replaceOutputFolder(out, { kind: "diagram" }, (staging) => {
      writeFileSync(join(staging, "topology.md"), renderMarkdown(drawn, TITLE));
      writeFileSync(join(staging, "topology.svg"), renderSvg(drawn, layout));
      writeFileSync(join(staging, "topology.html"), renderHtml(drawn, TITLE, layout));
    });
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 1;
  }
  const broken = full.edges.filter((edge) => edge.broken).length;
  const boxes = drawn.groups.length < full.groups.length ? ` in ${drawn.groups.length} boxes` : "";
  console.log(
    `diagram: ${full.accounts} accounts, ${full.groups.length} account-regions${boxes}, ${full.nodes.length} nodes, ` +
      `${full.edges.length} flows, ${broken} broken; ` +
      `${out}/topology.md, ${out}/topology.svg, ${out}/topology.html`,
  );
  return 0;
}

if (require.main === module) process.exitCode = diagram(commandArguments());
