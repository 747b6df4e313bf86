import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { loadTopology, parseTopology } from "../../topology/load";
import { ResolvedTopology } from "../../topology/resolve";
import { PROJECT } from "../support/synth";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { PlannedResource, StackJson, terraformAvailability, validateAndPlan } from "../support/terraform";

const fromFile = (file: string) => ({ name: file, load: () => loadTopology(join(PROJECT, file)) });
/** Direct delivery in one stack: every kind of target, its policy or permission, and the permission's wait for the role. */
const DIRECT_IN_ONE_STACK = {
  name: "examples/direct-delivery.json in one stack",
  load: () =>
    parseTopology({ ...JSON.parse(readFileSync(join(PROJECT, "examples", "direct-delivery.json"), "utf8")), state: { layout: "single" } }),
};
// Both layouts and every backend kind (S3 with lock file, S3 with DynamoDB, partial); the default's
// stacks are planned as synthesized in test/stacks.
const TOPOLOGIES = [fromFile("examples/organization-grant.json"), fromFile("examples/many-to-many.json"), DIRECT_IN_ONE_STACK];
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

function exported(topology: ResolvedTopology, format: "json" | "hcl") {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-export-tf-"));
  try {
    const stacks = exportTopology(topology, format, "out", dir);
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

  describe.each(TOPOLOGIES)("export of $name", ({ load }) => {
    const topology = load();
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
