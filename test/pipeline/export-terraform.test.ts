import { EXPORTED, SharedPlan, exportModule, exportedStacks, sharedPlan } from "../support/shared-plans";
import { PlannedResource, terraformAvailability } from "../support/terraform";

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

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`terraform checks of the export not run: ${availability.reason}\n`);
  test.skip("export: terraform init, validate and plan", () => undefined);
} else {
  // Both formats of each stack are modules of one shared root (test/support/shared-plans.ts), planned once.
  let shared: SharedPlan;
  beforeAll(async () => {
    shared = await sharedPlan();
  }, 900_000);

  describe.each(EXPORTED)("export of $name", ({ load, slug }) => {
    const json = exportedStacks(load(), "json");

    test.each(json.map((stack) => [stack.name, stack.resources] as const))(
      "stack %s: both formats init, validate without warnings and plan the same resources offline",
      (name, resources) => {
        const fromJson = shared.result(exportModule("json", slug, name));
        const fromHcl = shared.result(exportModule("hcl", slug, name));
        for (const result of [fromJson, fromHcl]) {
          expect(result.diagnostics).toEqual([]);
          expect(result.planOutput).not.toMatch(/Warning:/);
          if (result.planned !== resources) throw new Error(`plan did not create ${resources} resources:\n${result.planOutput}`);
        }
        expect(comparable(fromHcl.plannedResources)).toEqual(comparable(fromJson.plannedResources));
      },
    );
  });
}
