import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import defaultTopology from "../topology/default.json";
import { runCommand, runTypeScript } from "./support/run";
import { PROJECT } from "./support/project";

/** Runs the entry point as `npm start` does, in a process of its own, in a scratch working folder. */
const start = (args: string[], cwd: string) => runTypeScript(join(PROJECT, "main.ts"), args, { cwd });
/** The same command in this process (test/support/run.ts): where the process itself is not what a test checks. */
const synthCommand = (args: string[], cwd: string) => runCommand(join(PROJECT, "main.ts"), args, { cwd });

describe("npm start", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-start-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test("synthesizes the embedded default into ./cdktf.out and prints each stack", () => {
    const run = start([], cwd);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "stack observability: account observability (111111111111); region us-east-1; 11 resources; " +
        "cdktf.out/stacks/observability/cdk.tf.json",
      "stack orders: account orders (222222222222); region us-east-1; 10 resources; cdktf.out/stacks/orders/cdk.tf.json",
      "stack payments: account payments (333333333333); region us-east-1; 10 resources; cdktf.out/stacks/payments/cdk.tf.json",
      "verify: 3 stacks, 4 targets: 0 errors, 0 warnings",
    ]);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["observability", "orders", "payments"]);
    expect(existsSync(join(cwd, "cdktf.out", "manifest.json"))).toBe(true);
  });

  test("synthesizes a topology file into --out and replaces its own earlier output", () => {
    expect(synthCommand(["--out", "out"], cwd).code).toBe(0);
    const run = synthCommand([join(PROJECT, "examples", "custom-buses.json"), "--out", "out"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        String.raw`^stack custom-buses: account integration \(777777777777\), catalog \(888888888888\); region eu-central-1, eu-west-1; ` +
          String.raw`\d+ resources; out/stacks/custom-buses/cdk.tf.json$`,
        "m",
      ),
    );
    expect(readdirSync(join(cwd, "out", "stacks"))).toEqual(["custom-buses"]);
    expect(readdirSync(cwd)).toEqual(["out"]);
  });

  test("creates the parent folders of --out", () => {
    expect(synthCommand(["--out", "build/eventbridge/out"], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, "build", "eventbridge"))).toEqual(["out"]);
  });

  describe("invalid input", () => {
    const invalid = structuredClone(defaultTopology) as { accounts: { id: string }[] };
    invalid.accounts[1].id = "22222";

    test("names the field, the value and the rule, exits 1 and creates no output", () => {
      writeFileSync(join(cwd, "bad.json"), JSON.stringify(invalid));
      const run = start(["bad.json", "--out", "out"], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain('bad.json: accounts[1].id: an AWS account ID is exactly 12 digits (got "22222")');
      expect(readdirSync(cwd)).toEqual(["bad.json"]);
    });

    test("leaves an existing output folder exactly as it was", () => {
      writeFileSync(join(cwd, "bad.json"), JSON.stringify(invalid));
      expect(synthCommand([], cwd).code).toBe(0);
      const before = readFileSync(join(cwd, "cdktf.out", "stacks", "orders", "cdk.tf.json"), "utf8");
      const run = synthCommand(["bad.json"], cwd);
      expect(run.code).toBe(1);
      expect(readFileSync(join(cwd, "cdktf.out", "stacks", "orders", "cdk.tf.json"), "utf8")).toBe(before);
      expect(readdirSync(cwd).sort()).toEqual(["bad.json", "cdktf.out"]);
    });

    test("reports a file that is not JSON or does not exist", () => {
      writeFileSync(join(cwd, "broken.json"), "{ nope");
      expect(synthCommand(["broken.json"], cwd)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("broken.json: (top level): is not valid JSON"),
      });
      expect(synthCommand(["missing.json"], cwd)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("missing.json: (top level): cannot be read"),
      });
      expect(readdirSync(cwd)).toEqual(["broken.json"]);
    });
  });
});
