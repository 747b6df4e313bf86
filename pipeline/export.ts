/** The export: one Terraform root module per stack, JSON or HCL, with READMEs, the apply order and pipeline files. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ResolvedTopology } from "../topology/resolve";
import { OutputFolderError, OutputFolderOptions, replaceOutputFolder } from "../stacks/output-folder";
import { SynthesizedStack, synthesizeInto } from "../stacks/synthesize";
import { ApplyAfterReason } from "../stacks/topology-stack";
import { STACKS_FILE, StackOrder, StacksFile } from "./apply-order";
import { atlantisConfig } from "./atlantis";
import { Changes, PreviousExport, changesSince, digestOf, readPreviousExport } from "./changes";
import { githubWorkflow } from "./github-actions";
import { JsonObject, renderHcl } from "./hcl";
import {
  ATLANTIS_FILE,
  BACKEND_CONFIG_FILE,
  GITHUB_WORKFLOW_FILE,
  PIPELINE_FOLDER,
  PipelineInput,
  PipelineStack,
  StateKind,
} from "./pipelines";

export const EXPORT_FORMATS = ["json", "hcl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** From <out>/<stack>/, the folder holding the export: local state files sit beside it, never inside. */
export const EXPORT_STATE_DIR = "../..";

export interface ExportedStack extends SynthesizedStack {
  /** The stack's root module file, relative to the export folder. */
  readonly mainFile: string;
  /** Apply step, from 1: a stack is applied after every stack it depends on. */
  readonly step: number;
  /** "sha256:<hex>" of the root module file as written: it changes exactly when the stack's plan can. */
  readonly digest: string;
  /** Compared with an earlier export: new, or its digest differs; undefined without one. */
  readonly changed?: boolean;
}

/** How an export is written. */
export type ExportOptions = Omit<OutputFolderOptions, "kind"> & {
  /** The topology file the export is of, named in the GitHub workflow's check that the committed export is its export. */
  readonly topologyFile?: string;
};

/** An export compared with an earlier one. */
export interface ExportSince {
  readonly stacks: ExportedStack[];
  readonly changes: Changes;
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

const backendOf = (terraform: JsonObject): [string, Record<string, unknown>] =>
  Object.entries((terraform.backend ?? {}) as Record<string, Record<string, unknown>>)[0] ?? ["local", {}];

function stateKind(terraform: JsonObject): StateKind {
  const [kind, config] = backendOf(terraform);
  if (kind === "local") return "local";
  return Object.keys(config).length === 0 ? "partial" : "complete";
}

function stateOf(terraform: JsonObject): string {
  const [kind, config] = backendOf(terraform);
  if (kind === "local") return `local file \`${config.path}\`, beside the export folder`;
  if (Object.keys(config).length === 0) {
    return (
      `partial \`${kind}\` backend: pass its settings with \`terraform init -backend-config=${BACKEND_CONFIG_FILE}\` (the pipeline ` +
      `files read them from \`${BACKEND_CONFIG_FILE}\` in this folder)`
    );
  }
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

const providersOf = (json: JsonObject): ProviderJson[] => (json.provider as { aws?: ProviderJson[] } | undefined)?.aws ?? [];

function stackReadme(stack: ExportedStack, json: JsonObject, total: number): string {
  const providers = providersOf(json).map(
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
    `Pipelines: \`${GITHUB_WORKFLOW_FILE}\` (copy it into \`.github/workflows/\`) and \`${ATLANTIS_FILE}\` (copy it to the ` +
      `repository root). \`${STACKS_FILE}\` records each stack's digest, for \`--changed-since\` of the next export.`,
    "",
  ].join("\n");
}

/** A path as the pipeline files name it: from the folder the export ran in (the repository root), else its base name. */
function repositoryFolder(folder: string, workingDir: string): string {
  const path = relative(resolve(workingDir), folder);
  return path.startsWith("..") || isAbsolute(path) ? basename(folder) : path.split(sep).join("/");
}

/** The name the pipeline files give `given` (the export folder or the topology file), refused unless they can quote it. */
function pipelineName(given: string, workingDir: string): string {
  const name = repositoryFolder(resolve(workingDir, given), workingDir);
  if (!PIPELINE_FOLDER.pattern.test(name)) {
    throw new OutputFolderError(given, `is named ${JSON.stringify(name)} in the pipeline files: ${PIPELINE_FOLDER.rule}`);
  }
  return name;
}

function pipelineStack(stack: ExportedStack, json: JsonObject): PipelineStack {
  return {
    name: stack.name,
    step: stack.step,
    dependencies: stack.dependencies,
    region: stack.regions[0],
    namedProfiles: providersOf(json).some((provider) => provider.profile !== undefined),
    state: stateKind(json.terraform as JsonObject),
    changed: stack.changed ?? true,
  };
}

/** stacks.json, README.md and the pipeline files, on top of the stack folders. */
function writeIndex(staging: string, exported: readonly ExportedStack[], format: ExportFormat, pipeline: PipelineInput, changes?: Changes) {
  writeFileSync(join(staging, "README.md"), exportReadme(exported, format));
  const order: StackOrder[] = exported.map(({ name, step, dependencies, mainFile, digest, changed }) => ({
    name,
    step,
    dependencies,
    file: mainFile,
    digest,
    ...(changed === undefined ? {} : { changed }),
  }));
  const file: StacksFile = { stacks: order, ...(changes ? { changedSince: changes.since, removed: changes.removed } : {}) };
  writeFileSync(join(staging, STACKS_FILE), `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(join(staging, GITHUB_WORKFLOW_FILE), githubWorkflow(pipeline));
  writeFileSync(join(staging, ATLANTIS_FILE), atlantisConfig(pipeline));
}

function writeExport(
  topology: ResolvedTopology,
  format: ExportFormat,
  outdir: string,
  workingDir: string,
  options: ExportOptions,
  previous?: PreviousExport,
): { stacks: ExportedStack[]; changes?: Changes } {
  const folder = resolve(workingDir, outdir);
  const pipelineFolder = pipelineName(outdir, workingDir);
  const topologyName = options.topologyFile === undefined ? undefined : pipelineName(options.topologyFile, workingDir);
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-export-"));
  try {
    const synthesized = synthesizeInto(topology, scratch, { stateDir: EXPORT_STATE_DIR, outputName: basename(folder) });
    const steps = applySteps(synthesized);
    const total = Math.max(...steps.values());
    const mainFile = format === "hcl" ? "main.tf" : "main.tf.json";
    const written = synthesized.map((stack) => {
      const json = withoutComments(JSON.parse(readFileSync(join(scratch, stack.file), "utf8"))) as JsonObject;
      const text = format === "hcl" ? renderHcl(json) : `${JSON.stringify(json, null, 2)}\n`;
      return { stack, json, text, digest: digestOf(text) };
    });
    const changes =
      previous &&
      changesSince(
        previous,
        written.map(({ stack, digest }) => ({ name: stack.name, digest })),
      );
    return replaceOutputFolder(folder, { given: outdir, ...options, kind: "export" }, (staging) => {
      const exported = written.map(({ stack, json, text, digest }) => {
        const step = steps.get(stack.name) as number;
        const changed = changes ? { changed: changes.changed.has(stack.name) } : {};
        const entry: ExportedStack = { ...stack, mainFile: join(stack.name, mainFile).split(sep).join("/"), step, digest, ...changed };
        mkdirSync(join(staging, stack.name), { recursive: true });
        writeFileSync(join(staging, entry.mainFile), text);
        writeFileSync(join(staging, stack.name, "README.md"), stackReadme(entry, json, total));
        return { entry, pipeline: pipelineStack(entry, json) };
      });
      const pipeline: PipelineInput = {
        folder: pipelineFolder,
        stacks: exported.map(({ pipeline }) => pipeline),
        changedSince: changes?.since,
        removed: changes?.removed ?? [],
        topology: topologyName,
        format,
      };
      const stacks = exported.map(({ entry }) => entry);
      writeIndex(staging, stacks, format, pipeline, changes);
      return { stacks, changes };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes one folder per stack, ready for terraform init/plan/apply in a pipeline, with stacks.json
 * (apply order and each stack's digest), a GitHub Actions workflow and an atlantis.yaml. The output
 * folder is replaced only on success: no file of an earlier export (of either format) stays behind,
 * and every file the export did not write (lock files, overrides, .terraform/) is kept.
 */
export function exportTopology(
  topology: ResolvedTopology,
  format: ExportFormat,
  outdir: string,
  workingDir = process.cwd(),
  options: ExportOptions = {},
): ExportedStack[] {
  return writeExport(topology, format, outdir, workingDir, options).stacks;
}

/**
 * The export, compared with the earlier export in `since` (which may be `outdir` itself: it is read
 * before anything is written): each stack says whether it changed, stacks.json records it, and the
 * GitHub workflow plans and applies only the changed stacks. Refuses a folder that is no export
 * with digests (ChangedSinceError) before writing anything.
 */
export function exportTopologySince(
  topology: ResolvedTopology,
  format: ExportFormat,
  outdir: string,
  since: string,
  workingDir = process.cwd(),
  options: ExportOptions = {},
): ExportSince {
  const previous = readPreviousExport(resolve(workingDir, since), since);
  const { stacks, changes } = writeExport(topology, format, outdir, workingDir, options, previous);
  return { stacks, changes: changes as Changes };
}
