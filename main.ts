#!/usr/bin/env node
import { runTopologyCommand } from "./command-line";
import { synthesizeTopology } from "./stacks/synthesize";
import { BrokenLinksError, formatTable, summary, verifyFolder } from "./analysis/verify";

const USAGE = `usage: npm start -- [topology.json] [--out <dir>]
  topology.json  the topology to synthesize (default: the embedded example)
  --out <dir>    output folder (default: $CDKTF_OUTDIR or ./cdktf.out)`;

runTopologyCommand(USAGE, { out: { type: "string" } }, (topology, values, file) => {
  const outdir = (values.out as string | undefined) ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  // The cdktf CLI lists the stack folders before it runs the app and removes the orphaned ones itself.
  const options = { protectedFiles: file ? [file] : [], keepEmptiedFolders: process.env.CDKTF_OUTDIR !== undefined };
  for (const stack of synthesizeTopology(topology, outdir, process.cwd(), options)) {
    console.log(
      `stack ${stack.name}: account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources; ${outdir}/${stack.file}`,
    );
  }
  const verification = verifyFolder(outdir);
  if (verification.errors > 0) {
    console.error(formatTable(verification));
    throw new BrokenLinksError();
  }
  console.log(summary(verification));
});
