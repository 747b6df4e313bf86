/** What the topology commands share: exit codes, input errors on stderr, output folders refused. */
import { Options, Values, parseCommandLine, userPath } from "./arguments";
import { BrokenLinksError } from "../analysis/verify";
import { InvalidInputError } from "../modules/limits";
import { speedUpSynthesis } from "../framework/fast-synthesis";
import { ChangedSinceError } from "../pipeline/changes";
import { OutputFolderError } from "../stacks/output-folder";
import { DEFAULT_SOURCE, TopologyError, loadTopology } from "../topology/load";
import { ResolvedTopology } from "../topology/resolve";

/**
 * Runs a command on the topology of `file`. Bad input is printed on stderr, every problem with its
 * field, value and rule, and gives exit code 1; the command has not run, so it wrote nothing.
 */
export function runOnTopology(file: string | undefined, command: (topology: ResolvedTopology) => void): number {
  try {
    command(loadTopology(file));
    return 0;
  } catch (error) {
    if (error instanceof TopologyError) console.error(error.message);
    else if (error instanceof InvalidInputError) console.error(`${file ?? DEFAULT_SOURCE}: ${error.message}`);
    else throw error;
    return 1;
  }
}

/** The options of topology commands that name files or folders: resolved where the user typed them (see userPath). */
const PATH_OPTIONS = ["out", "changed-since"];

/**
 * The shape every topology command shares: `[topology.json] [--options]`, usage on -h, exit 2 for
 * a malformed command line, exit 1 for bad input (see runOnTopology), an output folder the tool
 * will not write (see stacks/output-folder.ts) or an earlier export it cannot compare with, 0 on success.
 */
export function runTopologyCommand(
  args: readonly string[],
  usage: string,
  options: Options,
  command: (topology: ResolvedTopology, values: Values, file: string | undefined) => void,
  check: (values: Values) => string | undefined = () => undefined,
): number {
  speedUpSynthesis();
  const parsed = parseCommandLine(args, usage, options, true);
  if (typeof parsed === "number") return parsed;
  const problem =
    parsed.positionals.length > 1 ? `expected at most one topology file, got ${parsed.positionals.length}` : check(parsed.values);
  if (problem) {
    console.error(`${problem}\n${usage}`);
    return 2;
  }
  const file = parsed.positionals[0] === undefined ? undefined : userPath(parsed.positionals[0]);
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([key, value]) => [
      key,
      PATH_OPTIONS.includes(key) && typeof value === "string" ? userPath(value) : value,
    ]),
  );
  try {
    return runOnTopology(file, (topology) => command(topology, values, file));
  } catch (error) {
    if (error instanceof OutputFolderError || error instanceof ChangedSinceError) console.error(error.message);
    else if (!(error instanceof BrokenLinksError)) throw error;
    return 1;
  }
}
