import { resolve, join } from "node:path";
import { App, TerraformResource } from "cdktf";
import { ResolvedTopology } from "../topology/resolve";
import { replaceFolder } from "./atomic-output";
import { buildStacks } from "./layouts";

export interface SynthesizedStack {
  readonly name: string;
  readonly accounts: string[];
  readonly regions: string[];
  readonly resources: number;
  /** Names of the stacks that must be applied first. */
  readonly dependencies: string[];
  /** cdk.tf.json of the stack, relative to the output folder. */
  readonly file: string;
}

/**
 * Each stack's local state file sits beside the output folder (the project root for ./cdktf.out,
 * where cdktf keeps it too), written relative to the stack's folder so no machine path is in the output.
 */
export const STATE_DIR = "../../..";

/** Synthesizes in cdktf's layout (stacks/<name>/cdk.tf.json); the output folder is replaced only on success. */
export function synthesizeTopology(
  topology: ResolvedTopology,
  outdir: string,
  workingDir = process.cwd(),
  stateDir = STATE_DIR,
): SynthesizedStack[] {
  return replaceFolder(resolve(workingDir, outdir), (staging) => {
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildStacks(app, topology, { stateDir });
    app.synth();
    return stacks.map((stack) => ({
      name: stack.node.id,
      accounts: [...stack.accounts].map((account) => `${account.name} (${account.id})`),
      regions: [...stack.regions],
      resources: stack.node.findAll().filter(TerraformResource.isTerraformResource).length,
      dependencies: stack.dependencies.map((dependency) => dependency.node.id),
      file: join("stacks", stack.node.id, "cdk.tf.json"),
    }));
  });
}
