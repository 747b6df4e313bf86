import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopologyFile } from "../../topology/load";
import { DescribedBus, StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { PROJECT, synthesize } from "../support/synth";
import { ShownPlan, StackJson, TerraformResult, terraformAvailability, validateAndPlan } from "../support/terraform";

/**
 * examples/adopt-existing-bus.json planned offline against the bus it describes: the loopback
 * stand-in answers DescribeEventBus with examples/existing-policies/security-default-bus.json, so
 * Terraform itself imports the policy and shows an update in place that keeps every statement
 * others added, and adds ours.
 */
const EXAMPLE = "examples/adopt-existing-bus.json";
const DESCRIBED: DescribedBus = JSON.parse(
  readFileSync(join(PROJECT, "examples", "existing-policies", "security-default-bus.json"), "utf8"),
);
const POLICY = "aws_cloudwatch_event_bus_policy.receiver-security-default_bus-policy";
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

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`terraform checks of the adopted bus not run: ${availability.reason}\n`);
  test.skip("adopting an existing bus: terraform plan", () => undefined);
} else {
  let sts: StsStandIn;
  let dir: string;
  beforeAll(async () => {
    sts = await startStsStandIn();
    dir = mkdtempSync(join(tmpdir(), "eventbridge-adopt-tf-"));
  });
  afterAll(async () => {
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sts.eventBuses.clear();
    sts.eventBuses.set(DESCRIBED.Arn, DESCRIBED);
  });

  const synthesized = synthesize(EXAMPLE);
  const resourcesOf = (name: string) => synthesized.stacks.find((stack) => stack.name === name)?.resources as number;

  describe(EXAMPLE, () => {
    test("stack security imports the bus policy and updates it in place, keeping the statements described", async () => {
      const result = await validateAndPlan(synthesized.json("security"), sts.endpoint, { planJson: true });
      expectImportedAndUpdated(result, resourcesOf("security"));
      expect(sts.describedBuses).toContain("555555555555/eu-west-1/default");
    }, 180_000);

    test("after the first apply the import block is only a record: a plan against that state imports nothing", async () => {
      const json = synthesized.json("security") as StackJson & { resource: Record<string, Record<string, { policy?: string }>> };
      const applied = JSON.stringify({
        version: 4,
        terraform_version: "1.11.0",
        serial: 1,
        lineage: "adopt-existing-bus",
        outputs: {},
        resources: [
          {
            mode: "managed",
            type: "aws_cloudwatch_event_bus_policy",
            name: POLICY.split(".")[1],
            provider: 'provider["registry.terraform.io/hashicorp/aws"].security_eu_west_1',
            instances: [
              {
                schema_version: 0,
                attributes: {
                  id: "default",
                  event_bus_name: "default",
                  policy: json.resource.aws_cloudwatch_event_bus_policy[POLICY.split(".")[1]].policy,
                },
                sensitive_attributes: [],
              },
            ],
          },
        ],
      });
      const result = await validateAndPlan(json, sts.endpoint, { priorState: applied });
      expect(result.diagnostics).toEqual([]);
      expect(result.planOutput).not.toContain("import");
      expect(result.planned).toBe(resourcesOf("security") - 1);
    }, 180_000);

    test("stack security exported as HCL plans the same import and update", async () => {
      const [security] = exportTopology(loadTopologyFile(join(PROJECT, EXAMPLE)), "hcl", "export", dir);
      const hcl = readFileSync(join(dir, "export", security.mainFile), "utf8");
      expect(hcl).toContain(
        'import {\n  to       = aws_cloudwatch_event_bus_policy.receiver-security-default_bus-policy\n  id       = "default"\n',
      );
      const result = await validateAndPlan(synthesized.json("security"), sts.endpoint, { files: { "main.tf": hcl }, planJson: true });
      expectImportedAndUpdated(result, resourcesOf("security"));
    }, 180_000);

    test("stack payments validates without warnings and plans its resources offline", async () => {
      const result = await validateAndPlan(synthesized.json("payments"), sts.endpoint);
      expect(result.diagnostics).toEqual([]);
      expect(result.planOutput).not.toMatch(/Warning:/);
      if (result.planned !== resourcesOf("payments")) throw new Error(`plan did not create the resources:\n${result.planOutput}`);
    }, 180_000);
  });

  /** The example's security stack, synthesized with another described bus in a folder of its own. */
  function adoptedWith(bus: object, name: string): StackJson {
    const topology = JSON.parse(readFileSync(join(PROJECT, EXAMPLE), "utf8"));
    topology.receivers[0].existingPolicy = "bus.json";
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "bus.json"), JSON.stringify(bus));
    writeFileSync(join(dir, name, "topology.json"), JSON.stringify(topology));
    synthesizeTopology(loadTopologyFile(join(dir, name, "topology.json")), "out", join(dir, name));
    return JSON.parse(readFileSync(join(dir, name, "out", "stacks", "security", "cdk.tf.json"), "utf8"));
  }

  test("a kept statement's text is never evaluated: IAM policy variables and template sequences reach the plan as written", async () => {
    const team = {
      Sid: "team-tagged",
      Effect: "Allow",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: DESCRIBED.Arn,
      Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}", "aws:PrincipalTag/note": "100%{x} ${var.y}" } },
    };
    const bus = { ...DESCRIBED, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [team] }) };
    sts.eventBuses.set(DESCRIBED.Arn, bus);
    const result = await validateAndPlan(adoptedWith(bus, "tagged"), sts.endpoint, { planJson: true });
    expect(result.diagnostics).toEqual([]);
    const change = policyChange(result.plan);
    expect(change).toMatchObject({ actions: ["update"], importing: { id: "default" } });
    expect(statementsOf(change?.after?.policy)).toEqual([team, OURS]);
  }, 180_000);

  describe("a default bus described with no policy", () => {
    test("is not imported, because Terraform cannot import a policy that does not exist", async () => {
      sts.eventBuses.clear();
      const result = await validateAndPlan(synthesized.json("security"), sts.endpoint);
      expect(result.planOutput).toContain("Cannot import non-existent remote object");
    }, 180_000);

    test("so its stack creates the policy, with our statements only", async () => {
      sts.eventBuses.clear();
      const { Policy: _policy, ...bare } = DESCRIBED;
      const stack = adoptedWith(bare, "bare");
      expect(stack).not.toHaveProperty("import");
      const result = await validateAndPlan(stack, sts.endpoint, { planJson: true });
      expect(result.diagnostics).toEqual([]);
      if (result.planned !== resourcesOf("security")) throw new Error(`plan did not create the resources:\n${result.planOutput}`);
      expect(statementsOf(policyChange(result.plan)?.after?.policy)).toEqual([OURS]);
    }, 180_000);
  });
}
