import { describeTerraformChecks } from "../support/terraform-checks";
import { EXAMPLES } from "../support/synth";

const COVERED_ELSEWHERE = ["examples/account-grants.json", "examples/organization-grant.json", "examples/everybody-opt-in.json"];

describeTerraformChecks(EXAMPLES.filter((example) => !COVERED_ELSEWHERE.includes(example)));
