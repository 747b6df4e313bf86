/** Every stack of the default and of every example: no warning in validation, and an offline plan. */
import { VALIDATION_CANARY_MODULE, sharedPlan } from "../support/shared-plans";
import { describeTerraformChecks } from "../support/terraform-checks";
import { TOPOLOGIES } from "../support/project";
import { terraformAvailability } from "../support/terraform";

describeTerraformChecks(TOPOLOGIES);

if (terraformAvailability().ok) {
  test("the plan's diagnostics hold what terraform validate warns about: a deprecated argument", async () => {
    const result = (await sharedPlan()).result(VALIDATION_CANARY_MODULE);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        summary: "Argument is deprecated",
        address: expect.stringMatching(/aws_iam_role\.canary$/),
      }),
    ]);
    expect(result.planOutput).toContain("Warning: Argument is deprecated\n\nmanaged_policy_arns is deprecated.");
  }, 900_000);
}
