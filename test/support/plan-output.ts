/**
 * What `terraform plan -json` says, read back as the checks need it: its diagnostics (those of the
 * validation walk the plan runs first included) and its changes, worded as `terraform plan` words them.
 */
import type { Diagnostic } from "./terraform";

/** One planned change of a resource. */
export interface PlannedChange {
  readonly address: string;
  /** As the plan's JSON names it: create, update, delete, replace, read or no-op. */
  readonly action: string;
  /** The ID it is imported from, when it is. */
  readonly importing?: string;
}

interface PlanMessage {
  readonly type: string;
  readonly diagnostic?: Diagnostic;
  readonly change?: { resource: { addr: string }; action: string; importing?: { id: string } };
}

const messagesOf = (stdout: string): PlanMessage[] =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));

/**
 * The diagnostics of a `-json` command's output. A plan validates its configuration before it plans
 * (Terraform's local backend: "backend/local: running validation operation"), so its diagnostics hold
 * everything `terraform validate` reports. A warning both walks raise is kept once; errors are
 * kept each (identical ones come from instances of the same module, and a failed validation ends the plan).
 */
export function diagnosticsOfLines(stdout: string): Diagnostic[] {
  const seen = new Set<string>();
  return messagesOf(stdout)
    .filter((message) => message.type === "diagnostic")
    .map((message) => message.diagnostic as Diagnostic)
    .filter((diagnostic) => {
      if (diagnostic.severity !== "warning") return true;
      const key = JSON.stringify(diagnostic);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
}

/** The changes of a `terraform plan -json` output. */
export const changesOfLines = (stdout: string): PlannedChange[] =>
  messagesOf(stdout)
    .filter((message) => message.type === "planned_change" && message.change)
    .map(({ change }) => ({
      address: change!.resource.addr,
      action: change!.action,
      ...(change!.importing ? { importing: change!.importing.id } : {}),
    }));

const VERBS: Record<string, string> = {
  create: "will be created",
  update: "will be updated in-place",
  delete: "will be destroyed",
  replace: "must be replaced",
  read: "will be read during apply",
};

function describeChange(change: PlannedChange): string | undefined {
  const imported = change.importing !== undefined ? ` (imported from "${change.importing}")` : "";
  if (change.action === "no-op" || change.action === "noop") {
    return imported ? `  # ${change.address} will be imported${imported}` : undefined;
  }
  return `  # ${change.address} ${VERBS[change.action] ?? change.action}${imported}`;
}

/** A plan as text: its changes, its diagnostics and its summary line, as terraform plan words them; `planned`: a plan was made. */
export function planText(changes: readonly PlannedChange[], diagnostics: readonly Diagnostic[], planned: boolean): string {
  const count = (...actions: string[]) => changes.filter((change) => actions.includes(change.action)).length;
  const imports = changes.filter((change) => change.importing !== undefined).length;
  const counts = `${count("create", "replace")} to add, ${count("update")} to change, ${count("delete", "replace")} to destroy.`;
  const summary = planned ? `Plan: ${imports ? `${imports} to import, ` : ""}${counts}` : "Planning failed: no plan was made.";
  return [
    ...changes.map(describeChange).filter((line): line is string => line !== undefined),
    ...diagnostics.map(
      (diagnostic) => `${diagnostic.severity === "error" ? "Error" : "Warning"}: ${diagnostic.summary}\n\n${diagnostic.detail ?? ""}`,
    ),
    summary,
  ].join("\n");
}
