/** What a verifier check reports, and the shape of a check. */
import { Located, TopologyGraph } from "./model";

export type Severity = "error" | "warning";

/** One broken or risky link: where it is, what is wrong, and what to do. */
export interface Finding {
  readonly severity: Severity;
  readonly check: string;
  readonly stack: string;
  readonly address: string;
  readonly message: string;
  readonly fix: string;
}

/** One check, in the style of cdk-nag's rules: an id, and what it finds in a graph. */
export interface Check {
  readonly id: string;
  readonly run: (graph: TopologyGraph) => Finding[];
}

/** A finding of check `id` at a resource. */
export const finding = (id: string, severity: Severity, where: Located, message: string, fix: string): Finding => ({
  severity,
  check: id,
  stack: where.stack,
  address: where.address,
  message,
  fix,
});

// The fields PutEvents lets a caller set, and what PutEvents stamps; the id, version and time of a witness are placeholders.
const SHOWN = ["source", "detail-type", "account", "region", "resources", "detail"];

/** A witness event for messages: its fields that patterns usually read. */
export const showEvent = (event: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(SHOWN.filter((key) => key in event).map((key) => [key, event[key]])));
