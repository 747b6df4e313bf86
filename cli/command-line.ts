/** What the commands share: parsing with node:util, usage, exit codes, input errors on stderr. */
import { ParseArgsConfig, parseArgs } from "node:util";
import { BrokenLinksError } from "../analysis/verify";
import { InvalidInputError } from "../modules/limits";
import { skipTokenStackTraces } from "../framework/fast-synthesis";
import { OutputFolderError } from "../stacks/output-folder";
import { DEFAULT_SOURCE, TopologyError, loadTopology } from "../topology/load";
import { ResolvedTopology } from "../topology/resolve";

type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/** How a command was invoked, for its usage line: "npm start --" or "eventbridge synth". */
export type Invocation = string;

/** The arguments of a command line after the program (and the subcommand). */
export const commandArguments = () => process.argv.slice(2);

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

/**
 * Parses a command line with node:util's parseArgs: usage on -h (exit 0), exit 2 with the usage
 * for a malformed line; otherwise the parsed values and positionals.
 */
export function parseCommandLine(
  args: readonly string[],
  usage: string,
  options: Options,
  allowPositionals: boolean,
): { values: Values; positionals: string[] } | number {
  try {
    const parsed = parseArgs({ args: [...args], allowPositionals, options: { ...options, help: { type: "boolean", short: "h" } } });
    if (parsed.values.help) {
      console.log(usage);
      return 0;
    }
    return parsed as { values: Values; positionals: string[] };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
}

/**
 * The shape every topology command shares: `[topology.json] [--options]`, usage on -h, exit 2 for
 * a malformed command line, exit 1 for bad input (see runOnTopology) or an output folder the tool
 * will not write (see stacks/output-folder.ts), 0 on success.
 */
export function runTopologyCommand(
  args: readonly string[],
  usage: string,
  options: Options,
  command: (topology: ResolvedTopology, values: Values, file: string | undefined) => void,
  check: (values: Values) => string | undefined = () => undefined,
): number {
  skipTokenStackTraces();
  const parsed = parseCommandLine(args, usage, options, true);
  if (typeof parsed === "number") return parsed;
  const problem =
    parsed.positionals.length > 1 ? `expected at most one topology file, got ${parsed.positionals.length}` : check(parsed.values);
  if (problem) {
    console.error(`${problem}\n${usage}`);
    return 2;
  }
  try {
    return runOnTopology(parsed.positionals[0], (topology) => command(topology, parsed.values, parsed.positionals[0]));
  } catch (error) {
    if (error instanceof OutputFolderError) console.error(error.message);
    else if (!(error instanceof BrokenLinksError)) throw error;
    return 1;
  }
}
