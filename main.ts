#!/usr/bin/env node
import { parseArgs } from "node:util";
import { runOnTopology } from "./topology/load";
import { skipTokenStackTraces } from "./stacks/fast-synthesis";
import { synthesizeTopology } from "./stacks/synthesize";

const USAGE = `usage: npm start -- [topology.json] [--out <dir>]
  topology.json  the topology to synthesize (default: the embedded example)
  --out <dir>    output folder (default: $CDKTF_OUTDIR or ./cdktf.out)`;

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length > 1) {
    console.error(`expected at most one topology file, got ${args.positionals.length}\n${USAGE}`);
    return 2;
  }
  const outdir = args.values.out ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  return runOnTopology(args.positionals[0], (topology) => {
    for (const stack of synthesizeTopology(topology, outdir)) {
      console.log(
        `stack ${stack.name}: account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources; ${outdir}/${stack.file}`,
      );
    }
  });
}

skipTokenStackTraces();
process.exitCode = main(process.argv.slice(2));
