import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeTopology } from "../../stacks/synthesize";
import { parseTopology } from "../../topology/load";
import { GENERATED_MODULE, SharedPlan, generatedTopology, sharedPlan } from "../support/shared-plans";
import { terraformAvailability } from "../support/terraform";

/** A generated topology (sampled: one plan of it), in one stack, through terraform validate and plan. */
const availability = terraformAvailability();

if (!availability.ok) {
  process.stderr.write(`terraform check of a generated topology not run: ${availability.reason}\n`);
  test.skip("a generated topology validates and plans", () => undefined);
} else {
  // Its stack is a module of a root shared with other tests (test/support/shared-plans.ts), planned once.
  let shared: SharedPlan;
  beforeAll(async () => {
    shared = await sharedPlan();
  }, 900_000);

  test("a generated topology validates without warnings and plans offline", () => {
    const input = generatedTopology();
    const dir = mkdtempSync(join(tmpdir(), "eventbridge-fuzz-tf-"));
    try {
      const [stack] = synthesizeTopology(parseTopology(input, "generated"), "out", dir);
      const result = shared.result(GENERATED_MODULE);
      expect(result.diagnostics).toEqual([]);
      if (result.planned !== stack.resources)
        throw new Error(`generated topology ${JSON.stringify(input)} did not plan:\n${result.planOutput}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
