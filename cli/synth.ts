#!/usr/bin/env node
/** `eventbridge synth` and `npm start`. */
import { BrokenLinksError, formatTable, summary, verifyFolder } from "../analysis/verify";
import { synthesizeTopology } from "../stacks/synthesize";
import { Invocation, commandArguments, userPath } from "./arguments";
import { runTopologyCommand } from "./command-line";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [topology.json] [--out <dir>]
  topology.json  the topology to synthesize (default: the embedded example)
  --out <dir>    output folder (default: $CDKTF_OUTDIR or ./cdktf.out)`;

/** Synthesizes a topology into cdktf's layout, prints a line per stack, then verifies the links. */
export function synth(args: readonly string[], invokedAs: Invocation = "npm start --"): number {
  return runTopologyCommand(args, usage(invokedAs), { out: { type: "string" } }, (topology, values, file) => {
    const outdir = (values.out as string | undefined) ?? process.env.CDKTF_OUTDIR ?? userPath("cdktf.out");
    // The cdktf CLI lists the stack folders before it runs the app and removes the orphaned ones itself.
    const options = { protectedFiles: file ? [file] : [], keepEmptiedFolders: process.env.CDKTF_OUTDIR !== undefined };
    for (const stack of synthesizeTopology(topology, outdir, process.cwd(), options)) {
      console.log(
        `stack ${stack.name}: account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} ` +
          `resources; ${outdir}/${stack.file}`,
      );
    }
    const verification = verifyFolder(outdir);
    if (verification.errors > 0) {
      console.error(formatTable(verification));
      throw new BrokenLinksError();
    }
    console.log(summary(verification));
  });
}

if (require.main === module) process.exitCode = synth(commandArguments());
