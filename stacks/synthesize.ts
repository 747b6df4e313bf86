/** Synthesis of a topology into cdktf's layout, in an output folder of this tool. */
import { basename, join, resolve } from "node:path";
import { App, TerraformResource } from "../framework/core";
import { ResolvedTopology } from "../topology/resolve";
import { buildStacks } from "./layouts";
import { ApplyAfterReason } from "./topology-stack";
import { OutputFolderOptions, replaceOutputFolder } from "./output-folder";

export interface SynthesizedStack {
  readonly name: string;
  readonly accounts: string[];
  readonly regions: string[];
  readonly resources: number;
  /** Names of the stacks that must be applied first. */
  readonly dependencies: string[];
  /** Why each of them is applied first, by its name. */
  readonly applyAfterReasons: Readonly<Record<string, readonly ApplyAfterReason[]>>;
  /** cdk.tf.json of the stack, relative to the output folder. */
  readonly file: string;
}

/**
 * Each stack's local state file sits beside the output folder (the project root for ./cdktf.out,
 * where cdktf keeps it too), written relative to the stack's folder so no machine path is in the output.
 */
export const STATE_DIR = "../../..";

/** Where and how a topology is synthesized. */
export interface SynthesisTarget {
  /** Folder local state paths are relative to, from each stack's folder; default STATE_DIR. */
  readonly stateDir?: string;
  /** Name of the output folder the stacks are for, in local state file names; default the folder's own name. */
  readonly outputName?: string;
}

/** Synthesizes in cdktf's layout (stacks/<name>/cdk.tf.json) into an empty folder. */
export function synthesizeInto(topology: ResolvedTopology, folder: string, target: SynthesisTarget = {}): SynthesizedStack[] {
  const app = new App({ outdir: folder, stackTraces: false });
  const stacks = buildStacks(app, topology, { stateDir: target.stateDir ?? STATE_DIR, outputName: target.outputName });
  app.synth();
  return stacks.map((stack) => ({
    name: stack.node.id,
    accounts: [...stack.accounts].map((account) => `${account.name} (${account.id})`),
    regions: [...stack.regions],
    resources: stack.node.findAll().filter(TerraformResource.isTerraformResource).length,
    dependencies: stack.dependencies.map((dependency) => dependency.node.id),
    applyAfterReasons: Object.fromEntries([...stack.applyAfterReasons].map(([name, reasons]) => [name, [...reasons]])),
    file: join("stacks", stack.node.id, "cdk.tf.json"),
  }));
}

/**
 * Synthesizes into an output folder of this tool, replaced only on success (see output-folder.ts);
 * each stack's local state file is named after the folder, so outputs side by side never share state.
 */
export function synthesizeTopology(
  topology: ResolvedTopology,
  outdir: string,
  workingDir = process.cwd(),
  options: Omit<OutputFolderOptions, "kind"> = {},
): SynthesizedStack[] {
  const folder = resolve(workingDir, outdir);
  return replaceOutputFolder(folder, { given: outdir, ...options, kind: "synth" }, (staging) =>
    synthesizeInto(topology, staging, { outputName: basename(folder) }),
  );
}
