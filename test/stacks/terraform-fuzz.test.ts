import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeTopology } from "../../stacks/synthesize";
import { parseTopology } from "../../topology/load";
import { topologyArbitrary } from "../support/topology-arbitrary";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { terraformAvailability, validateAndPlan } from "../support/terraform";

/** A generated topology (sampled: a plan costs seconds), in one stack, through terraform validate and plan. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const availability = terraformAvailability();

if (!availability.ok) {
  process.stderr.write(`terraform check of a generated topology not run: ${availability.reason}\n`);
  test.skip("a generated topology validates and plans", () => undefined);
} else {
  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  test("a generated topology validates without warnings and plans offline", async () => {
    const [input] = fc.sample(
      topologyArbitrary.map((topology) => ({ ...topology, state: { layout: "single" as const } })),
      { numRuns: 1, seed: SEED },
    );
    const dir = mkdtempSync(join(tmpdir(), "eventbridge-fuzz-tf-"));
    try {
      const [stack] = synthesizeTopology(parseTopology(input, "generated"), "out", dir);
      const json = JSON.parse(readFileSync(join(dir, "out", stack.file), "utf8"));
      const result = await validateAndPlan(json, sts.endpoint);
      expect(result.diagnostics).toEqual([]);
      if (result.planned !== stack.resources)
        throw new Error(`generated topology ${JSON.stringify(input)} did not plan:\n${result.planOutput}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
}
