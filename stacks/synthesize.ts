import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { App, TerraformResource } from "cdktf";
import { ResolvedTopology } from "../topology/resolve";
import { buildStacks } from "./layouts";

export interface SynthesizedStack {
  readonly name: string;
  readonly accounts: string[];
  readonly regions: string[];
  readonly resources: number;
  /** cdk.tf.json of the stack, relative to the output folder. */
  readonly file: string;
}

/**
 * Each stack's state file sits beside the output folder (the project root for ./cdktf.out, where
 * cdktf keeps it too), written relative to the stack's folder so no machine path is in the output.
 */
export const STATE_DIR = "../../..";

/**
 * Synthesizes into a staging folder beside the output and swaps it in only when synthesis
 * succeeded, so a failure leaves the previous output as it was.
 */
export function synthesizeTopology(topology: ResolvedTopology, outdir: string, workingDir = process.cwd()): SynthesizedStack[] {
  const target = resolve(workingDir, outdir);
  const staging = `${target}.staging-${process.pid}`;
  const retired = `${target}.retired-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildStacks(app, topology, { stateDir: STATE_DIR });
    app.synth();
    if (existsSync(target)) renameSync(target, retired);
    renameSync(staging, target);
    rmSync(retired, { recursive: true, force: true });
    return stacks.map((stack) => ({
      name: stack.node.id,
      accounts: [...stack.accounts].map((account) => `${account.name} (${account.id})`),
      regions: [...stack.regions],
      resources: stack.node.findAll().filter(TerraformResource.isTerraformResource).length,
      file: join("stacks", stack.node.id, "cdk.tf.json"),
    }));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
