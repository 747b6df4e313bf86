/**
 * The Terraform plan several test files share, made once per jest run: every stack of the default and
 * the examples, the export in both formats, the hostile user text, a generated topology and the
 * Terraform modules' root, as modules of one root module whose provider configurations they share
 * (test/support/shared-providers.ts). Whichever test file asks first makes the plan; the others wait
 * for its results, written to the run's folder.
 */
import fc from "fast-check";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { TERRAFORM_MODULES } from "../../pipeline/terraform-modules/render";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology, parseTopology } from "../../topology/load";
import { ResolvedTopology } from "../../topology/resolve";
import { SEED, hostileTexts, topologyWith } from "./hostile-text";
import { adoptedBusModules } from "./adopted-bus";
import { startStsStandIn } from "./sts-stand-in";
import { synthesize } from "./synth";
import { PROJECT, TOPOLOGIES } from "./project";
import { runFolder } from "./run-folder";
import { StackJson, TerraformResult, processAlive } from "./terraform";
import { ModuleInput, planModules } from "./terraform-root";
import { topologyArbitrary } from "./topology-arbitrary";

export interface SharedPlan {
  /** The result of one module, as if its stack had been planned alone. */
  result(name: string): TerraformResult;
  /** Every role the providers assumed through the stand-in. */
  readonly assumedRoles: string[];
  /** Every bus the providers described through the stand-in, as "<account>/<region>/<bus name>". */
  readonly describedBuses: string[];
}

/** A topology file's name as a module name: letters, digits, "-" and "_". */
const slugOf = (topology: string) =>
  topology
    .replace(/^examples\//, "")
    .replace(/\.json$/, "")
    .replace(/[^A-Za-z0-9_-]/g, "_");

/** The module of a stack of the default or an example (its import blocks are hoisted into the root: test/support/terraform-root.ts). */
export const stackModule = (topology: string, stack: string) => `${slugOf(topology)}__${stack}`;

function stackModules(): ModuleInput[] {
  return TOPOLOGIES.flatMap((topology) => {
    const synthesized = synthesize(topology);
    return synthesized.stacks.map((stack) => ({
      name: stackModule(topology, stack.name),
      files: { "cdk.tf.json": synthesized.text(stack.name) },
      stack: synthesized.json(stack.name),
    }));
  });
}

export interface ExportedTopology {
  readonly name: string;
  readonly slug: string;
  readonly load: () => ResolvedTopology;
}

const fromFile = (file: string): ExportedTopology => ({ name: file, slug: slugOf(file), load: () => loadTopology(join(PROJECT, file)) });
/**
 * The exports planned in both formats: both layouts and every backend kind (S3 with lock file, S3 with DynamoDB,
 * partial); direct delivery in one stack has every kind of target, its policy or permission, and the permission's
 * wait for the role. The default's stacks are planned as synthesized.
 */
export const EXPORTED: readonly ExportedTopology[] = [
  fromFile("examples/organization-grant.json"),
  fromFile("examples/many-to-many.json"),
  {
    name: "examples/direct-delivery.json in one stack",
    slug: "direct-delivery-single",
    load: () =>
      parseTopology({
        ...JSON.parse(readFileSync(join(PROJECT, "examples", "direct-delivery.json"), "utf8")),
        state: { layout: "single" },
      }),
  },
];

/** Each stack of a topology's export in one format, with the text of its root module. */
export function exportedStacks(topology: ResolvedTopology, format: "json" | "hcl") {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-export-tf-"));
  try {
    const stacks = exportTopology(topology, format, "out", dir);
    return stacks.map((stack) => ({ ...stack, text: readFileSync(join(dir, "out", stack.mainFile), "utf8") }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const exportModule = (format: "json" | "hcl", slug: string, stack: string) => `export-${format}_${slug}__${stack}`;

/** Both formats of a topology's export as modules; the HCL stack's providers are read from the JSON one's. */
function exportModules(topology: ResolvedTopology, moduleName: (format: "json" | "hcl", stack: string) => string): ModuleInput[] {
  const json = exportedStacks(topology, "json");
  const hcl = exportedStacks(topology, "hcl");
  return json.flatMap((stack, i) => [
    { name: moduleName("json", stack.name), files: { [basename(stack.mainFile)]: stack.text }, stack: JSON.parse(stack.text) as StackJson },
    {
      name: moduleName("hcl", stack.name),
      files: { [basename(hcl[i].mainFile)]: hcl[i].text },
      stack: JSON.parse(stack.text) as StackJson,
    },
  ]);
}

/** The module of the user-text topology's export, in each format. */
export const userTextModule = (format: "json" | "hcl") => `user-text_${format}`;

/** A generated topology (sampled: one plan of it), in one stack. */
export const generatedTopology = () =>
  fc.sample(
    topologyArbitrary.map((topology) => ({ ...topology, state: { layout: "single" as const } })),
    { numRuns: 1, seed: SEED },
  )[0];
export const GENERATED_MODULE = "generated";

function generatedModule(): ModuleInput {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-fuzz-tf-"));
  try {
    const [stack] = synthesizeTopology(parseTopology(generatedTopology(), "generated"), "out", dir);
    const text = readFileSync(join(dir, "out", stack.file), "utf8");
    return { name: GENERATED_MODULE, files: { "cdk.tf.json": text }, stack: JSON.parse(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** test/terraform-root/main.tf: a root module as a Terraform user writes it with the project's Terraform modules. */
export const TERRAFORM_ROOT = join(PROJECT, "test", "terraform-root", "main.tf");
export const TERRAFORM_ROOT_MODULE = "terraform-modules-root";

/** The providers the test root module configures (none names a profile). */
export const TERRAFORM_ROOT_PROVIDERS: StackJson = {
  provider: {
    aws: [
      { alias: "observability", allowed_account_ids: ["111111111111"] },
      { alias: "orders", allowed_account_ids: ["222222222222"] },
      { alias: "payments", allowed_account_ids: ["333333333333"] },
    ],
  },
};

/** A root module's main.tf and every Terraform module's files, at their paths relative to the project. */
export function terraformRootFiles(main: string): Record<string, string> {
  const files: Record<string, string> = { "test/terraform-root/main.tf": main };
  for (const spec of TERRAFORM_MODULES) {
    const dir = join(PROJECT, "terraform-modules", spec.name);
    for (const file of readdirSync(dir)) files[`terraform-modules/${spec.name}/${file}`] = readFileSync(join(dir, file), "utf8");
  }
  return files;
}

function variantModules(): ModuleInput[] {
  const texts = hostileTexts();
  const userText = parseTopology(topologyWith(texts), "generated");
  return [
    ...EXPORTED.flatMap((topology) => exportModules(topology.load(), (format, stack) => exportModule(format, topology.slug, stack))),
    ...exportModules(userText, (format) => userTextModule(format)),
    generatedModule(),
    {
      name: TERRAFORM_ROOT_MODULE,
      files: terraformRootFiles(readFileSync(TERRAFORM_ROOT, "utf8")),
      root: "test/terraform-root",
      stack: TERRAFORM_ROOT_PROVIDERS,
    },
  ];
}

/**
 * A stack only the validation walk warns about (an argument AWS provider 5.100 deprecates): its warning in the
 * plan's diagnostics shows that the plan reports what `terraform validate` would. It uses the default's first
 * provider configuration, so it adds no provider process.
 */
export const VALIDATION_CANARY_MODULE = "validation-canary";
function validationCanaryModule(): ModuleInput {
  const { stacks, json } = synthesize("default");
  const [provider] = json(stacks[0].name).provider?.aws ?? [];
  const role = { provider: `aws.${provider.alias}`, name: "canary", assume_role_policy: "{}", managed_policy_arns: [] };
  const stack = {
    terraform: { required_providers: json(stacks[0].name).terraform?.required_providers },
    provider: { aws: [provider] },
    resource: { aws_iam_role: { canary: role } },
  };
  return { name: VALIDATION_CANARY_MODULE, files: { "cdk.tf.json": JSON.stringify(stack) }, stack };
}

/** Makes the plan, against a loopback stand-in of its own, and writes each module's result into the folder. */
async function makePlan(dir: string): Promise<void> {
  const adopted = adoptedBusModules();
  const modules = [...stackModules(), ...adopted.modules, ...variantModules(), validationCanaryModule()];
  const sts = await startStsStandIn();
  for (const bus of adopted.buses) sts.eventBuses.set(bus.Arn, bus);
  try {
    const results = await planModules(modules, sts.endpoint, { shareProviders: true, priorStates: adopted.priorStates });
    mkdirSync(join(dir, "results"));
    for (const [name, result] of Object.entries(results)) writeFileSync(join(dir, "results", `${name}.json`), JSON.stringify(result));
    writeFileSync(join(dir, "done.tmp"), JSON.stringify({ assumedRoles: sts.assumedRoles, describedBuses: sts.describedBuses }));
    renameSync(join(dir, "done.tmp"), join(dir, "done.json"));
  } finally {
    await sts.close();
  }
}

/** The plan's results, read from its folder once they are there. */
function readPlan(dir: string): SharedPlan {
  const { assumedRoles, describedBuses } = JSON.parse(readFileSync(join(dir, "done.json"), "utf8"));
  return {
    assumedRoles,
    describedBuses,
    result: (name) => {
      const file = join(dir, "results", `${name}.json`);
      if (!existsSync(file)) throw new Error(`no module ${name} in the shared plan`);
      return JSON.parse(readFileSync(file, "utf8"));
    },
  };
}

/** Waits for the process making the plan to write its results (or its failure). */
async function waitFor(dir: string): Promise<SharedPlan> {
  for (let waited = 0; waited < 20 * 60_000; waited += 250) {
    if (existsSync(join(dir, "done.json"))) return readPlan(dir);
    if (existsSync(join(dir, "failed")))
      throw new Error(`the shared plan failed in another test file:\n${readFileSync(join(dir, "failed"), "utf8")}`);
    const owner = Number(existsSync(join(dir, "owner")) ? readFileSync(join(dir, "owner"), "utf8") : NaN);
    if (owner && !processAlive(owner)) throw new Error(`process ${owner}, planning ${dir}, ended before it was done`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no shared plan in ${dir} after 20 minutes`);
}

async function obtain(): Promise<SharedPlan> {
  const dir = join(runFolder(), "shared-plan");
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return waitFor(dir);
  }
  writeFileSync(join(dir, "owner"), String(process.pid));
  try {
    await makePlan(dir);
  } catch (error) {
    writeFileSync(join(dir, "failed"), String((error as Error).stack ?? error));
    throw error;
  }
  return readPlan(dir);
}

let plan: Promise<SharedPlan> | undefined;

/** The shared plan: made here if no other test file of the run has started it, else read from the one that did. */
export function sharedPlan(): Promise<SharedPlan> {
  plan ??= obtain();
  return plan;
}
