import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import defaultTopology from "../../topology/default.json";
import { filesUnder } from "../support/files";
import { runCommand } from "../support/run";
import { EXAMPLES, PROJECT } from "../support/project";
import { terraformAvailability } from "../support/terraform";

/** The body of one resource block of a .tf file, without its braces. */
function resourceBlock(text: string, type: string, name: string): string {
  const head = `resource "${type}" "${name}" {\n`;
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`no ${type}.${name}`);
  return text.slice(start + head.length, text.indexOf("\n}\n", start));
}

const exportCommand = (args: string[], cwd: string) => runCommand(join(PROJECT, "cli", "export.ts"), args, { cwd });

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
      "atlantis.yaml",
      "github-actions.yml",
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
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
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

  test("--changed-since prints the changed and the removed stacks, one line each; an earlier export that is none is refused", () => {
    expect(exportCommand(["--out", "out"], cwd).code).toBe(0);
    const again = exportCommand(["--out", "out", "--changed-since", "out"], cwd);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout.trim().split("\n").slice(-2)).toEqual(["changed: none", "removed: none"]);

    const topology = structuredClone(defaultTopology) as { state: { layout: string } };
    topology.state.layout = "single";
    writeFileSync(join(cwd, "single.json"), JSON.stringify(topology));
    const single = exportCommand(["single.json", "--out", "out", "--changed-since", "out"], cwd);
    expect(single.code).toBe(0);
    expect(single.stdout.trim().split("\n").slice(-2)).toEqual(["changed: eventbridge", "removed: observability, orders, payments"]);

    const refused = exportCommand(["--out", "elsewhere", "--changed-since", "single.json"], cwd);
    expect(refused).toMatchObject({
      code: 1,
      stdout: "",
      stderr: '--changed-since "single.json": has no stacks.json: give the folder of an earlier export\n',
    });
    expect(readdirSync(cwd).sort()).toEqual(["out", "single.json"]);
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

  test("exports direct delivery as one would write it: each target's policy narrowed to the sender roles, the roles' actions", () => {
    expect(exportCommand([join(PROJECT, "examples", "direct-delivery.json"), "--format", "hcl", "--out", "out"], cwd).code).toBe(0);
    const security = readFileSync(join(cwd, "out", "security", "main.tf"), "utf8");
    const queuePolicy = resourceBlock(security, "aws_sqs_queue_policy", "receiver-central_target-findings_policy");
    expect(queuePolicy).toContain(
      '        Principal = {\n          AWS = ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]\n        }\n' +
        '        Action   = "sqs:SendMessage"\n',
    );
    expect(queuePolicy).toContain(
      '          ArnEquals = {\n            "aws:PrincipalArn" = ["arn:aws:iam::222222222222:role/payments-findings-forwarder", ' +
        '"arn:aws:iam::333333333333:role/orders-findings-forwarder"]\n          }\n',
    );
    expect(queuePolicy.split("\n").pop()).toBe("  queue_url = aws_sqs_queue.receiver-central_target-findings.url");
    // The permission names the role, created by the payments stack, which is applied first.
    expect(
      resourceBlock(
        security,
        "aws_lambda_permission",
        "receiver-central_target-enrich_permission-222222222222_role_payments-findings-forwarder",
      ),
    ).toBe(
      [
        "  provider      = aws.security_eu_west_1",
        '  action        = "lambda:InvokeFunction"',
        '  function_name = "enrich-finding"',
        '  principal     = "arn:aws:iam::222222222222:role/payments-findings-forwarder"',
        '  statement_id  = "AllowSenderRole-222222222222_role_payments-findings-forwarder"',
      ].join("\n"),
    );
    expect(readFileSync(join(cwd, "out", "security", "README.md"), "utf8")).toContain(
      "Apply order: step 2 of 3, after `payments` (this stack's Lambda permissions name sender roles it creates).",
    );

    const payments = readFileSync(join(cwd, "out", "payments", "main.tf"), "utf8");
    const rolePolicy = resourceBlock(payments, "aws_iam_role_policy", "forward-eu-west-1-default-payments-findings_direct-delivery");
    expect(rolePolicy).toContain('  name     = "deliver-to-receiver-targets"\n');
    expect([...rolePolicy.matchAll(/Action += (.*)\n/g)].map((match) => match[1])).toEqual([
      '"sqs:SendMessage"',
      '"sns:Publish"',
      '"lambda:InvokeFunction"',
      '"kinesis:PutRecord"',
      '["kms:GenerateDataKey", "kms:Decrypt"]',
      '["kms:GenerateDataKey*", "kms:Decrypt"]',
      '"kms:GenerateDataKey"',
    ]);
    expect(rolePolicy).toContain('"kms:ResourceAliases" = "alias/eventbridge/target/queue/security-findings"');
    const target = resourceBlock(
      payments,
      "aws_cloudwatch_event_target",
      "forward-eu-west-1-default-payments-findings_to-111111111111-queue-security-findings",
    );
    expect(target).toContain("  role_arn  = aws_iam_role.forward-eu-west-1-default-payments-findings_role.arn\n");
    expect(target).toContain(
      "  depends_on = [aws_sqs_queue_policy.forward-eu-west-1-default-payments-findings_dead-letter_policy, " +
        "aws_iam_role_policy.forward-eu-west-1-default-payments-findings_direct-delivery]",
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
