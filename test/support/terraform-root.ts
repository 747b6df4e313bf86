/**
 * Many stacks planned as the child modules of one root module: one terraform init, plan (which
 * validates first) and show for all of them, read back per stack as if each had been planned alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Diagnostic,
  ShownModule,
  ShownPlan,
  StackJson,
  TerraformResult,
  offlineEnv,
  terraform,
  terraformInit,
  writeFiles,
} from "./terraform";
import { diagnosticsOfLines, planText } from "./plan-output";
import { LiftedProviders, liftProviders } from "./shared-providers";

export interface ModuleInput {
  /** The module's name in the root: letters, digits, "-" and "_", starting with a letter. */
  readonly name: string;
  /** The stack's files as written (a .tf.json or .tf root module), by file name; their backend block is left out. */
  readonly files: Record<string, string>;
  /** The stack's providers, for the fake key of each profile they name. */
  readonly stack: StackJson;
  /** Folder of the module among its files; default the module's folder itself. */
  readonly root?: string;
}

export interface PlanModulesOptions {
  /** By module name: a prior state (terraform.tfstate text, addresses as in the stack) to plan that module against, without refreshing. */
  readonly priorStates?: Record<string, string>;
  /** Moves the stacks' provider configurations into the root, each distinct one once (test/support/shared-providers.ts). */
  readonly shareProviders?: boolean;
}

/** A `backend` block of a child module is ignored with a warning: the stack's files without it. */
export function withoutBackend(file: string, text: string): string {
  if (file.endsWith(".tf.json")) {
    const json = JSON.parse(text);
    if (json.terraform) delete json.terraform.backend;
    return JSON.stringify(json);
  }
  // The HCL renderer writes the backend as a block of the terraform block, two spaces in.
  const stripped = text.replace(/\n {2}backend "[a-z0-9]+" \{\n(?: {4}.*\n| *\n)*? {2}\}\n/, "\n");
  if (/^\s*backend\s+"/m.test(stripped)) throw new Error(`${file}: a backend block the test could not take out`);
  return stripped;
}

/** An import block, its address as in the stack's own root. */
interface ImportBlock {
  readonly to: string;
  readonly id: string;
}

/**
 * A stack's files without their import blocks, and those blocks: Terraform reads import blocks in the
 * root module only, so the root holds them, addressed into the stack's module.
 */
export function hoistImports(files: Record<string, string>): { files: Record<string, string>; imports: ImportBlock[] } {
  const imports: ImportBlock[] = [];
  const hoisted = Object.entries(files).map(([file, text]) => {
    if (file.endsWith(".tf.json")) {
      const json = JSON.parse(text);
      if (!json.import) return [file, text];
      imports.push(...(json.import as ImportBlock[]).map(({ to, id }) => ({ to, id })));
      delete json.import;
      return [file, JSON.stringify(json)];
    }
    if (!file.endsWith(".tf")) return [file, text];
    const stripped = text.replace(/^import \{\n((?: {2}.*\n)*?)\}\n/gm, (_block, body: string) => {
      const to = /^ {2}to\s*=\s*(\S+)$/m.exec(body)?.[1];
      const id = /^ {2}id\s*=\s*"([^"]*)"$/m.exec(body)?.[1];
      if (!to || id === undefined) throw new Error(`${file}: an import block the test could not read:\n${body}`);
      imports.push({ to, id });
      return "";
    });
    if (/^\s*import\s*\{/m.test(stripped)) throw new Error(`${file}: an import block the test could not take out`);
    return [file, stripped];
  });
  return { files: Object.fromEntries(hoisted), imports };
}

/** The states of modules as one state file: each resource moved under its module, with the module's provider configuration. */
function combinedState(states: Record<string, string>): string {
  const resources = Object.entries(states).flatMap(([name, text]) =>
    (JSON.parse(text).resources as { provider: string }[]).map((resource) => ({
      ...resource,
      module: `module.${name}`,
      provider: `module.${name}.${resource.provider}`,
    })),
  );
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "modules-planned-together",
    outputs: {},
    resources,
  });
}

/** The modules a diagnostic is about: by its file (a root provider's: its users), else by its address; undefined for the whole root. */
function ownersOf(diagnostic: Diagnostic, lifted: LiftedProviders | undefined): string[] | undefined {
  const file = diagnostic.range?.filename ?? "";
  const module = /^modules\/([^/]+)\//.exec(file)?.[1] ?? /^module\.([^.[]+)/.exec(diagnostic.address ?? "")?.[1];
  if (module) return [module];
  const provider = /^provider_(.+)\.tf\.json$/.exec(file)?.[1];
  if (!provider || !lifted) return undefined;
  return [...lifted.modules].filter(([, module]) => Object.values(module.providers).includes(provider)).map(([name]) => name);
}

/** One module's part of the plan as text: its changes, its diagnostics and its summary line. */
function moduleOutput(plan: ShownPlan | undefined, diagnostics: Diagnostic[]): string {
  const changes = (plan?.resource_changes ?? []).map(({ address, change }) => ({
    address,
    action: change.actions.length === 2 ? "replace" : change.actions[0],
    ...(change.importing ? { importing: change.importing.id } : {}),
  }));
  return planText(changes, diagnostics, plan !== undefined);
}

/** One module's view of the plan of the root, addressed as if the module had been the root (its own provider aliases too). */
export function moduleView(plan: ShownPlan, name: string, providers: Record<string, string> = {}): ShownPlan {
  const prefix = `module.${name}`;
  const strip = (address: string) => address.slice(prefix.length + 1);
  const stripModule = (module: ShownModule): ShownModule => ({
    address: strip(module.address),
    resources: module.resources?.map((resource) => ({ ...resource, address: strip(resource.address) })),
    child_modules: module.child_modules?.map(stripModule),
  });
  const own = plan.planned_values.root_module.child_modules?.find((module) => module.address === prefix);
  const configText = JSON.stringify(plan.configuration.root_module.module_calls?.[name]?.module ?? { resources: [] });
  const config = JSON.parse(
    Object.entries(providers).reduce(
      (text, [own, root]) => text.replaceAll(`"provider_config_key":"aws.${root}"`, `"provider_config_key":"aws.${own}"`),
      configText.replaceAll(`"${prefix}:`, '"'),
    ),
  );
  return {
    planned_values: {
      root_module: {
        resources: (own?.resources ?? []).map((resource) => ({ ...resource, address: strip(resource.address) })),
        child_modules: own?.child_modules?.map(stripModule),
      },
    },
    resource_changes: (plan.resource_changes ?? [])
      .filter((change) => change.address.startsWith(`${prefix}.`))
      .map(({ module_address: moduleAddress, ...change }) => ({
        ...change,
        address: strip(change.address),
        ...(moduleAddress && moduleAddress !== prefix ? { module_address: strip(moduleAddress) } : {}),
      })),
    configuration: { root_module: { resources: [], ...config } },
  };
}

/** Each module's result: the diagnostics about it (and about the whole root), its part of the plan. */
function resultOf(
  name: string,
  diagnostics: Diagnostic[],
  plan: ShownPlan | undefined,
  lifted: LiftedProviders | undefined,
): TerraformResult {
  const about = (diagnostic: Diagnostic) => ownersOf(diagnostic, lifted)?.includes(name) ?? true;
  const view = plan && moduleView(plan, name, lifted?.modules.get(name)?.providers);
  // When the root's plan failed on other modules, say which: this module has no plan either.
  const elsewhere = plan ? [] : diagnostics.filter((diagnostic) => diagnostic.severity === "error" && !about(diagnostic));
  const context = elsewhere
    .map((diagnostic) => `\n(the root's plan failed on ${ownersOf(diagnostic, lifted)?.join(", ")}: ${diagnostic.summary})`)
    .join("");
  const own = diagnostics.filter(about);
  const output = `${moduleOutput(view, own)}${context}`;
  const summary = /Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(output);
  return {
    diagnostics: own,
    planned: summary ? Number(summary[1]) : -1,
    planOutput: output,
    plannedResources: view?.planned_values.root_module.resources,
    plan: view,
  };
}

/**
 * terraform init, plan and show of stacks as child modules of one root; the result of each, by module name. The plan's
 * diagnostics include those of the validation it runs first, the same walk as `terraform validate`.
 */
export async function planModules(
  modules: readonly ModuleInput[],
  stsEndpoint: string,
  options: PlanModulesOptions = {},
): Promise<Record<string, TerraformResult>> {
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-tf-root-"));
  try {
    const written = modules.map((module) => ({
      ...module,
      ...hoistImports(Object.fromEntries(Object.entries(module.files).map(([file, text]) => [file, withoutBackend(file, text)]))),
    }));
    const imports = written.flatMap((module) => module.imports.map(({ to, id }) => ({ to: `module.${module.name}.${to}`, id })));
    const lifted = options.shareProviders ? await liftProviders(written) : undefined;
    for (const module of written)
      writeFiles(join(scratch, "modules", module.name), lifted?.modules.get(module.name)?.files ?? module.files);
    for (const [alias, block] of lifted?.blocks ?? []) {
      writeFileSync(join(scratch, `provider_${alias}.tf.json`), JSON.stringify({ provider: { aws: [block] } }));
    }
    const calls = Object.fromEntries(
      modules.map((module) => {
        const providers = Object.entries(lifted?.modules.get(module.name)?.providers ?? {}).map(([own, root]) => [
          `aws.${own}`,
          `aws.${root}`,
        ]);
        const source = `./${join("modules", module.name, module.root ?? "")}`;
        return [module.name, { source, ...(providers.length > 0 ? { providers: Object.fromEntries(providers) } : {}) }];
      }),
    );
    writeFileSync(join(scratch, "main.tf.json"), JSON.stringify({ module: calls, ...(imports.length > 0 ? { import: imports } : {}) }));
    if (options.priorStates) writeFileSync(join(scratch, "terraform.tfstate"), combinedState(options.priorStates));
    const env = offlineEnv(
      modules.map((module) => module.stack),
      stsEndpoint,
      scratch,
    );
    await terraformInit(scratch, env);
    const refresh = options.priorStates ? ["-refresh=false"] : [];
    const plan = await terraform(["plan", "-json", "-input=false", "-lock=false", "-out=tfplan", ...refresh], scratch, env);
    const shown = plan.failed ? undefined : (JSON.parse((await terraform(["show", "-json", "tfplan"], scratch, env)).stdout) as ShownPlan);
    const diagnostics = diagnosticsOfLines(plan.stdout);
    return Object.fromEntries(modules.map((module) => [module.name, resultOf(module.name, diagnostics, shown, lifted)]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
