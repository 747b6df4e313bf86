import { parseArgs } from "node:util";
import { loadTopologyFile, parseTopology, TopologyError } from "./topology/load";
import { InvalidInputError } from "./modules/limits";
import { skipTokenStackTraces } from "./stacks/fast-synthesis";
import { synthesizeTopology } from "./stacks/synthesize";
import defaultTopology from "./topology/default.json";

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
  const file = args.positionals[0];
  const outdir = args.values.out ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const topology = file ? loadTopologyFile(file) : parseTopology(defaultTopology, "embedded default topology");
    const stacks = synthesizeTopology(topology, outdir);
    for (const stack of stacks) {
      console.log(
        `stack ${stack.name}: account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources; ${outdir}/${stack.file}`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof TopologyError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof InvalidInputError) {
      console.error(`${file ?? "embedded default topology"}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

skipTokenStackTraces();
process.exitCode = main(process.argv.slice(2));
