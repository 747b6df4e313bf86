import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  DIRECT_DELIVERY_ACTION,
  DirectTarget,
  DirectTargetKind,
  allowSenderRoles,
  directDeliveryStatements,
} from "../../modules/direct-delivery";
import {
  DIRECT_DELIVERY_OTHER_ACCOUNT_RULE,
  DIRECT_DELIVERY_SAME_REGION_RULE,
  DIRECT_DELIVERY_TARGET_TYPES_RULE,
  DIRECT_DELIVERY_THROUGH_ROLE,
  RULE_TARGETS_RULE,
} from "../../modules/limits";
import { PATTERN_IS_OBJECT_RULE, PATTERN_LENGTH_RULE, PATTERN_OBJECT_RULE } from "../../modules/event-pattern";
import { policyDocument } from "../../modules/policy-document";
import { PATTERN_RULES } from "../../patterns/pattern";
import { eventPatternProblems } from "../../patterns/validate";
import { TERRAFORM_MODULES, renderTerraformModule } from "../../pipeline/terraform-modules/render";
import { sentence } from "../../pipeline/terraform-modules/spec";
import {
  SharedPlan,
  TERRAFORM_ROOT as ROOT,
  TERRAFORM_ROOT_MODULE,
  TERRAFORM_ROOT_PROVIDERS as ROOT_PROVIDERS,
  sharedPlan,
  terraformRootFiles as rootModuleFiles,
} from "../support/shared-plans";
import { PROJECT } from "../support/project";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { TerraformResult, terraformAvailability, validateAndPlan } from "../support/terraform";

const MODULES_DIR = join(PROJECT, "terraform-modules");

const PAYMENTS_ROLE = "arn:aws:iam::333333333333:role/payments-findings-forwarder";
const REFUNDS_ROLE = "arn:aws:iam::444444444444:role/refunds-findings-forwarder";
/** The root's direct targets, in the order the sender reads them (its for over the module instances, by key). */
const DIRECT_TARGETS: readonly (DirectTarget & { key: string; roles: string[] })[] = [
  { key: "alerts", kind: "topic", arn: "arn:aws:sns:us-east-1:111111111111:security-alerts", roles: [PAYMENTS_ROLE] },
  { key: "audit", kind: "stream", arn: "arn:aws:kinesis:us-east-1:111111111111:stream/security-audit", roles: [PAYMENTS_ROLE] },
  { key: "enrich", kind: "function", arn: "arn:aws:lambda:us-east-1:111111111111:function:enrich-finding", roles: [PAYMENTS_ROLE] },
  { key: "findings", kind: "queue", arn: "arn:aws:sqs:us-east-1:111111111111:security-findings", roles: [PAYMENTS_ROLE, REFUNDS_ROLE] },
];
const POLICY_RESOURCE: Partial<Record<DirectTargetKind, string>> = {
  queue: "aws_sqs_queue_policy",
  topic: "aws_sns_topic_policy",
  stream: "aws_kinesis_resource_policy",
};

type ModuleCall = { module: { outputs: Record<string, { depends_on?: string[] }> } };

/** What the plan would create at an address: its values, or undefined when it creates nothing there. */
const plannedAt = (result: TerraformResult, address: string) =>
  result.plan?.resource_changes.find((change) => change.address === address && change.change.actions.includes("create"))?.change.after;

/** Modules refused at plan by their preconditions (terraform validate knows no provider's account or region). */
const REFUSED_AT_PLAN = `
module "direct_refused" {
  source    = "../../terraform-modules/sender-forwarding"
  providers = { aws.sender = aws.payments }

  rule_name       = "direct-refused"
  event_pattern   = jsonencode({ source = ["com.example.payments"] })
  create_role     = false
  existing_target = true
  direct_targets = [
    { kind = "queue", arn = "arn:aws:sqs:us-west-2:111111111111:elsewhere" },
    { kind = "queue", arn = "arn:aws:sqs:us-east-1:333333333333:own-queue" },
  ]
}

module "targetless" {
  source    = "../../terraform-modules/sender-forwarding"
  providers = { aws.sender = aws.payments }

  rule_name     = "targetless"
  event_pattern = jsonencode({ source = ["com.example.payments"] })
}

module "access_refused" {
  source    = "../../terraform-modules/direct-target-access"
  providers = { aws.receiver = aws.observability }

  kind             = "queue"
  target_arn       = "arn:aws:sqs:us-east-1:222222222222:not-ours"
  sender_role_arns = ["${PAYMENTS_ROLE}"]
}
`;

/** Patterns the loader refuses, each the event_pattern of one module call, and the sentence its validation answers with. */
const MATCH_VALUE = sentence(`${PATTERN_RULES.matchValue}; ${PATTERN_RULES.oneOperator}, ${PATTERN_RULES.knownOperator}`);
const PATTERN_REFUSALS: readonly { module: "sender-forwarding" | "receiver-rule"; hcl: string; json: unknown; message: string }[] = [
  { module: "sender-forwarding", hcl: '{ source = [{ prefx = "com." }] }', json: { source: [{ prefx: "com." }] }, message: MATCH_VALUE },
  { module: "sender-forwarding", hcl: "{}", json: {}, message: sentence(`${PATTERN_OBJECT_RULE} (use jsonencode)`) },
  {
    module: "receiver-rule",
    hcl: '["com.example"]',
    json: ["com.example"],
    message: sentence(`${PATTERN_IS_OBJECT_RULE} (use jsonencode)`),
  },
  {
    module: "receiver-rule",
    hcl: '{ detail = { a = { b = { c = [{ prefix = "x", suffix = "y" }] } } } }',
    json: { detail: { a: { b: { c: [{ prefix: "x", suffix: "y" }] } } } },
    message: MATCH_VALUE,
  },
  { module: "sender-forwarding", hcl: '{ source = [["a"]] }', json: { source: [["a"]] }, message: MATCH_VALUE },
  {
    module: "sender-forwarding",
    hcl: '{ source = "com.example" }',
    json: { source: "com.example" },
    message: sentence(`every field of the pattern ${PATTERN_RULES.fieldValue}`),
  },
  {
    module: "sender-forwarding",
    hcl: "{ detail = { state = [] } }",
    json: { detail: { state: [] } },
    message: sentence(`${PATTERN_RULES.emptyArray}; ${PATTERN_RULES.emptyObject}`),
  },
  {
    module: "receiver-rule",
    hcl: "{ detail = {} }",
    json: { detail: {} },
    message: sentence(`${PATTERN_RULES.emptyArray}; ${PATTERN_RULES.emptyObject}`),
  },
  {
    module: "sender-forwarding",
    hcl: '{ source = [{ exists = "true" }] }',
    json: { source: [{ exists: "true" }] },
    message: sentence(PATTERN_RULES.exists),
  },
  {
    module: "sender-forwarding",
    hcl: '{ "$or" = [{ source = ["a"] }] }',
    json: { $or: [{ source: ["a"] }] },
    message: sentence(PATTERN_RULES.or),
  },
  {
    module: "receiver-rule",
    hcl: '{ "$or" = [{ source = ["a"] }, { detail = { prefix = ["b"] } }] }',
    json: { $or: [{ source: ["a"] }, { detail: { prefix: ["b"] } }] },
    message: PATTERN_RULES.reservedInOr,
  },
  {
    module: "sender-forwarding",
    hcl: '{ source = [format("%02100d", 0)] }',
    json: { source: ["0".repeat(2100)] },
    message: sentence(PATTERN_LENGTH_RULE),
  },
];

function patternRefusals(): string {
  return PATTERN_REFUSALS.map(({ module, hcl }, i) => {
    const side =
      module === "sender-forwarding"
        ? "providers = { aws.sender = aws.payments }\n"
        : 'providers = { aws.receiver = aws.observability }\n\n  sender_account_ids = ["222222222222"]\n' +
          '  targets            = [{ id = "audit", arn = aws_cloudwatch_log_group.audit.arn }]';
    return [
      `module "pattern_refused_${i}" {`,
      `  source    = "../../terraform-modules/${module}"`,
      `  ${side}`,
      `  rule_name     = "pattern-refused-${i}"`,
      `  event_pattern = jsonencode(${hcl})`,
      "}",
    ].join("\n");
  }).join("\n\n");
}

/** The root module with input each module's validations refuse. */
function withBrokenInput(): string {
  return readFileSync(ROOT, "utf8")
    .replace('organization_id = "o-exampleorg01"', 'organization_id = "org-1"')
    .replace('sources = ["com.example.${name}"]', 'sources = ["com.example.*"]')
    .replace('detail_types = ["OrderCreated", "OrderShipped"]', "detail_types = []")
    .replace('rule_name                    = "payments-to-central"', 'rule_name                    = "payments to central"')
    .replace("maximum_event_age_in_seconds = 3600", "maximum_event_age_in_seconds = 59")
    .replace(
      'event_pattern      = jsonencode({ source = [{ prefix = "com.example." }] })',
      'event_pattern      = jsonencode({ account = ["*"] })',
    )
    .replace(
      "direct_targets = [for access in module.direct_target_access : access.direct_target]",
      'direct_targets = [{ kind = "logGroup", arn = "arn:aws:logs:us-east-1:111111111111:log-group:x" }, ' +
        '{ kind = "topic", arn = "arn:aws:sqs:us-east-1:111111111111:security-findings" }]',
    )
    .concat("\n", patternRefusals(), "\n");
}

/** The root's terraform and provider blocks, and modules refused only once the provider's account and region are known. */
function withModulesRefusedAtPlan(): string {
  return `${readFileSync(ROOT, "utf8").split("\nlocals {")[0]}${REFUSED_AT_PLAN}`;
}

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
    for (const module of ["sender-forwarding", "receiver-rule"]) {
      const patternInput = readFileSync(join(MODULES_DIR, module, "variables.tf"), "utf8").split('variable "event_pattern"')[1];
      for (const rule of Object.values(PATTERN_RULES)) expect(patternInput.replace(/\\"/g, '"')).toContain(rule.slice(1));
    }
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
  let shared: SharedPlan;
  /** The roots Terraform must refuse, each a root of its own, planned side by side while the shared plan is made or awaited. */
  const refusals: Partial<Record<"validations" | "preconditions", Promise<TerraformResult>>> = {};
  const refused = (root: string) =>
    validateAndPlan(ROOT_PROVIDERS, sts.endpoint, { files: rootModuleFiles(root), root: "test/terraform-root" });
  beforeAll(async () => {
    sts = await startStsStandIn();
    refusals.validations = refused(withBrokenInput());
    refusals.preconditions = refused(withModulesRefusedAtPlan());
    // Awaited by their tests; until then, a rejection is not an unhandled one.
    for (const refusal of Object.values(refusals)) refusal.catch(() => undefined);
    // The root module as written is a module of a root shared with other tests (test/support/shared-plans.ts).
    shared = await sharedPlan();
  }, 900_000);
  afterAll(async () => {
    await Promise.allSettled(Object.values(refusals));
    await sts.close();
  });

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

  /** The plan of the root module, for the tests after it. */
  let rootPlan: TerraformResult | undefined;
  const planned = (address: string) => {
    if (!rootPlan) throw new Error("the root module was not planned");
    return plannedAt(rootPlan, address);
  };

  test("a root module calling them with for_each validates without warnings and plans offline", () => {
    const result = shared.result(TERRAFORM_ROOT_MODULE);
    rootPlan = result;
    expect(result.diagnostics).toEqual([]);
    expect(result.planOutput).not.toMatch(/Warning:/);
    // Bus and policy, log group and log policy, 3 rules x (rule + target), 3 forwards x 7 resources; direct delivery:
    // 3 resource policies and 1 Lambda permission, a forward of 6 resources and 4 targets.
    if (result.planned !== 2 + 2 + 3 * 2 + 3 * 7 + 4 + 6 + 4) throw new Error(`unexpected plan:\n${result.planOutput}`);
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
  });

  test("direct delivery: each target's policy admits the sender roles' accounts, narrowed to the roles, as the constructs write it", () => {
    for (const target of DIRECT_TARGETS.filter((candidate) => POLICY_RESOURCE[candidate.kind])) {
      const policy = planned(`module.direct_target_access["${target.key}"].${POLICY_RESOURCE[target.kind]}.this[0]`)?.policy;
      const expected = allowSenderRoles("senderRoleArns", DIRECT_DELIVERY_ACTION[target.kind], target.arn, target.roles);
      expect(JSON.parse(policy as string)).toEqual(policyDocument([expected]));
    }
    const queue = planned('module.direct_target_access["findings"].aws_sqs_queue_policy.this[0]');
    expect(queue?.queue_url).toBe("https://sqs.us-east-1.amazonaws.com/111111111111/security-findings");
    expect(JSON.parse(queue?.policy as string).Statement).toEqual([
      {
        Sid: "AllowSenderRoles",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"] },
        Action: "sqs:SendMessage",
        Resource: "arn:aws:sqs:us-east-1:111111111111:security-findings",
        Condition: { ArnEquals: { "aws:PrincipalArn": [PAYMENTS_ROLE, REFUNDS_ROLE] } },
      },
    ]);
    expect(planned('module.direct_target_access["enrich"].aws_lambda_permission.this[0]')).toMatchObject({
      statement_id: "AllowSenderRole-333333333333_role_payments-findings-forwarder",
      action: "lambda:InvokeFunction",
      function_name: "enrich-finding",
      principal: PAYMENTS_ROLE,
    });
    expect(planned('module.direct_target_access["enrich"].aws_lambda_permission.this[1]')).toBeUndefined();
  });

  test("direct delivery: the sender role may take exactly each target's action on it, and the rule targets each through the role", () => {
    const policy = planned("module.payments_findings.aws_iam_role_policy.direct_delivery[0]");
    expect(policy?.name).toBe("deliver-to-receiver-targets");
    expect(JSON.parse(policy?.policy as string)).toEqual(policyDocument(directDeliveryStatements(DIRECT_TARGETS)));
    expect(planned("module.payments_findings.aws_iam_role_policy.put_events[0]")).toBeUndefined();
    DIRECT_TARGETS.forEach((target, i) => {
      const name = target.arn.split(/[:/]/).pop();
      expect(planned(`module.payments_findings.aws_cloudwatch_event_target.direct[${i}]`)).toMatchObject({
        arn: target.arn,
        target_id: `111111111111-${target.kind}-${name}`,
        retry_policy: [{ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 }],
      });
    });
    expect(planned("module.payments_findings.aws_cloudwatch_event_target.this[0]")).toBeUndefined();
    // The role ARN is known at plan, and the Lambda permission that names the role still waits for it.
    const calls = (rootPlan?.plan?.configuration.root_module as { module_calls?: Record<string, ModuleCall> }).module_calls ?? {};
    expect(calls.payments_findings.module.outputs.role_arn.depends_on).toEqual(["aws_iam_role.this"]);
  });

  test("their validations refuse what the topology loader refuses", async () => {
    const result = await (refusals.validations as Promise<TerraformResult>);
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
    expect(messages).toContain(sentence(DIRECT_DELIVERY_TARGET_TYPES_RULE));
    expect(messages).toContain("Every direct_targets[*].arn must be the ARN of its kind: a queue ARN looks like arn:aws:sqs:");
    // Each refused pattern is refused by the loader too, and answered by its one validation, once per module call.
    const details = result.diagnostics.map((diagnostic) => (diagnostic.detail ?? "").replace(/\s+/g, " "));
    const expected = new Map<string, number>();
    for (const refusal of PATTERN_REFUSALS) {
      expect(eventPatternProblems(refusal.json)).not.toEqual([]);
      expected.set(refusal.message, (expected.get(refusal.message) ?? 0) + 1);
    }
    for (const [message, count] of expected) {
      expect([message, details.filter((detail) => detail.includes(message)).length]).toEqual([message, count]);
    }
    expect(details.filter((detail) => detail.startsWith("Invalid validation"))).toEqual([]);
  });

  test("their preconditions refuse at plan what the constructs refuse", async () => {
    const result = await (refusals.preconditions as Promise<TerraformResult>);
    // Validation passes: the plan's only diagnostics are the preconditions' refusals.
    expect(result.diagnostics.filter((diagnostic) => diagnostic.summary !== "Resource precondition failed")).toEqual([]);
    expect(result.diagnostics).toHaveLength(9);
    const messages = result.planOutput.replace(/\s+/g, " ");
    // Terraform prints what it could plan, then fails on each refused resource.
    expect(messages.match(/Error: Resource precondition failed/g)).toHaveLength(9);
    expect(messages).toContain(sentence(DIRECT_DELIVERY_SAME_REGION_RULE));
    expect(messages).toContain(sentence(DIRECT_DELIVERY_OTHER_ACCOUNT_RULE));
    expect(messages).toContain(sentence(`${DIRECT_DELIVERY_THROUGH_ROLE}: leave create_role = true`));
    expect(messages).toContain(sentence(RULE_TARGETS_RULE));
    expect(messages).toContain("A queue policy is attached by the queue's URL: set queue_url.");
    expect(messages).toContain("The target is in the account and region of the aws.receiver provider");
  });
});
