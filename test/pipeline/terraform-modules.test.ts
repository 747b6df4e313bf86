import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TERRAFORM_MODULES, renderTerraformModule } from "../../pipeline/terraform-modules/render";
import { PROJECT } from "../support/synth";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { StackJson, terraformAvailability, validateAndPlan } from "../support/terraform";

const MODULES_DIR = join(PROJECT, "terraform-modules");
const ROOT = join(PROJECT, "test", "terraform-root", "main.tf");

/** The root module and every module file, at their paths relative to the project. */
function rootModuleFiles(main: string): Record<string, string> {
  const files: Record<string, string> = { "test/terraform-root/main.tf": main };
  for (const spec of TERRAFORM_MODULES) {
    for (const file of readdirSync(join(MODULES_DIR, spec.name))) {
      files[`terraform-modules/${spec.name}/${file}`] = readFileSync(join(MODULES_DIR, spec.name, file), "utf8");
    }
  }
  return files;
}

/** The providers the test root module configures, for the offline override. */
const ROOT_PROVIDERS: StackJson = {
  provider: {
    aws: [
      { alias: "observability", allowed_account_ids: ["111111111111"] },
      { alias: "orders", allowed_account_ids: ["222222222222"] },
      { alias: "payments", allowed_account_ids: ["333333333333"] },
    ],
  },
};

describe("Terraform modules", () => {
  test.each(TERRAFORM_MODULES.map((spec) => spec.name))(
    "%s is generated from the current constructs and rules (npm run modules)",
    (name) => {
      const spec = TERRAFORM_MODULES.find((candidate) => candidate.name === name)!;
      const files = renderTerraformModule(spec);
      expect(readdirSync(join(MODULES_DIR, name)).sort()).toEqual(Object.keys(files).sort());
      for (const [file, text] of Object.entries(files)) expect(readFileSync(join(MODULES_DIR, name, file), "utf8")).toBe(text);
    },
  );

  test("validations use the same rules as the topology loader", () => {
    const variables = readFileSync(join(MODULES_DIR, "receiver-bus", "variables.tf"), "utf8");
    expect(variables).toContain('can(regex("^\\\\d{12}$", value))');
    expect(variables).toContain(
      'error_message = "Every account_grants[*].account_id must be valid: an AWS account ID is exactly 12 digits."',
    );
    const versions = readFileSync(join(MODULES_DIR, "sender-forwarding", "versions.tf"), "utf8");
    expect(versions).toContain("configuration_aliases = [aws.sender]");
    expect(versions).not.toMatch(/provider "aws"|backend/);
  });

  const availability = terraformAvailability();
  if (!availability.ok) {
    process.stderr.write(`terraform checks of the Terraform modules not run: ${availability.reason}\n`);
    return;
  }

  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  test("modules, their templates and the root module using them are terraform fmt clean", () => {
    execFileSync(
      "terraform",
      ["fmt", "-check", "-recursive", "-no-color", "terraform-modules", "pipeline/terraform-modules", "test/terraform-root"],
      {
        cwd: PROJECT,
        stdio: "pipe",
      },
    );
  });

  test("a root module calling them with for_each validates without warnings and plans offline", async () => {
    const result = await validateAndPlan(ROOT_PROVIDERS, sts.endpoint, {
      files: rootModuleFiles(readFileSync(ROOT, "utf8")),
      root: "test/terraform-root",
      planJson: true,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.planOutput).not.toMatch(/Warning:/);
    // Bus and policy, log group and log policy, 3 rules x (rule + target), 3 forwards x 7 resources.
    if (result.planned !== 2 + 2 + 3 * 2 + 3 * 7) throw new Error(`unexpected plan:\n${result.planOutput}`);
    expect(result.planOutput).toContain('module.from_each_sender["refunds"].aws_cloudwatch_event_rule.this');
    expect(result.planOutput).toContain('module.orders_forwards["orders-shipped"].aws_iam_role.this[0]');
    expect(result.planOutput).toContain("module.payments_forward.aws_cloudwatch_event_target.this[0]");
    const policy = result.plan?.resource_changes.find(
      (change) => change.address === "module.central_bus.aws_cloudwatch_event_bus_policy.this",
    );
    const statements = JSON.parse(policy?.change.after?.policy as string).Statement;
    expect(statements.find((statement: { Sid: string }) => statement.Sid === "AllowAccount222222222222").Condition).toEqual({
      "ForAllValues:StringEquals": { "events:source": ["com.example.orders"] },
    });
    expect(statements.find((statement: { Sid: string }) => statement.Sid === "AllowOrganization-o-exampleorg01").Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-exampleorg01", "events:detail-type": ["OrderCreated", "OrderShipped"] },
    });
  }, 180_000);

  test("their validations refuse what the topology loader refuses", async () => {
    const broken = readFileSync(ROOT, "utf8")
      .replace('organization_id = "o-exampleorg01"', 'organization_id = "org-1"')
      .replace('sources = ["com.example.${name}"]', 'sources = ["com.example.*"]')
      .replace('detail_types = ["OrderCreated", "OrderShipped"]', "detail_types = []")
      .replace('rule_name                    = "payments-to-central"', 'rule_name                    = "payments to central"')
      .replace("maximum_event_age_in_seconds = 3600", "maximum_event_age_in_seconds = 59")
      .replace(
        'event_pattern      = jsonencode({ source = [{ prefix = "com.example." }] })',
        'event_pattern      = jsonencode({ account = ["*"] })',
      );
    const result = await validateAndPlan(ROOT_PROVIDERS, sts.endpoint, { files: rootModuleFiles(broken), root: "test/terraform-root" });
    const messages = `${result.planOutput}\n${result.diagnostics.map((d) => `${d.summary} ${d.detail}`).join("\n")}`.replace(/\s+/g, " ");
    expect(result.planned).toBe(-1);
    expect(messages).toContain(
      "Every organization_grants[*].organization_id must be valid: an AWS Organizations ID matches o-[a-z0-9]{10,32}.",
    );
    expect(messages).toContain("An EventBridge rule name is 1-64 characters of [.-_A-Za-z0-9].");
    expect(messages).toContain("Must be a whole number of seconds from 60 to 86400.");
    expect(messages).toContain("Leave account out of the pattern");
    expect(messages).toContain(
      "Every account_grants[*].sources must be valid: a grant matches each source exactly (StringEquals): a non-empty string, " +
        "and * is no wildcard there.",
    );
    expect(messages).toContain(
      "Every organization_grants[*].detail_types list must be valid: list each detail-type once, at least one, or leave the key out.",
    );
  }, 180_000);
});
