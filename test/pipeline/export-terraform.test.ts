import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { loadTopology } from "../../topology/load";
import { PROJECT } from "../support/synth";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { PlannedResource, StackJson, terraformAvailability, validateAndPlan } from "../support/terraform";

// Both layouts and every backend kind (S3 with lock file, S3 with DynamoDB, partial); the default's
// stacks are planned as synthesized in test/stacks.
const TOPOLOGIES = ["examples/organization-grant.json", "examples/many-to-many.json"];
const DOCUMENTS = ["policy", "assume_role_policy", "event_pattern", "policy_document"];

/** Planned values with JSON documents parsed: HCL's jsonencode orders keys its own way. */
function comparable(resources: readonly PlannedResource[] | undefined) {
  return (resources ?? []).map(({ address, values }) => ({
    address,
    values: Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, DOCUMENTS.includes(key) && typeof value === "string" ? JSON.parse(value) : value]),
    ),
  }));
}

function exported(topology: string, format: "json" | "hcl") {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-export-tf-"));
  try {
    const stacks = exportTopology(loadTopology(topology === "default" ? undefined : join(PROJECT, topology)), format, "out", dir);
    return stacks.map((stack) => ({ ...stack, text: readFileSync(join(dir, "out", stack.mainFile), "utf8") }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`terraform checks of the export not run: ${availability.reason}\n`);
  test.skip("export: terraform init, validate and plan", () => undefined);
} else {
  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  describe.each(TOPOLOGIES)("export of %s", (topology) => {
    const json = exported(topology, "json");
    const hcl = exported(topology, "hcl");

    test.each(json.map((stack, i) => [stack.name, i] as const))(
      "stack %s: both formats init, validate without warnings and plan the same resources offline",
      async (_name, i) => {
        const stackJson = JSON.parse(json[i].text) as StackJson;
        const fromJson = await validateAndPlan(stackJson, sts.endpoint, { files: { "main.tf.json": json[i].text }, planJson: true });
        const fromHcl = await validateAndPlan(stackJson, sts.endpoint, { files: { "main.tf": hcl[i].text }, planJson: true });
        for (const result of [fromJson, fromHcl]) {
          expect(result.diagnostics).toEqual([]);
          expect(result.planOutput).not.toMatch(/Warning:/);
          if (result.planned !== json[i].resources)
            throw new Error(`plan did not create ${json[i].resources} resources:\n${result.planOutput}`);
        }
        expect(comparable(fromHcl.plannedResources)).toEqual(comparable(fromJson.plannedResources));
      },
      180_000,
    );
  });
}
