import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AccountProvider } from "../../modules/account-provider";
import { loadTopologyFile, parseTopology } from "../../topology/load";
import { SynthesizedStack, synthesizeTopology } from "../../stacks/synthesize";
import { TopologyStack } from "../../stacks/topology-stack";
import defaultTopology from "../../topology/default.json";
import { PROJECT } from "./project";
import { runFolder } from "./run-folder";

export type TerraformJson = {
  provider?: { aws?: { alias: string; allowed_account_ids: string[]; profile?: string }[] };
  resource: Record<string, Record<string, Record<string, unknown>>>;
  terraform: Record<string, unknown>;
};

export interface Synthesized {
  readonly stacks: SynthesizedStack[];
  /** The cdk.tf.json text of a stack exactly as written. */
  text(stack: string): string;
  json(stack: string): TerraformJson;
  readonly manifest: { stacks: Record<string, { dependencies: string[] }> };
}

const synthesized = new Map<string, Synthesized>();

/**
 * Synthesizes a topology as `npm start` does, into a scratch project folder that is removed again;
 * once per test file (the output of a topology file does not change while the tests run).
 */
export function synthesize(topology: string): Synthesized {
  const known = synthesized.get(topology);
  if (known) return known;
  const made = synthesizeAnew(topology);
  synthesized.set(topology, made);
  return made;
}

function synthesizeAnew(topology: string): Synthesized {
  const resolved = topology === "default" ? parseTopology(defaultTopology) : loadTopologyFile(join(PROJECT, topology));
  const project = mkdtempSync(join(tmpdir(), "eventbridge-synth-"));
  try {
    const stacks = synthesizeTopology(resolved, "cdktf.out", project);
    const out = join(project, "cdktf.out");
    const texts = new Map(stacks.map((stack) => [stack.name, readFileSync(join(out, stack.file), "utf8")]));
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    return {
      stacks: Object.freeze(stacks) as SynthesizedStack[],
      manifest,
      text: (name) => texts.get(name) as string,
      json: (name) => JSON.parse(texts.get(name) as string),
    };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** cdktf's testing app, writing into the run's folder: Testing.app() alone leaves a new folder in the system's temp folder each time. */
export const testingApp = () => Testing.app({ outdir: join(runFolder(), "cdktf-testing") });

/** Builds constructs in a stack with one provider and returns the stack's Terraform JSON, addressed as the product addresses it. */
export function synthConstructs(
  build: (scope: Construct, provider: AccountProvider) => void,
  at: { accountId?: string; region?: string } = {},
): TerraformJson {
  const app = testingApp();
  const stack = new TopologyStack(app, "test", { stateDir: "." });
  const provider = new AccountProvider(stack, "provider", {
    accountName: "sender",
    accountId: at.accountId ?? "222222222222",
    region: at.region ?? "us-east-1",
    credentials: { assumeRoleArn: `arn:aws:iam::${at.accountId ?? "222222222222"}:role/deployer` },
  });
  build(stack, provider);
  return JSON.parse(Testing.synth(stack));
}

/** The single resource of a type, failing loudly when there is not exactly one. */
export function only(json: TerraformJson, type: string): Record<string, unknown> {
  const resources = Object.values(json.resource[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

export function all(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}
