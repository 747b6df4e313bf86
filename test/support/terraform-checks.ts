/** The per-stack Terraform checks of the default and the examples, read from the shared plan of every stack. */
import { SharedPlan, sharedPlan, stackModule } from "./shared-plans";
import { synthesize } from "./synth";
import { terraformAvailability } from "./terraform";

/**
 * Every stack of the given topologies passes terraform validate with no error and no warning, and an
 * offline plan that creates exactly the resources synthesized. All stacks are child modules of one root
 * module, planned once; each test reads its own module's diagnostics, planned resources and warnings.
 * A stack with an import block plans an import and an update, not only creations: test/stacks/terraform-adopt.test.ts checks it.
 */
export function describeTerraformChecks(topologies: readonly string[]): void {
  const availability = terraformAvailability();
  if (!availability.ok) {
    process.stderr.write(`terraform checks not run: ${availability.reason}\n`);
    test.skip("terraform validate and plan", () => undefined);
    return;
  }
  let shared: SharedPlan;
  beforeAll(async () => {
    shared = await sharedPlan();
  }, 900_000);

  describe.each(topologies)("%s", (topology) => {
    const synthesized = synthesize(topology);
    const planned = synthesized.stacks.filter((stack) => !("import" in synthesized.json(stack.name)));
    test.each(planned.map((stack) => [stack.name, stack.resources] as const))(
      "stack %s validates without warnings and plans %i resources offline",
      (stack, resources) => {
        const json = synthesized.json(stack);
        const result = shared.result(stackModule(topology, stack));
        expect(result.diagnostics).toEqual([]);
        if (result.planned !== resources) throw new Error(`plan did not create ${resources} resources:\n${result.planOutput}`);
        expect(result.planOutput).not.toMatch(/Warning:/);
        for (const provider of json.provider?.aws ?? []) {
          if ("assume_role" in provider)
            expect(shared.assumedRoles).toContain((provider as { assume_role: { role_arn: string }[] }).assume_role[0].role_arn);
        }
      },
    );
  });
}
