import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { staticAccessKeyFor } from "./sts-stand-in";

const run = promisify(execFile);
const PROJECT = resolve(__dirname, "..", "..");
const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
const AWS_VERSION = "5.100.0";

/** The provider mirror: TF_PROVIDER_MIRROR, or the folder these machines ship it in. */
export function providerMirror(): string {
  return process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins";
}

export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether terraform and the offline AWS provider are here; the reason in one line when not. */
export function terraformAvailability(): Availability {
  try {
    execFileSync("terraform", ["version"], { env: terraformEnv(), stdio: "ignore" });
  } catch {
    return { ok: false, reason: "terraform is not on the PATH" };
  }
  const providerDir = join(providerMirror(), AWS_PROVIDER, AWS_VERSION);
  if (!existsSync(providerDir) || readdirSync(providerDir).length === 0) {
    return { ok: false, reason: `the AWS provider ${AWS_VERSION} is not in the mirror ${providerMirror()} (set TF_PROVIDER_MIRROR)` };
  }
  return { ok: true };
}

/** A CLI config of the project's own: the filesystem mirror and a plugin cache, nothing from the network. */
function cliConfig(): string {
  const cache = join(PROJECT, ".tf-cache");
  const file = join(cache, "terraformrc");
  mkdirSync(join(cache, "plugins"), { recursive: true });
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(providerMirror())}\n    include = ` +
      `["${AWS_PROVIDER}"]\n  }\n}\nplugin_cache_dir = ${JSON.stringify(join(cache, "plugins"))}\n`,
  );
  return file;
}

let cliConfigFile: string | undefined;

function terraformEnv(): NodeJS.ProcessEnv {
  cliConfigFile ??= cliConfig();
  // Scratch roots have no lock file, so without this flag every init installs the provider into the shared
  // cache again, and a concurrent init then finds its links into the cache pointing at a folder being replaced.
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1",
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    TF_INPUT: "0",
  };
}

/** Installs the provider into the shared plugin cache once, before test files run inits side by side. */
export function warmProviderCache(): void {
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-tf-warm-"));
  try {
    const required = { aws: { source: "hashicorp/aws", version: AWS_VERSION } };
    writeFileSync(join(scratch, "main.tf.json"), JSON.stringify({ terraform: { required_providers: required } }));
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: scratch, env: terraformEnv(), stdio: "ignore" });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export type StackJson = {
  provider?: { aws?: { alias: string; allowed_account_ids: string[]; profile?: string }[] };
  resource?: Record<string, Record<string, unknown>>;
};

/**
 * Test-only settings, written as a Terraform override file beside a copy of the stack: fake keys,
 * STS and EventBridge on loopback, a state file in the scratch folder. None of it is ever in the synthesized output.
 */
export function offlineOverride(stack: StackJson, stsEndpoint: string): object {
  return {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    provider: {
      aws: (stack.provider?.aws ?? []).map((provider) => ({
        alias: provider.alias,
        access_key: staticAccessKeyFor(provider.allowed_account_ids[0]),
        secret_key: "stand-in",
        ...(provider.profile ? { profile: null } : {}),
        skip_metadata_api_check: true,
        endpoints: [{ sts: stsEndpoint, events: stsEndpoint }],
      })),
    },
  };
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
}

export interface TerraformResult {
  readonly diagnostics: Diagnostic[];
  /** Resources the plan would create, read from its own summary line. */
  readonly planned: number;
  readonly planOutput: string;
  /** The plan's planned resources (`terraform show -json`), when asked for. */
  readonly plannedResources?: PlannedResource[];
  /** The whole plan as `terraform show -json` prints it, when asked for. */
  readonly plan?: ShownPlan;
}

export interface ShownPlan {
  readonly planned_values: {
    root_module: { resources: (PlannedResource & { mode: string; type: string; name: string; schema_version: number })[] };
  };
  readonly resource_changes: {
    address: string;
    type: string;
    change: {
      actions: string[];
      before?: Record<string, unknown> | null;
      after?: Record<string, unknown>;
      after_unknown?: Record<string, unknown>;
      /** Set when the change imports the object first (Terraform 1.5+). */
      importing?: { id: string };
    };
  }[];
  readonly configuration: {
    root_module: { resources: { address: string; provider_config_key: string; expressions?: Record<string, unknown> }[] };
  };
}

export interface PlannedResource {
  readonly address: string;
  readonly values: Record<string, unknown>;
}

export interface PlanOptions {
  /** The files, by path relative to the scratch folder; default the stack JSON as cdk.tf.json. */
  readonly files?: Record<string, string>;
  /** Folder of the root module among the files; default the scratch folder itself. */
  readonly root?: string;
  /** Also read the plan back with `terraform show -json`. */
  readonly planJson?: boolean;
  /** A prior state (terraform.tfstate text) to plan against, without refreshing it. */
  readonly priorState?: string;
}

/** terraform init, validate and plan of one stack in a scratch folder. */
export async function validateAndPlan(stack: StackJson, stsEndpoint: string, options: PlanOptions = {}): Promise<TerraformResult> {
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-tf-"));
  const dir = join(scratch, options.root ?? "");
  const env = terraformEnv();
  try {
    for (const [name, text] of Object.entries(options.files ?? { "cdk.tf.json": JSON.stringify(stack) })) {
      mkdirSync(dirname(join(scratch, name)), { recursive: true });
      writeFileSync(join(scratch, name), text);
    }
    writeFileSync(join(dir, "zz_offline_override.tf.json"), JSON.stringify(offlineOverride(stack, stsEndpoint)));
    if (options.priorState) writeFileSync(join(dir, "terraform.tfstate"), options.priorState);
    await run("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env });
    const validate = await run("terraform", ["validate", "-json", "-no-color"], { cwd: dir, env }).catch((error) => error);
    const diagnostics = (JSON.parse(validate.stdout).diagnostics ?? []) as Diagnostic[];
    const plan = await run(
      "terraform",
      ["plan", "-input=false", "-lock=false", "-no-color", "-out=tfplan", ...(options.priorState ? ["-refresh=false"] : [])],
      {
        cwd: dir,
        env,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error) => error);
    const output = `${plan.stdout ?? ""}${plan.stderr ?? ""}`;
    const summary = /Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(output);
    let shownPlan: ShownPlan | undefined;
    if (options.planJson && plan.code === undefined) {
      const shown = await run("terraform", ["show", "-json", "tfplan"], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
      shownPlan = JSON.parse(shown.stdout);
    }
    return {
      diagnostics,
      planned: summary ? Number(summary[1]) : -1,
      planOutput: output,
      plannedResources: shownPlan?.planned_values.root_module.resources,
      plan: shownPlan,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
