/** The export's machine-readable apply order, read by pipelines and by the verifier. */
export const STACKS_FILE = "stacks.json";

export interface StackOrder {
  readonly name: string;
  /** Apply step, from 1: after every stack it depends on. */
  readonly step: number;
  readonly dependencies: readonly string[];
  /** The stack's root module file, relative to the export folder. */
  readonly file: string;
  /** "sha256:<hex>" of that file as written; exports before 0.6.0 record none. */
  readonly digest?: string;
  /** With --changed-since only: the stack is new, or its digest differs from the earlier export's. */
  readonly changed?: boolean;
}

/** stacks.json: only ever gains fields, so readers of earlier exports read later ones. */
export interface StacksFile {
  readonly stacks: readonly StackOrder[];
  /** With --changed-since only: "sha256:<hex>" of the earlier export's stacks.json, as read. */
  readonly changedSince?: string;
  /** With --changed-since only: stacks of the earlier export this one no longer has. */
  readonly removed?: readonly string[];
}
