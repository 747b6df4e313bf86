import { describeTerraformChecks } from "../support/terraform-checks";
import { EXAMPLES } from "../support/synth";

const COVERED_ELSEWHERE = [
  "examples/account-grants.json",
  "examples/organization-grant.json",
  "examples/everybody-opt-in.json",
  // Its first plan imports the bus policy: test/stacks/terraform-adopt.test.ts plans it against the described bus.
  "examples/adopt-existing-bus.json",
];

describeTerraformChecks(EXAMPLES.filter((example) => !COVERED_ELSEWHERE.includes(example)));
