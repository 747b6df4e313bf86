/** Verification of a folder of stacks: the findings, their counts and how they are printed. */
import { existsSync } from "node:fs";
import { Finding, verifyGraph } from "./checks";
import { readTopologyGraph } from "./model";

/** Synthesis succeeded but the links it wrote do not work; the findings were printed. */
export class BrokenLinksError extends Error {
  constructor() {
    super("the synthesized stacks have broken cross-account links");
  }
}

export interface Verification {
  readonly stacks: number;
  readonly targets: number;
  readonly findings: Finding[];
  readonly errors: number;
  readonly warnings: number;
}

/** Reads every stack of a folder and checks the cross-account links between them. */
export function verifyFolder(dir: string): Verification {
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder (synthesize first: npm start)`);
  const graph = readTopologyGraph(dir);
  if (graph.stacks.length === 0) throw new Error(`${dir}: holds no Terraform JSON (*.tf.json)`);
  const findings = verifyGraph(graph);
  return {
    stacks: graph.stacks.length,
    targets: graph.targets.length,
    findings,
    errors: findings.filter((finding) => finding.severity === "error").length,
    warnings: findings.filter((finding) => finding.severity === "warning").length,
  };
}

export function summary(verification: Verification): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return (
    `verify: ${count(verification.stacks, "stack")}, ${count(verification.targets, "target")}: ` +
    `${count(verification.errors, "error")}, ${count(verification.warnings, "warning")}`
  );
}

/** Human-readable: one block per finding, then the summary line. */
export function formatTable(verification: Verification): string {
  const blocks = verification.findings.map((finding) =>
    [
      `${finding.severity.toUpperCase()} ${finding.check}  ${finding.stack}  ${finding.address}`,
      `  ${finding.message}`,
      `  fix: ${finding.fix}`,
    ].join("\n"),
  );
  return [...blocks, summary(verification)].join("\n");
}
