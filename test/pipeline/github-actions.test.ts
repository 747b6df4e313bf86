import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { StackOrder } from "../../pipeline/apply-order";
import { exportTopology } from "../../pipeline/export";
import { APPROVAL_ENVIRONMENT, VERIFY_JOB } from "../../pipeline/github-actions";
import { PIPELINE_FOLDER } from "../../pipeline/pipelines";
import { OutputFolderError } from "../../stacks/output-folder";
import { parseTopology } from "../../topology/load";
import { exported, parseYaml, topologyNamed } from "../support/export";
import { PROJECT, TOPOLOGIES } from "../support/project";

type Job = {
  name: string;
  if?: string;
  needs?: string[];
  environment?: string;
  strategy?: { matrix: { include: { stack: string; region: string; profiles?: boolean; "backend-config"?: string }[] } };
  defaults?: { run: { "working-directory": string } };
  steps: { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }[];
};

const matrixStacks = (job: Job) => job.strategy!.matrix.include.map((entry) => entry.stack);

/** The apply jobs in the order their `needs` chain them: each needs exactly the one before. */
function applyChain(jobs: Record<string, Job>): [string, Job][] {
  const apply = Object.entries(jobs).filter(([id]) => id.startsWith("apply-"));
  const chain: [string, Job][] = [];
  let previous: string | undefined;
  for (;;) {
    const next = apply.filter(([, job]) =>
      job.needs === undefined ? previous === undefined : job.needs.length === 1 && job.needs[0] === previous,
    );
    if (next.length === 0) break;
    expect(next).toHaveLength(1);
    chain.push(next[0]);
    previous = next[0][0];
  }
  expect(chain.map(([id]) => id)).toEqual(apply.map(([id]) => id));
  return chain;
}

/** Plan on pull request of exactly `planned`; apply on push wave by wave, each stack in exactly the job of its step. */
function expectPlanAndWaves(jobs: Record<string, Job>, stacks: readonly StackOrder[], planned: readonly StackOrder[]) {
  expect(jobs.plan.if).toBe("github.event_name == 'pull_request'");
  expect(jobs.plan.needs).toContain(VERIFY_JOB);
  expect(jobs[VERIFY_JOB].if).toBe("github.event_name == 'pull_request'");
  expect(matrixStacks(jobs.plan)).toEqual(planned.map((stack) => stack.name));
  const steps = [...new Set(planned.map((stack) => stack.step))].sort((a, b) => a - b);
  const chain = applyChain(jobs);
  expect(chain.map(([id]) => id)).toEqual(steps.map((step) => `apply-step-${step}`));
  chain.forEach(([, job], i) => {
    expect(job.if).toBe("github.event_name == 'push'");
    expect(job.environment).toBe(APPROVAL_ENVIRONMENT);
    expect(matrixStacks(job)).toEqual(planned.filter((stack) => stack.step === steps[i]).map((stack) => stack.name));
    expect(job.steps.at(-1)?.run).toBe("terraform apply -input=false -auto-approve -lock-timeout=10m");
  });
  // A stack's dependencies that are applied here are applied in an earlier job.
  const jobOf = new Map(chain.flatMap(([, job], i) => matrixStacks(job).map((name) => [name, i] as const)));
  for (const stack of planned) {
    for (const dependency of stack.dependencies) {
      if (jobOf.has(dependency)) expect(jobOf.get(dependency)).toBeLessThan(jobOf.get(stack.name)!);
    }
  }
  expect(stacks.filter((stack) => !planned.includes(stack)).filter((stack) => jobOf.has(stack.name))).toEqual([]);
  // Fully written out: every step of every job runs a command or an action.
  for (const job of Object.values(jobs)) for (const step of job.steps) expect(step.run ?? step.uses).toEqual(expect.any(String));
}

describe("the export's GitHub Actions workflow", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-github-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test.each(TOPOLOGIES)("%s: every stack planned on pull request, applied on merge step by step, in its folder", (name) => {
    const { order, workflow, stackJson } = exported(topologyNamed(name), cwd);
    expect(workflow.on).toEqual({
      pull_request: { paths: ["terraform/**", "package-lock.json"] },
      push: { branches: ["main"], paths: ["terraform/**"] },
    });
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(Object.keys(workflow.jobs).filter((id) => id === "baseline" || id === "removed")).toEqual([]);
    expectPlanAndWaves(workflow.jobs, order.stacks, order.stacks);
    for (const job of (Object.values(workflow.jobs) as Job[]).filter((candidate) => candidate.strategy)) {
      expect(job.defaults?.run["working-directory"]).toBe("terraform/${{ matrix.stack }}");
      const credentials = job.steps.find((step) => step.uses === "aws-actions/configure-aws-credentials@v4");
      expect(credentials?.with).toEqual({ "role-to-assume": "${{ vars.AWS_PIPELINE_ROLE_ARN }}", "aws-region": "${{ matrix.region }}" });
      for (const entry of job.strategy!.matrix.include) {
        const stack = order.stacks.find((candidate) => candidate.name === entry.stack)!;
        expect(existsSync(join(cwd, "terraform", stack.file))).toBe(true);
        const json = stackJson(stack.name);
        const providers = json.provider?.aws ?? [];
        expect(providers.map((provider) => (provider as { region?: string }).region)).toContain(entry.region);
        expect(entry.profiles).toBe(providers.some((provider) => provider.profile) ? true : undefined);
        const partial = JSON.stringify((json.terraform as { backend?: object }).backend ?? {}).endsWith(":{}}");
        expect(entry["backend-config"]).toBe(partial ? "-backend-config=backend.hcl" : undefined);
      }
    }
  });

  test("named profiles come from a shared config file in a repository secret, for the stacks that use them", () => {
    const { workflow } = exported(topologyNamed("examples/account-grants.json"), cwd);
    const config = (workflow.jobs.plan as Job).steps.find((step) => step.if === "matrix.profiles");
    expect(config?.env).toEqual({ SHARED_CONFIG: "${{ secrets.AWS_SHARED_CONFIG }}" });
    expect(config?.run).toContain('echo "AWS_CONFIG_FILE=$RUNNER_TEMP/aws-config" >> "$GITHUB_ENV"');
    expect((workflow.jobs.plan as Job).strategy!.matrix.include.filter((entry) => entry.profiles).length).toBeGreaterThan(0);
  });

  test("a profile's name, text of the topology, never reaches the pipeline files, where GitHub would evaluate it", () => {
    const topology = JSON.parse(readFileSync(join(PROJECT, "examples", "account-grants.json"), "utf8"));
    const hostile = "${{ secrets.GITHUB_TOKEN }}\n# : [x] *";
    topology.accounts.find((account: { credentials: { profile?: string } }) => account.credentials.profile).credentials.profile = hostile;
    exported(parseTopology(topology), cwd);
    for (const file of ["github-actions.yml", "atlantis.yaml"]) {
      const text = readFileSync(join(cwd, "terraform", file), "utf8");
      expect(text).not.toContain("GITHUB_TOKEN");
      expect(text).not.toContain("[x]");
    }
  });

  test("an export folder the pipeline files cannot name is refused, nothing written", () => {
    for (const out of ["a ${{ b }}", "[x]", "a\nb"]) {
      expect(() => exportTopology(topologyNamed("default"), "json", out, cwd)).toThrow(
        new OutputFolderError(out, `is named ${JSON.stringify(out)} in the pipeline files: ${PIPELINE_FOLDER.rule}`),
      );
    }
    expect(readdirSync(cwd)).toEqual([]);
    exportTopology(topologyNamed("default"), "json", join("..", basename(cwd), "nested", "tf"), cwd);
    expect(readFileSync(join(cwd, "nested", "tf", "atlantis.yaml"), "utf8")).toContain("    dir: nested/tf/observability\n");
  });

  test("a partial backend is completed from the stack folder's backend.hcl", () => {
    const { workflow } = exported(topologyNamed("examples/many-to-many.json"), cwd);
    expect((workflow.jobs.plan as Job).steps.find((step) => step.name === "Initialize")?.run).toBe(
      "terraform init -input=false ${{ matrix.backend-config }}",
    );
  });

  test("--changed-since: a baseline check, then only the changed stacks planned and applied; removed stacks warned of", () => {
    const topology = JSON.parse(readFileSync(join(PROJECT, "examples", "direct-delivery.json"), "utf8"));
    exported(parseTopology(topology), cwd);
    const sender = topology.senders.find((candidate: { account: string }) => candidate.account === "payments");
    sender.forwards[0].pattern = { ...sender.forwards[0].pattern, "detail-type": ["Changed"] };
    const { order, workflow } = exported(parseTopology(topology), cwd, { since: "terraform" });
    const changed = order.stacks.filter((stack) => stack.changed);
    expect(changed.map((stack) => stack.name)).toEqual(["payments"]);
    expectPlanAndWaves(workflow.jobs, order.stacks, changed);
    expect(workflow.jobs.plan.needs).toEqual(["baseline", VERIFY_JOB]);
    const baseline = workflow.jobs.baseline as Job;
    expect(baseline.if).toBe("github.event_name == 'pull_request'");
    expect(baseline.steps[1].env).toEqual({ STACKS: "terraform/stacks.json", COMPARED_WITH: order.changedSince });
    expect(workflow.jobs.removed).toBeUndefined();

    const single = exported(parseTopology({ ...topology, state: { layout: "single" } }), cwd, { since: "terraform" });
    expect(single.order.removed).toEqual(order.stacks.map((stack) => stack.name));
    expect((single.workflow.jobs.removed as Job).steps[0].env).toEqual({ REMOVED: single.order.removed!.join(", ") });
    expectPlanAndWaves(single.workflow.jobs, single.order.stacks, single.order.stacks);
  });

  test("--changed-since with nothing changed: no plan or apply job, only the baseline and verify checks", () => {
    const topology = topologyNamed("default");
    exported(topology, cwd);
    const { order, workflow } = exported(topology, cwd, { since: "terraform" });
    expect(order.stacks.map((stack) => stack.changed)).toEqual([false, false, false]);
    expect(Object.keys(workflow.jobs)).toEqual(["baseline", VERIFY_JOB]);
  });

  test("pull request: links verified and the committed export checked against the topology file, which also triggers it", () => {
    const file = join(cwd, "config", "topology.json");
    exportTopology(topologyNamed("examples/direct-delivery.json"), "hcl", "terraform", cwd, { topologyFile: file });
    const workflow = parseYaml(readFileSync(join(cwd, "terraform", "github-actions.yml"), "utf8"));
    expect(workflow.on.pull_request.paths).toEqual(["terraform/**", "config/topology.json", "package-lock.json"]);
    const steps = (workflow.jobs[VERIFY_JOB] as Job).steps;
    expect(steps.find((step) => step.name === "Verify the cross-account links")?.run).toBe("npx eventbridge verify terraform");
    const check = steps.find((step) => step.name === "The committed export is the topology's");
    expect(check?.env).toEqual({ EXPORT: "terraform", TOPOLOGY: "config/topology.json" });
    expect(check?.run).toContain('npx eventbridge export "$TOPOLOGY" --format hcl --out "$EXPORT"\n');
  });

  test("the export check passes on the committed export and fails, saying so, once the topology changed", () => {
    const topology = JSON.parse(readFileSync(join(PROJECT, "examples", "direct-delivery.json"), "utf8"));
    writeFileSync(join(cwd, "topology.json"), JSON.stringify(topology));
    exportTopology(parseTopology(topology), "hcl", "terraform", cwd, { topologyFile: join(cwd, "topology.json") });
    const workflow = parseYaml(readFileSync(join(cwd, "terraform", "github-actions.yml"), "utf8"));
    const check = (workflow.jobs[VERIFY_JOB] as Job).steps.find((step) => step.name === "The committed export is the topology's")!;
    // npx, as the runner's: the package's own CLI.
    const bin = join(cwd, "bin");
    spawnSync("mkdir", [bin]);
    const cli = `node --import ${join(PROJECT, "node_modules", "tsx", "dist", "loader.mjs")} ${join(PROJECT, "cli", "eventbridge.ts")}`;
    writeFileSync(join(bin, "npx"), `#!/bin/sh\nshift\nexec ${cli} "$@"\n`);
    chmodSync(join(bin, "npx"), 0o755);
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "export");
    const env = { ...process.env, ...check.env, PATH: `${bin}:${process.env.PATH}` };
    const run = () => spawnSync("bash", ["-c", check.run!], { cwd, env, encoding: "utf8" });
    const fresh = run();
    expect([fresh.status, fresh.stdout.split("\n").filter((line) => line.includes("::error"))]).toEqual([0, []]);
    topology.senders[0].forwards[0].pattern = { ...topology.senders[0].forwards[0].pattern, "detail-type": ["Changed"] };
    writeFileSync(join(cwd, "topology.json"), JSON.stringify(topology));
    git("commit", "-qam", "topology changed, export not");
    const stale = run();
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain("::error title=Stale export::terraform is not the export of topology.json: run the export again");
  }, 120_000);
});
