#!/usr/bin/env node
import { runTopologyCommand } from "./command-line";
import { EXPORT_FORMATS, ExportFormat, exportTopology } from "./pipeline/export";

const USAGE = `usage: npm run export -- [topology.json] [--format json|hcl] [--out <dir>]
  topology.json  the topology to export (default: the embedded example)
  --format       json (Terraform JSON, default) or hcl (native syntax, terraform fmt clean)
  --out <dir>    output folder, one subfolder per stack (default: ./export)`;

runTopologyCommand(
  USAGE,
  { format: { type: "string", default: "json" }, out: { type: "string", default: "export" } },
  (topology, values, file) => {
    const outdir = values.out as string;
    for (const stack of exportTopology(topology, values.format as ExportFormat, outdir, process.cwd(), { protectedFiles: file ? [file] : [] })) {
      console.log(
        `stack ${stack.name}: step ${stack.step}; account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources; ${outdir}/${stack.mainFile}`,
      );
    }
  },
  (values) =>
    EXPORT_FORMATS.includes(values.format as ExportFormat)
      ? undefined
      : `--format: ${JSON.stringify(values.format)} is invalid: the format is json or hcl`,
);
