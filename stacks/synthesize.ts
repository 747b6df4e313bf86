import { existsSync, renameSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
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

/** Where each stack's state lives, relative to the folder Terraform runs it in: the project root. */
export function stateDirFor(outdir: string, projectDir: string, stackName = "stack"): string {
  return relative(join(resolve(projectDir, outdir), "stacks", stackName), resolve(projectDir)) || ".";
}

/** The app of a topology; cdktf creates appOutdir at once, so callers pass a folder they own. */
export function buildApp(topology: ResolvedTopology, appOutdir: string, stateDir: string) {
  const app = new App({ outdir: appOutdir, stackTraces: false });
  return { app, stacks: buildStacks(app, topology, { stateDir }) };
}

/**
 * Synthesizes into a staging folder beside the output and swaps it in only when synthesis
 * succeeded, so a failure leaves the previous output as it was.
 */
export function synthesizeTopology(topology: ResolvedTopology, outdir: string, projectDir = process.cwd()): SynthesizedStack[] {
  const target = resolve(projectDir, outdir);
  const staging = `${target}.staging-${process.pid}`;
  const retired = `${target}.retired-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const { app, stacks } = buildApp(topology, staging, stateDirFor(outdir, projectDir));
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
