/** The export's machine-readable apply order, read by pipelines and by the verifier. */
export const STACKS_FILE = "stacks.json";

export interface StackOrder {
  readonly name: string;
  /** Apply step, from 1: after every stack it depends on. */
  readonly step: number;
  readonly dependencies: readonly string[];
  /** The stack's root module file, relative to the export folder. */
  readonly file: string;
}
