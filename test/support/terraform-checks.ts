import { StsStandIn, startStsStandIn } from "./sts-stand-in";
import { synthesize } from "./synth";
import { terraformAvailability, validateAndPlan } from "./terraform";

/**
 * Every stack of the given topologies passes terraform validate with no error and no warning,
 * and an offline plan that creates exactly the resources synthesized.
 */
export function describeTerraformChecks(topologies: readonly string[]): void {
  const availability = terraformAvailability();
  if (!availability.ok) {
    process.stderr.write(`terraform checks not run: ${availability.reason}\n`);
    test.skip("terraform validate and plan", () => undefined);
    return;
  }
  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  describe.each(topologies)("%s", (topology) => {
    const synthesized = synthesize(topology);
    test.each(synthesized.stacks.map((stack) => [stack.name, stack.resources] as const))(
      "stack %s validates without warnings and plans %i resources offline",
      async (stack, resources) => {
        const json = synthesized.json(stack);
        const result = await validateAndPlan(json, sts.endpoint);
        expect(result.diagnostics).toEqual([]);
        if (result.planned !== resources) throw new Error(`plan did not create ${resources} resources:\n${result.planOutput}`);
        expect(result.planOutput).not.toMatch(/Warning:/);
        for (const provider of json.provider?.aws ?? []) {
          if ("assume_role" in provider)
            expect(sts.assumedRoles).toContain((provider as { assume_role: { role_arn: string }[] }).assume_role[0].role_arn);
        }
      },
      180_000,
    );
  });
}
