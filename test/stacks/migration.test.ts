import { sharedPlan, stackModule } from "../support/shared-plans";
import { ShownPlan, TerraformResult, terraformAvailability } from "../support/terraform";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { synthesize } from "../support/synth";
import { planModules } from "../support/terraform-root";

/**
 * The seed guide's move from an account grant to an organization grant, proven from Terraform's own
 * plans: each step is planned against the state the previous step's plan would leave (its planned
 * values, applied offline as a state file), so Terraform decides what is updated, replaced or
 * destroyed. Forwarding rules and targets are never destroyed or replaced, and at every step the
 * sender is let in by at least one grant. The first step has no prior state: its plans are those of
 * every stack (test/support/shared-plans.ts); each later step plans both stacks in one root module.
 */
const STEPS = ["step-1-organization-grant", "step-2-sender-roles", "step-3-account-grant-removed"].map(
  (step) => `examples/migration/${step}.json`,
);
const STACKS = ["central", "legacy"] as const;
const SENDER = "343434343434";
const ORGANIZATION = "o-m1g2r3a4t5";
const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

type Tree = Record<string, any>;

/** The collection-typed values only apply knows, in these resources: empty, as a new resource has them. */
const COLLECTIONS: Tree = { tags_all: {}, managed_policy_arns: [], inline_policy: [] };

/**
 * Gives every value known only after apply a stand-in: named after the attribute its configuration
 * references (so a queue policy's queue_url equals the queue's url), else after itself.
 */
function fillUnknown(values: Tree, unknown: Tree, expressions: Tree | undefined, name: string): void {
  for (const [key, marker] of Object.entries(unknown)) {
    if (marker === true && key in COLLECTIONS) {
      values[key] = structuredClone(COLLECTIONS[key]);
    } else if (marker === true) {
      const reference =
        (expressions?.[key]?.references as string[] | undefined)?.find((candidate) => candidate.split(".").length > 2) ?? `${name}.${key}`;
      // ARN-valued attributes are checked as ARNs by the provider.
      values[key] = /arn$/.test(reference) ? `arn:aws:stand-in:us-east-1:000000000000:${reference}` : `stand-in:${reference}`;
    } else if (Array.isArray(marker)) {
      values[key] ??= [];
      marker.forEach((item, i) => {
        if (item && typeof item === "object") {
          values[key][i] ??= {};
          fillUnknown(values[key][i], item, expressions?.[key]?.[i] ?? expressions?.[key]?.[0], `${name}.${key}`);
        }
      });
    } else if (marker && typeof marker === "object") {
      values[key] ??= {};
      fillUnknown(values[key], marker, expressions?.[key], `${name}.${key}`);
    }
  }
}

/** The state the plan leaves once applied, with stand-ins for what only apply would tell. */
function stateAfter(plan: ShownPlan): string {
  const configured = new Map(plan.configuration.root_module.resources.map((resource) => [resource.address, resource]));
  const unknownOf = new Map(plan.resource_changes.map((change) => [change.address, change.change.after_unknown ?? {}]));
  const resources = plan.planned_values.root_module.resources.map((resource) => {
    const attributes: Tree = structuredClone(resource.values);
    fillUnknown(attributes, unknownOf.get(resource.address) ?? {}, configured.get(resource.address)?.expressions, resource.address);
    return {
      mode: resource.mode,
      type: resource.type,
      name: resource.name,
      provider: `${AWS}.${(configured.get(resource.address)?.provider_config_key as string).replace(/^aws\./, "")}`,
      instances: [{ schema_version: resource.schema_version, attributes, sensitive_attributes: [] }],
    };
  });
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "migration-proof", outputs: {}, resources });
}

function senderIsLetIn(central: ShownPlan, legacy: ShownPlan): string[] {
  const policy = central.resource_changes.find((change) => change.type === "aws_cloudwatch_event_bus_policy")?.change.after
    ?.policy as string;
  const statements: { Principal: unknown; Condition?: Record<string, Record<string, string>> }[] = JSON.parse(policy).Statement;
  const target = legacy.resource_changes.find((change) => change.type === "aws_cloudwatch_event_target")?.change;
  const hasRole = Boolean(target?.after?.role_arn) || target?.after_unknown?.role_arn === true;
  const ways: string[] = [];
  if (statements.some((statement) => JSON.stringify(statement.Principal).includes(`:${SENDER}:root`))) ways.push("account grant");
  if (hasRole && statements.some((statement) => statement.Condition?.StringEquals?.["aws:PrincipalOrgID"] === ORGANIZATION))
    ways.push("organization grant with role");
  return ways;
}

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`migration plans not run: ${availability.reason}\n`);
  test.skip("migration without loss", () => undefined);
} else {
  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  /** Both stacks of a step planned: the first against nothing (the plan of every stack), the others against the previous step's state. */
  async function planStep(step: string, previous: Record<string, ShownPlan> | undefined): Promise<Record<string, TerraformResult>> {
    const synthesized = synthesize(step);
    if (!previous) {
      const shared = await sharedPlan();
      return Object.fromEntries(STACKS.map((stack) => [stack, shared.result(stackModule(step, stack))]));
    }
    const modules = STACKS.map((stack) => ({
      name: stack,
      files: { "cdk.tf.json": synthesized.text(stack) },
      stack: synthesized.json(stack),
    }));
    const priorStates = Object.fromEntries(STACKS.map((stack) => [stack, stateAfter(previous[stack])]));
    return planModules(modules, sts.endpoint, { priorStates });
  }

  test("each step keeps every forwarding rule and target, and the sender always has a grant", async () => {
    let previous: Record<string, ShownPlan> | undefined;
    const report: string[] = [];
    for (const step of STEPS) {
      const results = await planStep(step, previous);
      const plans: Record<string, ShownPlan> = {};
      for (const stack of STACKS) {
        const result = results[stack];
        expect(result.diagnostics).toEqual([]);
        if (!result.plan) throw new Error(`${step} ${stack} did not plan:\n${result.planOutput}`);
        plans[stack] = result.plan;
        if (previous) {
          for (const change of result.plan.resource_changes.filter((candidate) =>
            /^aws_cloudwatch_event_(rule|target)$/.test(candidate.type),
          )) {
            expect([change.address, change.change.actions]).not.toEqual([change.address, expect.arrayContaining(["delete"])]);
          }
        }
        report.push(
          `${step} ${stack}: ` +
            `${result.plan.resource_changes.map((change) => `${change.change.actions.join("+")} ${change.type}`).join(", ")}`,
        );
      }
      expect(senderIsLetIn(plans.central, plans.legacy)).not.toEqual([]);
      previous = plans;
    }
    process.stdout.write(`migration plans:\n  ${report.join("\n  ")}\n`);
  }, 900_000);
}
