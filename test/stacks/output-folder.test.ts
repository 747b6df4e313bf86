import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { OUTPUT_MARKER, replaceOutputFolder } from "../../stacks/output-folder";
import { benchTopology } from "../../scripts/bench";
import { filesUnder } from "../support/files";
import { TSX, runCommand } from "../support/run";
import { PROJECT } from "../support/project";

const start = (args: string[], cwd: string, env?: NodeJS.ProcessEnv) =>
  runCommand(join(PROJECT, "main.ts"), args, { cwd, env: env && { ...process.env, ...env } });
const exportCommand = (args: string[], cwd: string) => runCommand(join(PROJECT, "cli", "export.ts"), args, { cwd });

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Every file under a folder with its content: what "nothing touched" compares. */
const snapshotOf = (dir: string) => Object.fromEntries(filesUnder(dir).map((file) => [file, readFileSync(join(dir, file), "utf8")]));

describe("output folders", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-output-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  describe("folders that are never an output", () => {
    test.each([
      ["the current folder", ".", "is the current folder or one of its parents"],
      ["a parent folder", "..", "is the current folder or one of its parents"],
      ["the project root", PROJECT, "holds this project's own files"],
      ["the home folder", homedir(), "is a home folder or one of its parents"],
    ])("%s is refused with exit 1 and nothing touched", (_, out, reason) => {
      write(join(cwd, "notes.txt"), "mine");
      const before = snapshotOf(cwd);
      const run = start(["--out", out], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`--out ${JSON.stringify(out)}: ${reason}, never an output folder`);
      expect(snapshotOf(cwd)).toEqual(before);
    });

    test("the topology file's folder and its parents are refused, for synth and export", () => {
      const topology = join(cwd, "topologies", "team", "topology.json");
      write(topology, readFileSync(join(PROJECT, "examples", "account-grants.json"), "utf8"));
      for (const out of ["topologies/team", "topologies"]) {
        const synth = start([topology, "--out", out], cwd);
        expect(synth.code).toBe(1);
        expect(synth.stderr).toContain(`--out ${JSON.stringify(out)}: holds the topology file topology.json, never an output folder`);
        const exported = exportCommand([topology, "--out", out], cwd);
        expect(exported.code).toBe(1);
        expect(exported.stderr).toContain("holds the topology file topology.json");
      }
      expect(filesUnder(cwd)).toEqual(["topologies/team/topology.json"]);
    });
  });

  test("a folder holding files this tool did not write is refused, nothing touched; an empty one is used", () => {
    write(join(cwd, "build", "one", "notes.txt"), "mine");
    write(join(cwd, "build", "two", "main.tf"), "# mine");
    const before = snapshotOf(cwd);
    const run = start(["--out", "build"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--out "build": holds files this tool did not write (it has no ${OUTPUT_MARKER}); nothing was changed`);
    expect(snapshotOf(cwd)).toEqual(before);
    expect(exportCommand(["--out", "build"], cwd).code).toBe(1);
    expect(snapshotOf(cwd)).toEqual(before);

    mkdirSync(join(cwd, "empty"));
    expect(start(["--out", "empty"], cwd).code).toBe(0);
    expect(existsSync(join(cwd, "empty", OUTPUT_MARKER))).toBe(true);
  });

  test("synthesizing again removes only the tool's stale files and keeps the cdktf CLI's and the user's", () => {
    expect(start(["--out", "out"], cwd).code).toBe(0);
    const marker = JSON.parse(readFileSync(join(cwd, "out", OUTPUT_MARKER), "utf8"));
    expect(marker).toEqual({
      generator: "eventbridge-cross-account",
      kind: "synth",
      files: ["manifest.json", "stacks/observability/cdk.tf.json", "stacks/orders/cdk.tf.json", "stacks/payments/cdk.tf.json"],
    });
    write(join(cwd, "out", "stacks", "orders", ".terraform", "terraform.tfstate"), "{}");
    write(join(cwd, "out", "stacks", "orders", ".terraform.lock.hcl"), "# lock");
    write(join(cwd, "out", "notes.md"), "mine");
    expect(start([join(PROJECT, "examples", "account-grants.json"), "--out", "out"], cwd).code).toBe(0);
    expect(filesUnder(join(cwd, "out"))).toEqual([
      OUTPUT_MARKER,
      "manifest.json",
      "notes.md",
      "stacks/audit/cdk.tf.json",
      "stacks/billing/cdk.tf.json",
      "stacks/orders/.terraform.lock.hcl",
      "stacks/orders/.terraform/terraform.tfstate",
      "stacks/shop/cdk.tf.json",
    ]);
    expect(readdirSync(cwd)).toEqual(["out"]);
  });

  test("export keeps lock files, overrides and .terraform/ and removes only its own stale files", () => {
    expect(exportCommand(["--format", "hcl", "--out", "terraform"], cwd).code).toBe(0);
    write(join(cwd, "terraform", "orders", ".terraform.lock.hcl"), "# lock");
    write(join(cwd, "terraform", "orders", "backend_override.tf"), "# override");
    write(join(cwd, "terraform", "orders", ".terraform", "providers", "p"), "binary");
    const run = exportCommand([join(PROJECT, "examples", "account-grants.json"), "--format", "json", "--out", "terraform"], cwd);
    expect(run.code).toBe(0);
    expect(filesUnder(join(cwd, "terraform"))).toEqual([
      OUTPUT_MARKER,
      "README.md",
      "atlantis.yaml",
      "audit/README.md",
      "audit/main.tf.json",
      "billing/README.md",
      "billing/main.tf.json",
      "github-actions.yml",
      "orders/.terraform.lock.hcl",
      "orders/.terraform/providers/p",
      "orders/backend_override.tf",
      "shop/README.md",
      "shop/main.tf.json",
      "stacks.json",
    ]);
    expect(readFileSync(join(cwd, "terraform", "orders", ".terraform.lock.hcl"), "utf8")).toBe("# lock");
  });

  test("a file the user put where the new output writes one is never overwritten", () => {
    expect(exportCommand(["--out", "terraform"], cwd).code).toBe(0);
    write(join(cwd, "terraform", "audit", "main.tf.json"), "{}");
    const before = snapshotOf(cwd);
    const run = exportCommand([join(PROJECT, "examples", "account-grants.json"), "--out", "terraform"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '--out "terraform": would overwrite audit/main.tf.json, which this tool did not write; nothing was changed',
    );
    expect(snapshotOf(cwd)).toEqual(before);
  });

  test("an output of release 0.4 (no marker) is recognised by its manifest or stacks.json and replaced", () => {
    write(join(cwd, "cdktf.out", "manifest.json"), JSON.stringify({ stacks: { old: { synthesizedStackPath: "stacks/old/cdk.tf.json" } } }));
    write(join(cwd, "cdktf.out", "stacks", "old", "cdk.tf.json"), "{}");
    write(join(cwd, "cdktf.out", "stacks", "old", ".terraform.lock.hcl"), "# lock");
    write(
      join(cwd, "export", "stacks.json"),
      JSON.stringify({ stacks: [{ name: "old", step: 1, dependencies: [], file: "old/main.tf" }] }),
    );
    write(join(cwd, "export", "README.md"), "old");
    write(join(cwd, "export", "old", "main.tf"), "old");
    write(join(cwd, "export", "old", "README.md"), "old");
    expect(start([], cwd).code).toBe(0);
    expect(exportCommand([], cwd).code).toBe(0);
    expect(filesUnder(join(cwd, "cdktf.out"))).not.toContain("stacks/old/cdk.tf.json");
    expect(filesUnder(join(cwd, "cdktf.out"))).toContain("stacks/old/.terraform.lock.hcl");
    expect(filesUnder(join(cwd, "export")).filter((file) => file.startsWith("old"))).toEqual([]);
  });

  test("a folder of the user's that happens to have the staging folder's name is never removed", () => {
    write(join(cwd, ".out.eventbridge-staging", "notes.md"), "mine");
    const before = snapshotOf(cwd);
    const run = start(["--out", "out"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--out "out": .out.eventbridge-staging beside it holds files this tool did not write');
    expect(snapshotOf(cwd)).toEqual(before);
    expect(readdirSync(cwd)).toEqual([".out.eventbridge-staging"]);
  });

  test("a failed fill leaves the previous output exactly as it was and no staging folder", () => {
    const target = join(cwd, "out");
    replaceOutputFolder(target, { kind: "synth" }, (staging) => write(join(staging, "a.json"), "old"));
    const before = snapshotOf(cwd);
    expect(() =>
      replaceOutputFolder(target, { kind: "synth" }, (staging) => {
        write(join(staging, "a.json"), "new");
        throw new Error("synthesis failed");
      }),
    ).toThrow("synthesis failed");
    expect(snapshotOf(cwd)).toEqual(before);
    expect(readdirSync(cwd)).toEqual(["out"]);
  });

  describe("a run killed during its swap is finished or undone by the next run", () => {
    const target = () => join(cwd, "out");
    const fill = (text: string) => (staging: string) => write(join(staging, "stack.json"), text);
    /** A lock left by a process that has ended. */
    const staleLock = () => writeFileSync(join(cwd, ".out.eventbridge-lock"), "2147483646\n");

    test("killed after the old output was moved aside: the old output comes back", () => {
      replaceOutputFolder(target(), { kind: "synth" }, fill("old"));
      write(join(target(), "notes.md"), "mine");
      renameSync(target(), join(cwd, ".out.eventbridge-retired"));
      staleLock();
      expect(() =>
        replaceOutputFolder(target(), { kind: "synth" }, () => {
          throw new Error("stop");
        }),
      ).toThrow("stop");
      expect(snapshotOf(target())).toMatchObject({ "stack.json": "old", "notes.md": "mine" });
      expect(readdirSync(cwd)).toEqual(["out"]);
    });

    test("killed after the new output was swapped in: the user's files follow it", () => {
      replaceOutputFolder(target(), { kind: "synth" }, fill("old"));
      write(join(target(), "notes.md"), "mine");
      const newer = join(cwd, "newer");
      replaceOutputFolder(newer, { kind: "synth" }, fill("new"));
      renameSync(target(), join(cwd, ".out.eventbridge-retired"));
      renameSync(newer, target());
      staleLock();
      replaceOutputFolder(target(), { kind: "synth" }, fill("newest"));
      expect(snapshotOf(target())).toMatchObject({ "stack.json": "newest", "notes.md": "mine" });
      expect(readdirSync(cwd)).toEqual(["out"]);
    });
  });

  test("a run killed while it synthesizes leaves the previous output whole; the next run cleans up", async () => {
    expect(start(["--out", "out"], cwd).code).toBe(0);
    write(join(cwd, "out", "notes.md"), "mine");
    const before = snapshotOf(join(cwd, "out"));
    // 1,000 sender stacks take seconds to synthesize and write: the kill lands while they are written.
    writeFileSync(join(cwd, "large.json"), JSON.stringify(benchTopology(1000)));
    const child = spawn(process.execPath, ["--import", TSX, join(PROJECT, "main.ts"), "large.json", "--out", "out"], { cwd });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(snapshotOf(join(cwd, "out"))).toEqual(before);
    expect(start(["--out", "out"], cwd).code).toBe(0);
    expect(snapshotOf(join(cwd, "out"))).toEqual(before);
    expect(readdirSync(cwd).sort()).toEqual(["large.json", "out"]);
  });

  test("two runs at once: one writes, the other is refused or follows it; the output is whole", async () => {
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", TSX, join(PROJECT, "main.ts"), "--out", "out"], { cwd });
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("exit", (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run(), run(), run()]);
    expect(results.some((result) => result.code === 0)).toBe(true);
    for (const result of results.filter((each) => each.code !== 0)) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/--out "out": another run \(process \d+\) is writing this folder; run again when it has ended/);
    }
    expect(filesUnder(join(cwd, "out"))).toEqual([
      OUTPUT_MARKER,
      "manifest.json",
      "stacks/observability/cdk.tf.json",
      "stacks/orders/cdk.tf.json",
      "stacks/payments/cdk.tf.json",
    ]);
    expect(readdirSync(cwd)).toEqual(["out"]);
  });

  test("under the cdktf CLI (CDKTF_OUTDIR), the folder of a removed stack stays for the CLI to remove", () => {
    const env = { CDKTF_OUTDIR: "cdktf.out" };
    expect(start([join(PROJECT, "examples", "many-to-many.json")], cwd, env).code).toBe(0);
    const before = readdirSync(join(cwd, "cdktf.out", "stacks"));
    expect(start([join(PROJECT, "examples", "account-grants.json")], cwd, env).code).toBe(0);
    for (const stack of before) expect(existsSync(join(cwd, "cdktf.out", "stacks", stack))).toBe(true);
    expect(start([join(PROJECT, "examples", "many-to-many.json")], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual([...before].sort());
  });

  test("output folders side by side keep separate local state files; cdktf.out keeps cdktf's names", () => {
    for (const out of ["cdktf.out", "blue", "green"]) expect(start(["--out", out], cwd).code).toBe(0);
    expect(exportCommand(["--out", "export"], cwd).code).toBe(0);
    const statePath = (file: string) => JSON.parse(readFileSync(join(cwd, file), "utf8")).terraform.backend.local.path;
    expect(statePath("cdktf.out/stacks/orders/cdk.tf.json")).toBe("../../../terraform.orders.tfstate");
    expect(statePath("blue/stacks/orders/cdk.tf.json")).toBe("../../../terraform.blue.orders.tfstate");
    expect(statePath("green/stacks/orders/cdk.tf.json")).toBe("../../../terraform.green.orders.tfstate");
    expect(statePath("export/orders/main.tf.json")).toBe("../../terraform.export.orders.tfstate");
  });
});
