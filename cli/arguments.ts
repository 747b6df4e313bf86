/** Command lines, parsed with node:util's parseArgs: what every command shares, and nothing heavier. */
import { ParseArgsConfig, parseArgs } from "node:util";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/** How a command was invoked, for its usage line: "npm start --" or "eventbridge synth". */
export type Invocation = string;

/** The arguments of a command line after the program (and the subcommand). */
export const commandArguments = () => process.argv.slice(2);

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
