/** Terraform for the tests: availability, an offline environment, and init, validate and plan of one root module. */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { changesOfLines, diagnosticsOfLines, planText } from "./plan-output";
import { staticAccessKeyFor } from "./sts-stand-in";

const run = promisify(execFile);
const PROJECT = resolve(__dirname, "..", "..");
const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
const AWS_VERSION = "5.100.0";
/** Large enough for `terraform show -json` of every stack planned together. */
export const MAX_BUFFER = 256 * 1024 * 1024;

/** The provider mirror: TF_PROVIDER_MIRROR, or the folder these machines ship it in. */
export function providerMirror(): string {
  return process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins";
}

export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether terraform and the offline AWS provider are here; the reason in one line when not. */
export function terraformAvailability(): Availability {
  try {
    execFileSync("terraform", ["version"], { env: cliEnv(), stdio: "ignore" });
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

function cliEnv(): NodeJS.ProcessEnv {
  cliConfigFile ??= cliConfig();
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    TF_INPUT: "0",
    // The scratch roots have no lock file: without this, every init copies the provider into the cache again.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "true",
  };
}

/** Whether a process of this machine still runs: a lock or a result it promised may never come otherwise. */
export const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * terraform init, one at a time on this machine: two inits that fill the plugin cache at once fail
 * ("failed to create directory ... file exists"). An init takes half a second; the lock is a folder.
 */
export async function terraformInit(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const lock = join(PROJECT, ".tf-cache", "init.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : NaN);
      if (owner && !processAlive(owner)) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    writeFileSync(join(lock, "pid"), String(process.pid));
    const init = await terraform(["init", "-input=false", "-no-color"], dir, env);
    if (init.failed) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs the provider into the shared plugin cache once, before test files run inits side by side. */
export function warmProviderCache(): void {
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-tf-warm-"));
  try {
    const required = { aws: { source: "hashicorp/aws", version: AWS_VERSION } };
    writeFileSync(join(scratch, "main.tf.json"), JSON.stringify({ terraform: { required_providers: required } }));
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: scratch, env: cliEnv(), stdio: "ignore" });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export type StackJson = {
  provider?: { aws?: { alias: string; allowed_account_ids: string[]; profile?: string }[] };
  resource?: Record<string, Record<string, unknown>>;
};

/**
 * The offline environment of a plan, none of it in the synthesized output: the AWS SDK's own variables
 * point STS and EventBridge at the loopback stand-in (AWS_ENDPOINT_URL_<SERVICE>), give the assume-role
 * providers a fake source key, and turn off the instance metadata lookup; a shared credentials file in
 * the scratch folder holds a fake key, carrying its account ID, for each profile the stacks name, so the
 * providers' `allowed_account_ids` guard runs for real. Environment variables, not `endpoints` blocks:
 * an `endpoints` block costs each provider configuration seconds of CPU time at plan.
 */
export function offlineEnv(stacks: readonly StackJson[], stsEndpoint: string, scratch: string): NodeJS.ProcessEnv {
  const profiles = new Map<string, string>();
  for (const provider of stacks.flatMap((stack) => stack.provider?.aws ?? [])) {
    if (!provider.profile) continue;
    const account = provider.allowed_account_ids[0];
    if ((profiles.get(provider.profile) ?? account) !== account)
      throw new Error(`profile ${provider.profile} names two accounts: plan those stacks in separate roots`);
    profiles.set(provider.profile, account);
  }
  const credentials = [...profiles].map(
    ([profile, account]) => `[${profile}]\naws_access_key_id = ${staticAccessKeyFor(account)}\naws_secret_access_key = stand-in\n`,
  );
  writeFileSync(join(scratch, "aws-credentials"), credentials.join("\n"));
  writeFileSync(join(scratch, "aws-config"), "");
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...env } = cliEnv();
  return {
    ...env,
    AWS_ENDPOINT_URL_STS: stsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: stsEndpoint,
    AWS_ACCESS_KEY_ID: staticAccessKeyFor("000000000000"),
    AWS_SECRET_ACCESS_KEY: "stand-in",
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, "aws-credentials"),
    AWS_CONFIG_FILE: join(scratch, "aws-config"),
    AWS_EC2_METADATA_DISABLED: "true",
    // The AWS provider allocates heavily while it starts; collecting less often saves about a third of its CPU time.
    GOGC: "400",
  };
}

/** A test-only override file for a root module: its state in the scratch folder, whatever backend the stack names. */
const LOCAL_BACKEND = JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } });

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string };
}

export interface TerraformResult {
  readonly diagnostics: Diagnostic[];
  /** Resources the plan would create, when it creates only (read from its summary); -1 otherwise. */
  readonly planned: number;
  readonly planOutput: string;
  /** The plan's planned resources (`terraform show -json`), when asked for. */
  readonly plannedResources?: PlannedResource[];
  /** The whole plan as `terraform show -json` prints it, when asked for. */
  readonly plan?: ShownPlan;
}

export interface ShownPlan {
  readonly planned_values: {
    root_module: {
      resources: ShownResource[];
      child_modules?: ShownModule[];
    };
  };
  readonly resource_changes: {
    address: string;
    module_address?: string;
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
    root_module: {
      resources: { address: string; provider_config_key: string; expressions?: Record<string, unknown> }[];
      module_calls?: Record<string, { module: ShownPlan["configuration"]["root_module"] }>;
    };
  };
}

export type ShownResource = PlannedResource & { mode: string; type: string; name: string; schema_version: number };

export interface ShownModule {
  readonly address: string;
  readonly resources?: ShownResource[];
  readonly child_modules?: ShownModule[];
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
}

/** Runs terraform in a folder; a failing command gives its output back instead of throwing. */
export async function terraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  try {
    const { stdout, stderr } = await run("terraform", args, { cwd, env, maxBuffer: MAX_BUFFER });
    return { stdout, stderr, failed: false };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (stdout === undefined) throw error;
    return { stdout, stderr: stderr ?? "", failed: true };
  }
}

/** Writes files under a folder, making their folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * terraform init and plan of one stack, as its own root module, in a scratch folder. The plan validates the
 * configuration first (the walk `terraform validate` runs), so its diagnostics are validate's and the plan's.
 */
export async function validateAndPlan(stack: StackJson, stsEndpoint: string, options: PlanOptions = {}): Promise<TerraformResult> {
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-tf-"));
  const dir = join(scratch, options.root ?? "");
  try {
    writeFiles(scratch, options.files ?? { "cdk.tf.json": JSON.stringify(stack) });
    writeFileSync(join(dir, "zz_backend_override.tf.json"), LOCAL_BACKEND);
    const env = offlineEnv([stack], stsEndpoint, scratch);
    await terraformInit(dir, env);
    const plan = await terraform(["plan", "-json", "-input=false", "-lock=false"], dir, env);
    const diagnostics = diagnosticsOfLines(plan.stdout);
    const output = planText(changesOfLines(plan.stdout), diagnostics, !plan.failed);
    const summary = /Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(output);
    return {
      diagnostics,
      planned: summary ? Number(summary[1]) : -1,
      planOutput: plan.failed && diagnostics.length === 0 ? `${output}\n${plan.stderr}` : output,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
