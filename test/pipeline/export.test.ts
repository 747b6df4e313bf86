import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import defaultTopology from "../../topology/default.json";
import { filesUnder } from "../support/files";
import { runTypeScript } from "../support/run";
import { EXAMPLES, PROJECT } from "../support/synth";
import { terraformAvailability } from "../support/terraform";

const exportCommand = (args: string[], cwd: string) => runTypeScript(join(PROJECT, "cli", "export.ts"), args, { cwd });

describe("npm run export", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-export-cli-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test("writes one folder per stack with its root module and README, and an ordered README on top", () => {
    const run = exportCommand(["--format", "hcl", "--out", "out"], cwd);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "stack observability: step 1; account observability (111111111111); region us-east-1; 11 resources; out/observability/main.tf",
      "stack orders: step 2; account orders (222222222222); region us-east-1; 10 resources; out/orders/main.tf",
      "stack payments: step 2; account payments (333333333333); region us-east-1; 10 resources; out/payments/main.tf",
    ]);
    expect(filesUnder(join(cwd, "out"))).toEqual([
      ".eventbridge-output.json",
      "README.md",
      "observability/README.md",
      "observability/main.tf",
      "orders/README.md",
      "orders/main.tf",
      "payments/README.md",
      "payments/main.tf",
      "stacks.json",
    ]);
    expect(JSON.parse(readFileSync(join(cwd, "out", "stacks.json"), "utf8")).stacks[1]).toEqual({
      name: "orders",
      step: 2,
      dependencies: ["observability"],
      file: "orders/main.tf",
    });
    const top = readFileSync(join(cwd, "out", "README.md"), "utf8");
    expect(top).toContain("1. `observability`\n2. `orders`, `payments`");
    const orders = readFileSync(join(cwd, "out", "orders", "README.md"), "utf8");
    expect(orders).toContain(
      "| `aws.orders_us_east_1` | 222222222222 | us-east-1 | assumes `arn:aws:iam::222222222222:role/terraform-deployer`",
    );
    expect(orders).toContain("State: local file `../../terraform.out.orders.tfstate`, beside the export folder.");
    expect(orders).toContain("Apply order: step 2 of 2, after `observability`");
  });

  test("leaves no file of the other format behind", () => {
    expect(exportCommand(["--format", "hcl", "--out", "out"], cwd).code).toBe(0);
    expect(exportCommand(["--format", "json", "--out", "out"], cwd).code).toBe(0);
    const files = filesUnder(join(cwd, "out"));
    expect(files.filter((file) => file.endsWith(".tf"))).toEqual([]);
    expect(files.filter((file) => file.endsWith("main.tf.json"))).toHaveLength(3);
  });

  test("writes JSON without cdktf's comments and no machine path anywhere", () => {
    expect(exportCommand([join(PROJECT, "examples", "organization-grant.json"), "--out", "out"], cwd).code).toBe(0);
    for (const file of filesUnder(join(cwd, "out"))) {
      const text = readFileSync(join(cwd, "out", file), "utf8");
      for (const path of [cwd, PROJECT, tmpdir(), homedir()]) expect(text).not.toContain(path);
      expect(text).not.toMatch(/"\/\/"/);
    }
    const security = readFileSync(join(cwd, "out", "security", "README.md"), "utf8");
    expect(security).toContain(
      "State: S3 `s3://example-security-state/organization-grant/security.tfstate` in us-west-2, encrypted, locked by DynamoDB " +
        "table `terraform-locks`.",
    );
  });

  test("refuses an unknown format or a bad topology without writing anything", () => {
    expect(exportCommand(["--format", "yaml", "--out", "out"], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format: "yaml" is invalid: the format is json or hcl'),
    });
    const bad = structuredClone(defaultTopology) as { receivers: { region: string }[] };
    bad.receivers[0].region = "moon-1";
    writeFileSync(join(cwd, "bad.json"), JSON.stringify(bad));
    expect(exportCommand(["bad.json", "--format", "hcl", "--out", "out"], cwd)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("bad.json: receivers[0].region: a region looks like us-east-1"),
    });
    expect(readdirSync(cwd)).toEqual(["bad.json"]);
  });

  const withTerraform = terraformAvailability().ok ? test : test.skip;

  withTerraform("HCL output is terraform fmt clean", () => {
    for (const topology of ["default", ...EXAMPLES]) {
      const args = topology === "default" ? [] : [join(PROJECT, topology)];
      expect(exportCommand([...args, "--format", "hcl", "--out", "out"], cwd).code).toBe(0);
      try {
        execFileSync("terraform", ["fmt", "-check", "-recursive", "-no-color", "out"], { cwd, stdio: "pipe" });
      } catch (error) {
        throw new Error(`terraform fmt -check failed on ${topology}:\n${(error as { stdout?: Buffer }).stdout}`, { cause: error });
      }
    }
  });
});
