/** Command lines, parsed with node:util's parseArgs: what every command shares, and nothing heavier. */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
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

/** This package's root, the folder of its package.json: cli/ from source, dist/cli/ once built. Looked up only under npm. */
let root: string | undefined;
const packageRoot = () => (root ??= resolve(__dirname, existsSync(resolve(__dirname, "..", "package.json")) ? ".." : "../.."));

/** The package's npm scripts that take paths (`npm start -- FILE`, `npm run export -- FILE`...). */
const PATH_SCRIPTS = new Set(["start", "export", "verify", "diagram", "simulate"]);

/**
 * A path as the user meant it: relative to the folder they typed the command in. npm runs a script
 * in the package's root and records where it was invoked in INIT_CWD, so a path after
 * `npm start --` typed in another folder is resolved there, and returned absolute (messages then
 * show where it was looked for). Anywhere else (the installed `eventbridge` command, a user's own
 * npm script, a test) the working folder is the user's, and the path is returned as given.
 */
export function userPath(given: string): string {
  const typedIn = process.env.INIT_CWD;
  if (!typedIn || isAbsolute(given) || !PATH_SCRIPTS.has(process.env.npm_lifecycle_event ?? "")) return given;
  if (resolve(process.cwd()) !== packageRoot() || resolve(typedIn) === packageRoot()) return given;
  return resolve(typedIn, given);
}
