#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { verifyGraph } from "./analysis/checks";
import { buildDiagram, renderMarkdown, renderSvg } from "./analysis/diagram";
import { readTopologyGraph } from "./analysis/model";
import { OutputFolderError, replaceOutputFolder } from "./stacks/output-folder";

const USAGE = `usage: npm run diagram -- [dir] [--out <folder>]
  dir           folder of synthesized or exported stacks (default: ./cdktf.out)
  --out <dir>   where topology.md (Mermaid) and topology.svg go (default: ./diagram)`;

function main(): number {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: "diagram" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help || args.positionals.length > 1) {
    (args.values.help ? console.log : console.error)(USAGE);
    return args.values.help ? 0 : 2;
  }
  const dir = args.positionals[0] ?? "cdktf.out";
  const graph = readTopologyGraph(dir);
  if (graph.stacks.length === 0) {
    console.error(`${dir}: holds no Terraform JSON (*.tf.json)`);
    return 2;
  }
  const diagram = buildDiagram(graph, verifyGraph(graph));
  const out = args.values.out as string;
  try {
    replaceOutputFolder(out, { kind: "diagram" }, (staging) => {
      writeFileSync(join(staging, "topology.md"), renderMarkdown(diagram, "Cross-account EventBridge topology"));
      writeFileSync(join(staging, "topology.svg"), renderSvg(diagram));
    });
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 1;
  }
  console.log(`diagram: ${diagram.groups.length} accounts, ${diagram.nodes.length} nodes, ${diagram.edges.length} flows, ${diagram.edges.filter((edge) => edge.broken).length} broken; ${out}/topology.md, ${out}/topology.svg`);
  return 0;
}

process.exitCode = main();
