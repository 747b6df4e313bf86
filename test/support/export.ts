import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { StacksFile } from "../../pipeline/apply-order";
import { ExportFormat, exportTopology, exportTopologySince } from "../../pipeline/export";
import { ResolvedTopology } from "../../topology/resolve";
import { loadTopology } from "../../topology/load";
import { TerraformJson } from "./synth";
import { PROJECT } from "./project";

/** The topology of a name in TOPOLOGIES. */
export const topologyNamed = (name: string) => loadTopology(name === "default" ? undefined : join(PROJECT, name));

/** A YAML file parsed with the yaml library: it must parse without errors or warnings, and use no anchors. */
export function parseYaml(text: string): any {
  const document = parseDocument(text);
  expect(document.errors).toEqual([]);
  expect(document.warnings).toEqual([]);
  expect(text).not.toMatch(/[&*]a\d+\b/);
  return document.toJS();
}

/** An export into <cwd>/terraform, optionally compared with an earlier one, and what its files say. */
export function exported(topology: ResolvedTopology, cwd: string, options: { format?: ExportFormat; since?: string } = {}) {
  const format = options.format ?? "json";
  if (options.since) exportTopologySince(topology, format, "terraform", options.since, cwd);
  else exportTopology(topology, format, "terraform", cwd);
  const read = (file: string) => readFileSync(join(cwd, "terraform", file), "utf8");
  const order: StacksFile = JSON.parse(read("stacks.json"));
  return {
    order,
    workflow: parseYaml(read("github-actions.yml")),
    atlantis: parseYaml(read("atlantis.yaml")),
    /** The Terraform JSON of a stack (JSON format only). */
    stackJson: (name: string): TerraformJson => JSON.parse(read(`${name}/main.tf.json`)),
  };
}
