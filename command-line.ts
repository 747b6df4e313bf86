import { ParseArgsConfig, parseArgs } from "node:util";
import { runOnTopology } from "./topology/load";
import { ResolvedTopology } from "./topology/resolve";
import { skipTokenStackTraces } from "./stacks/fast-synthesis";
import { BrokenLinksError } from "./analysis/verify";
import { OutputFolderError } from "./stacks/output-folder";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | undefined>;

/**
 * The shape every command of this project shares: `[topology.json] [--options]`, usage on -h,
 * exit 2 for a malformed command line, exit 1 for bad input (see runOnTopology) or an output folder
 * the tool will not write (see stacks/output-folder.ts), 0 on success.
 */
export function runTopologyCommand(
  usage: string,
  options: Options,
  command: (topology: ResolvedTopology, values: Values, file: string | undefined) => void,
  check: (values: Values) => string | undefined = () => undefined,
): void {
  skipTokenStackTraces();
  process.exitCode = ((): number => {
    let args;
    try {
      args = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } });
    } catch (error) {
      console.error(`${(error as Error).message}\n${usage}`);
      return 2;
    }
    if (args.values.help) {
      console.log(usage);
      return 0;
    }
    const problem = args.positionals.length > 1 ? `expected at most one topology file, got ${args.positionals.length}` : check(args.values);
    if (problem) {
      console.error(`${problem}\n${usage}`);
      return 2;
    }
    try {
      return runOnTopology(args.positionals[0], (topology) => command(topology, args.values, args.positionals[0]));
    } catch (error) {
      if (error instanceof OutputFolderError) console.error(error.message);
      else if (!(error instanceof BrokenLinksError)) throw error;
      return 1;
    }
  })();
}
