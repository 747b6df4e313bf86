#!/usr/bin/env node
/** `eventbridge diagram` and `npm run diagram`. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { verifyGraph } from "../analysis/checks";
import { buildDiagram, renderMarkdown, renderSvg } from "../analysis/diagram";
import { readTopologyGraph } from "../analysis/model";
import { OutputFolderError, replaceOutputFolder } from "../stacks/output-folder";
import { Invocation, commandArguments, parseCommandLine } from "./arguments";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [dir] [--out <folder>]
  dir           folder of synthesized or exported stacks (default: ./cdktf.out)
  --out <dir>   where topology.md (Mermaid) and topology.svg go (default: ./diagram)`;

/** Draws a folder of stacks as a Mermaid flowchart and an SVG, broken links marked. */
export function diagram(args: readonly string[], invokedAs: Invocation = "npm run diagram --"): number {
  const parsed = parseCommandLine(args, usage(invokedAs), { out: { type: "string", default: "diagram" } }, true);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length > 1) {
    console.error(usage(invokedAs));
    return 2;
  }
  const dir = parsed.positionals[0] ?? "cdktf.out";
  const graph = readTopologyGraph(dir);
  if (graph.stacks.length === 0) {
    console.error(`${dir}: holds no Terraform JSON (*.tf.json)`);
    return 2;
  }
  const drawn = buildDiagram(graph, verifyGraph(graph));
  const out = parsed.values.out as string;
  try {
    replaceOutputFolder(out, { kind: "diagram" }, (staging) => {
      writeFileSync(join(staging, "topology.md"), renderMarkdown(drawn, "Cross-account EventBridge topology"));
      writeFileSync(join(staging, "topology.svg"), renderSvg(drawn));
    });
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 1;
  }
  const broken = drawn.edges.filter((edge) => edge.broken).length;
  console.log(
    `diagram: ${drawn.groups.length} accounts, ${drawn.nodes.length} nodes, ${drawn.edges.length} flows, ${broken} broken; ` +
      `${out}/topology.md, ${out}/topology.svg`,
  );
  return 0;
}

if (require.main === module) process.exitCode = diagram(commandArguments());
