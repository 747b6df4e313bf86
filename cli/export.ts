#!/usr/bin/env node
/** `eventbridge export` and `npm run export`. */
import { EXPORT_FORMATS, ExportFormat, exportTopology } from "../pipeline/export";
import { Invocation, commandArguments } from "./arguments";
import { runTopologyCommand } from "./command-line";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [topology.json] [--format json|hcl] [--out <dir>]
  topology.json  the topology to export (default: the embedded example)
  --format       json (Terraform JSON, default) or hcl (native syntax, terraform fmt clean)
  --out <dir>    output folder, one subfolder per stack (default: ./export)`;

/** Writes one root module folder per stack, in Terraform JSON or HCL, with READMEs and the apply order. */
export function exportCommand(args: readonly string[], invokedAs: Invocation = "npm run export --"): number {
  return runTopologyCommand(
    args,
    usage(invokedAs),
    { format: { type: "string", default: "json" }, out: { type: "string", default: "export" } },
    (topology, values, file) => {
      const outdir = values.out as string;
      const options = { protectedFiles: file ? [file] : [] };
      for (const stack of exportTopology(topology, values.format as ExportFormat, outdir, process.cwd(), options)) {
        console.log(
          `stack ${stack.name}: step ${stack.step}; account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ` +
            `${stack.resources} resources; ${outdir}/${stack.mainFile}`,
        );
      }
    },
    (values) =>
      EXPORT_FORMATS.includes(values.format as ExportFormat)
        ? undefined
        : `--format: ${JSON.stringify(values.format)} is invalid: the format is json or hcl`,
  );
}

if (require.main === module) process.exitCode = exportCommand(commandArguments());
