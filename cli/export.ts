#!/usr/bin/env node
/** `eventbridge export` and `npm run export`. */
import { listLine } from "../pipeline/changes";
import { EXPORT_FORMATS, ExportFormat, ExportedStack, exportTopology, exportTopologySince } from "../pipeline/export";
import { Invocation, commandArguments } from "./arguments";
import { runTopologyCommand } from "./command-line";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [topology.json] [--format json|hcl] [--out <dir>] [--changed-since <dir>]
  topology.json         the topology to export (default: the embedded example)
  --format              json (Terraform JSON, default) or hcl (native syntax, terraform fmt clean)
  --out <dir>           output folder, one subfolder per stack (default: ./export)
  --changed-since <dir> an earlier export (may be --out itself): print the stacks whose Terraform changed and
                        those removed; stacks.json and the GitHub workflow keep only the changed ones to plan`;

/** Writes one root module folder per stack, in Terraform JSON or HCL, with READMEs, the apply order and pipeline files. */
export function exportCommand(args: readonly string[], invokedAs: Invocation = "npm run export --"): number {
  return runTopologyCommand(
    args,
    usage(invokedAs),
    { format: { type: "string", default: "json" }, out: { type: "string", default: "export" }, "changed-since": { type: "string" } },
    (topology, values, file) => {
      const outdir = values.out as string;
      const since = values["changed-since"] as string | undefined;
      const format = values.format as ExportFormat;
      const options = { protectedFiles: file ? [file] : [], topologyFile: file };
      const result = since
        ? exportTopologySince(topology, format, outdir, since, process.cwd(), options)
        : { stacks: exportTopology(topology, format, outdir, process.cwd(), options) };
      for (const stack of result.stacks) {
        console.log(
          `stack ${stack.name}: step ${stack.step}; account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ` +
            `${stack.resources} resources; ${outdir}/${stack.mainFile}`,
        );
      }
      if ("changes" in result) {
        const byStep = (a: ExportedStack, b: ExportedStack) => a.step - b.step;
        console.log(
          listLine(
            "changed",
            [...result.stacks.filter((stack) => stack.changed)].sort(byStep).map((stack) => stack.name),
          ),
        );
        console.log(listLine("removed", result.changes.removed));
      }
    },
    (values) =>
      EXPORT_FORMATS.includes(values.format as ExportFormat)
        ? undefined
        : `--format: ${JSON.stringify(values.format)} is invalid: the format is json or hcl`,
  );
}

if (require.main === module) process.exitCode = exportCommand(commandArguments());
