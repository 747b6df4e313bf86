#!/usr/bin/env node
import { parseArgs } from "node:util";
import { runOnTopology } from "./topology/load";
import { skipTokenStackTraces } from "./stacks/fast-synthesis";
import { EXPORT_FORMATS, ExportFormat, exportTopology } from "./pipeline/export";

const USAGE = `usage: npm run export -- [topology.json] [--format json|hcl] [--out <dir>]
  topology.json  the topology to export (default: the embedded example)
  --format       json (Terraform JSON, default) or hcl (native syntax, terraform fmt clean)
  --out <dir>    output folder, one subfolder per stack (default: ./export)`;

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: "string", default: "json" }, out: { type: "string", default: "export" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = args.values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format) || args.positionals.length > 1) {
    const problem = args.positionals.length > 1 ? `expected at most one topology file, got ${args.positionals.length}` : `--format: ${JSON.stringify(format)} is invalid: the format is json or hcl`;
    console.error(`${problem}\n${USAGE}`);
    return 2;
  }
  const outdir = args.values.out as string;
  return runOnTopology(args.positionals[0], (topology) => {
    for (const stack of exportTopology(topology, format, outdir)) {
      console.log(`stack ${stack.name}: step ${stack.step}; account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources; ${outdir}/${stack.mainFile}`);
    }
  });
}

skipTokenStackTraces();
process.exitCode = main(process.argv.slice(2));
