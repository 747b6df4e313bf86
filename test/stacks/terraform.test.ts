/** Every stack of the default and of every example: terraform validate without warnings and an offline plan. */
import { describeTerraformChecks } from "../support/terraform-checks";
import { TOPOLOGIES } from "../support/synth";

describeTerraformChecks(TOPOLOGIES);
