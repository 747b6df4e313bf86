import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { loadTopologyFile } from "../../topology/load";
import { ADOPTED_MODULES, ADOPT_EXAMPLE, POLICY, adoptedWith, bareBus, describedBus, taggedStatement } from "../support/adopted-bus";
import { SharedPlan, sharedPlan, stackModule } from "../support/shared-plans";
import { DescribedBus, startStsStandIn } from "../support/sts-stand-in";
import { synthesize } from "../support/synth";
import { PROJECT } from "../support/project";
import { ShownPlan, StackJson, TerraformResult, terraformAvailability, validateAndPlan } from "../support/terraform";

/**
 * examples/adopt-existing-bus.json planned offline against the bus it describes: the loopback
 * stand-in answers DescribeEventBus with examples/existing-policies/security-default-bus.json, so
 * Terraform itself imports the policy and shows an update in place that keeps every statement
 * others added, and adds ours. The example's stacks and their variants are modules of the shared plan
 * (test/support/shared-plans.ts, test/support/adopted-bus.ts), their import blocks hoisted into its
 * root; only the plan Terraform must refuse (a bus described by no one) has a root of its own.
 */
const EXAMPLE = ADOPT_EXAMPLE;
const DESCRIBED: DescribedBus = describedBus();
const OURS = {
  Sid: "AllowAccount666666666666",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::666666666666:root" },
  Action: "events:PutEvents",
  Resource: DESCRIBED.Arn,
};

const policyChange = (plan: ShownPlan | undefined) => plan?.resource_changes.find((change) => change.address === POLICY)?.change;
const statementsOf = (policy: unknown) => JSON.parse(String(policy)).Statement;

function expectImportedAndUpdated(result: TerraformResult, resources: number): void {
  expect(result.diagnostics).toEqual([]);
  expect(result.planOutput).not.toMatch(/Warning:/);
  expect(result.planOutput).toContain(`# ${POLICY} will be updated in-place`);
  expect(result.planOutput).toContain(`(imported from "default")`);
  expect(result.planOutput).toContain(`Plan: 1 to import, ${resources - 1} to add, 1 to change, 0 to destroy.`);
  const change = policyChange(result.plan);
  expect(change).toMatchObject({ actions: ["update"], importing: { id: "default" } });
  const described = statementsOf(DESCRIBED.Policy);
  expect(statementsOf(change?.before?.policy)).toEqual(described);
  expect(statementsOf(change?.after?.policy)).toEqual([...described, OURS]);
}

/** A plan against a stand-in of its own, which describes exactly these buses. */
async function planAgainst(buses: DescribedBus[], stack: StackJson): Promise<TerraformResult> {
  const sts = await startStsStandIn();
  for (const bus of buses) sts.eventBuses.set(bus.Arn, bus);
  try {
    return await validateAndPlan(stack, sts.endpoint);
  } finally {
    await sts.close();
  }
}

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`terraform checks of the adopted bus not run: ${availability.reason}\n`);
  test.skip("adopting an existing bus: terraform plan", () => undefined);
} else {
  const synthesized = synthesize(EXAMPLE);
  const resourcesOf = (name: string) => synthesized.stacks.find((stack) => stack.name === name)?.resources as number;
  let dir: string;
  let hcl: string;
  let shared: SharedPlan;
  let undescribed: Promise<TerraformResult>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eventbridge-adopt-tf-"));
    const [exported] = exportTopology(loadTopologyFile(join(PROJECT, EXAMPLE)), "hcl", "export", dir);
    hcl = readFileSync(join(dir, "export", exported.mainFile), "utf8");
    undescribed = planAgainst([], synthesized.json("security"));
    // Awaited by its test; until then, a rejection is not an unhandled one.
    undescribed.catch(() => undefined);
    shared = await sharedPlan();
  }, 900_000);
  afterAll(async () => {
    await Promise.allSettled([undescribed]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe(EXAMPLE, () => {
    test("stack security imports the bus policy and updates it in place, keeping the statements described", async () => {
      expectImportedAndUpdated(shared.result(stackModule(EXAMPLE, "security")), resourcesOf("security"));
      expect(shared.describedBuses).toContain("555555555555/eu-west-1/default");
    });

    test("after the first apply the import block is only a record: a plan against that state imports nothing", async () => {
      const result = shared.result(ADOPTED_MODULES.applied);
      expect(result.diagnostics).toEqual([]);
      expect(result.planOutput).not.toContain("import");
      expect(result.planned).toBe(resourcesOf("security") - 1);
    });

    test("stack security exported as HCL plans the same import and update", async () => {
      expect(hcl).toContain(
        'import {\n  to       = aws_cloudwatch_event_bus_policy.receiver-security-default_bus-policy\n  id       = "default"\n',
      );
      expectImportedAndUpdated(shared.result(ADOPTED_MODULES.hcl), resourcesOf("security"));
    });

    test("stack payments validates without warnings and plans its resources offline", () => {
      const result = shared.result(stackModule(EXAMPLE, "payments"));
      expect(result.diagnostics).toEqual([]);
      expect(result.planOutput).not.toMatch(/Warning:/);
      if (result.planned !== resourcesOf("payments")) throw new Error(`plan did not create the resources:\n${result.planOutput}`);
    });
  });

  test("a kept statement's text is never evaluated: IAM policy variables and template sequences reach the plan as written", async () => {
    const result = shared.result(ADOPTED_MODULES.tagged);
    expect(result.diagnostics).toEqual([]);
    const change = policyChange(result.plan);
    expect(change).toMatchObject({ actions: ["update"], importing: { id: "default" } });
    const tagged = taggedStatement();
    expect(statementsOf(change?.after?.policy)).toEqual([tagged, { ...OURS, Resource: tagged.Resource }]);
  });

  describe("a default bus described with no policy", () => {
    test("is not imported, because Terraform cannot import a policy that does not exist", async () => {
      const result = await undescribed;
      expect(result.planOutput).toContain("Cannot import non-existent remote object");
    });

    test("so its stack creates the policy, with our statements only", async () => {
      expect(adoptedWith(bareBus())).not.toHaveProperty("import");
      const result = shared.result(ADOPTED_MODULES.bare);
      expect(result.diagnostics).toEqual([]);
      if (result.planned !== resourcesOf("security")) throw new Error(`plan did not create the resources:\n${result.planOutput}`);
      expect(statementsOf(policyChange(result.plan)?.after?.policy)).toEqual([OURS]);
    });
  });
}
