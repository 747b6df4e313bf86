/** The verifier: every check, one per id, over the cross-account graph. */
import { DIRECT_CHECKS } from "./direct-checks";
import { Check, Finding } from "./finding";
import { FLOW_CHECKS } from "./flow-checks";
import { LINK_CHECKS } from "./link-checks";
import { TopologyGraph } from "./model";
import { RESOURCE_CHECKS } from "./resource-checks";

export type { Check, Finding, Severity } from "./finding";

/** Every check of the verifier, one per check id (README, "Checking the wiring before deploy"). */
export const CHECKS: readonly Check[] = [...LINK_CHECKS, ...FLOW_CHECKS, ...DIRECT_CHECKS, ...RESOURCE_CHECKS];

/** Checks every link of the graph; findings in a stable order (stack, address, check). */
export function verifyGraph(graph: TopologyGraph): Finding[] {
  return CHECKS.flatMap((check) => check.run(graph)).sort(
    (a, b) => a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address) || a.check.localeCompare(b.check),
  );
}
