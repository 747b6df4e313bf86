/** The export: one Terraform root module per stack, JSON or HCL, with READMEs and the apply order. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { ResolvedTopology } from "../topology/resolve";
import { OutputFolderOptions, replaceOutputFolder } from "../stacks/output-folder";
import { SynthesizedStack, synthesizeInto } from "../stacks/synthesize";
import { ApplyAfterReason } from "../stacks/topology-stack";
import { STACKS_FILE, StackOrder } from "./apply-order";
import { JsonObject, renderHcl } from "./hcl";

export const EXPORT_FORMATS = ["json", "hcl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** From <out>/<stack>/, the folder holding the export: local state files sit beside it, never inside. */
export const EXPORT_STATE_DIR = "../..";

export interface ExportedStack extends SynthesizedStack {
  /** The stack's root module file, relative to the export folder. */
  readonly mainFile: string;
  /** Apply step, from 1: a stack is applied after every stack it depends on. */
  readonly step: number;
}

type ProviderJson = {
  alias: string;
  region: string;
  allowed_account_ids: string[];
  profile?: string;
  assume_role?: { role_arn: string; external_id?: string }[];
};

/** Terraform JSON without cdktf's "//" comments: a pipeline gets plain Terraform. */
function withoutComments(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutComments);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== "//")
      .map(([key, value]) => [key, withoutComments(value)]),
  );
}

function applySteps(stacks: readonly SynthesizedStack[]): Map<string, number> {
  const steps = new Map<string, number>();
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const stepOf = (name: string): number => {
    const known = steps.get(name);
    if (known !== undefined) return known;
    const step = 1 + Math.max(0, ...(byName.get(name)?.dependencies ?? []).map(stepOf));
    steps.set(name, step);
    return step;
  };
  stacks.forEach((stack) => stepOf(stack.name));
  return steps;
}

function credentialsOf(provider: ProviderJson): string {
  if (provider.profile) return `the named profile \`${provider.profile}\` from the shared AWS config files`;
  const role = provider.assume_role?.[0];
  if (!role) return "the environment's credentials";
  return (
    `assumes \`${role.role_arn}\`${role.external_id ? " with an external ID" : ""}; the pipeline's own credentials must be ` +
    `allowed to assume it`
  );
}

function stateOf(terraform: JsonObject): string {
  const [kind, config] = Object.entries((terraform.backend ?? {}) as Record<string, Record<string, unknown>>)[0] ?? ["local", {}];
  if (kind === "local") return `local file \`${config.path}\`, beside the export folder`;
  if (Object.keys(config).length === 0) return `partial \`${kind}\` backend: pass its settings with \`terraform init -backend-config=...\``;
  if (kind === "s3") {
    const lock = config.use_lockfile
      ? "an S3 lock file"
      : config.dynamodb_table
        ? `DynamoDB table \`${config.dynamodb_table}\``
        : "nothing";
    return `S3 \`s3://${config.bucket}/${config.key}\` in ${config.region}, encrypted, locked by ${lock}`;
  }
  return `\`${kind}\` backend`;
}

/** Why a stack waits for another, as its README says it. */
const WAITS_BECAUSE: Readonly<Record<ApplyAfterReason, string>> = {
  "bus-grant": "its bus policies must grant this stack's senders first",
  "sender-role": "this stack's Lambda permissions name sender roles it creates",
};

function stackReadme(stack: ExportedStack, json: JsonObject, total: number): string {
  const providers = ((json.provider as { aws?: ProviderJson[] } | undefined)?.aws ?? []).map(
    (provider) =>
      `| \`aws.${provider.alias}\` | ${provider.allowed_account_ids.join(", ")} | ${provider.region} | ${credentialsOf(provider)} |`,
  );
  const waits = stack.dependencies.map(
    (name) => `\`${name}\` (${(stack.applyAfterReasons[name] ?? []).map((reason) => WAITS_BECAUSE[reason]).join("; ")})`,
  );
  const after = waits.length > 0 ? `, after ${waits.join(", ")}` : "";
  return [
    `# Stack \`${stack.name}\``,
    "",
    `Account ${stack.accounts.join(", ")}; region ${stack.regions.join(", ")}; ${stack.resources} resources in ` +
      `\`${stack.mainFile.split("/").pop()}\`.`,
    "Generated: export again instead of editing.",
    "",
    "| provider | allowed account | region | credentials |",
    "| --- | --- | --- | --- |",
    ...providers,
    "",
    `State: ${stateOf(json.terraform as JsonObject)}.`,
    "",
    `Apply order: step ${stack.step} of ${total}${after}.`,
    "",
    "```sh",
    "terraform init -input=false",
    "terraform plan -input=false -out=tfplan",
    "terraform apply -input=false tfplan",
    "```",
    "",
  ].join("\n");
}

function exportReadme(stacks: readonly ExportedStack[], format: ExportFormat): string {
  const total = Math.max(...stacks.map((stack) => stack.step));
  const steps = Array.from({ length: total }, (_, i) => {
    const names = stacks.filter((stack) => stack.step === i + 1).map((stack) => `\`${stack.name}\``);
    return `${i + 1}. ${names.join(", ")}`;
  });
  return [
    "# Cross-account EventBridge: Terraform root modules",
    "",
    `One folder per stack, each a root module in ${format === "hcl" ? "HCL (`main.tf`)" : "Terraform JSON (`main.tf.json`)"} ` +
      `with a README naming its account, region, credentials and state.`,
    `Apply the steps in order (also in \`${STACKS_FILE}\`); the stacks of one step can be applied in parallel:`,
    "",
    ...steps,
    "",
  ].join("\n");
}

/**
 * Writes one folder per stack, ready for terraform init/plan/apply in a pipeline. The output folder
 * is replaced only on success: no file of an earlier export (of either format) stays behind, and
 * every file the export did not write (lock files, overrides, .terraform/) is kept.
 */
export function exportTopology(
  topology: ResolvedTopology,
  format: ExportFormat,
  outdir: string,
  workingDir = process.cwd(),
  options: Omit<OutputFolderOptions, "kind"> = {},
): ExportedStack[] {
  const folder = resolve(workingDir, outdir);
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-export-"));
  try {
    const synthesized = synthesizeInto(topology, scratch, { stateDir: EXPORT_STATE_DIR, outputName: basename(folder) });
    const steps = applySteps(synthesized);
    const total = Math.max(...steps.values());
    const mainFile = format === "hcl" ? "main.tf" : "main.tf.json";
    return replaceOutputFolder(folder, { given: outdir, ...options, kind: "export" }, (staging) => {
      const exported = synthesized.map((stack) => {
        const json = withoutComments(JSON.parse(readFileSync(join(scratch, stack.file), "utf8"))) as JsonObject;
        const entry: ExportedStack = { ...stack, mainFile: join(stack.name, mainFile), step: steps.get(stack.name) as number };
        mkdirSync(join(staging, stack.name), { recursive: true });
        writeFileSync(join(staging, entry.mainFile), format === "hcl" ? renderHcl(json) : `${JSON.stringify(json, null, 2)}\n`);
        writeFileSync(join(staging, stack.name, "README.md"), stackReadme(entry, json, total));
        return entry;
      });
      writeFileSync(join(staging, "README.md"), exportReadme(exported, format));
      const order: StackOrder[] = exported.map(({ name, step, dependencies, mainFile }) => ({ name, step, dependencies, file: mainFile }));
      writeFileSync(join(staging, STACKS_FILE), `${JSON.stringify({ stacks: order }, null, 2)}\n`);
      return exported;
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
