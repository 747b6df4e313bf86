import { describeTerraformChecks } from "../support/terraform-checks";

describeTerraformChecks(["default", "examples/account-grants.json", "examples/organization-grant.json", "examples/everybody-opt-in.json"]);
