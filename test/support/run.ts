/** Running the project's commands from tests: in a process of their own, or in the test's process when no process behaviour is checked. */
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { diagram } from "../../cli/diagram";
import { eventbridge } from "../../cli/eventbridge";
import { exportCommand } from "../../cli/export";
import { simulateCommand } from "../../cli/simulate";
import { synth } from "../../cli/synth";
import { verify } from "../../cli/verify";

/** The tsx loader, for spawning TypeScript entry points as npm start does. */
export const TSX = pathToFileURL(require.resolve("tsx")).href.replace(/loader\.cjs$/, "loader.mjs");

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a TypeScript file the way npm start does (transpile-only), from any working folder. */
export function runTypeScript(script: string, args: string[], options: RunOptions): CommandRun {
  const run = spawnSync(process.execPath, ["--import", TSX, script, ...args], { encoding: "utf8", ...options });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

type Command = (args: readonly string[]) => number;

/** The function each entry point runs with its command line (main.ts is `npm start` and the cdktf app). */
const ENTRY_COMMANDS: Record<string, Command> = {
  "main.ts": synth,
  "cli/synth.ts": synth,
  "cli/export.ts": exportCommand,
  "cli/verify.ts": verify,
  "cli/diagram.ts": diagram,
  "cli/simulate.ts": simulateCommand,
  "cli/eventbridge.ts": eventbridge,
};

const PROJECT = join(__dirname, "..", "..");

/**
 * Runs an entry point's command in this process as `runTypeScript` would in its own: in `cwd`, with
 * `env` as the whole environment, stdout and stderr captured, an uncaught error printed and exit
 * code 1 as node does. A process costs half a second of CPU, mostly loading modules this process has
 * loaded already; tests of what only a process shows (signals, runs side by side, npm's wiring, the
 * loader) spawn one with runTypeScript.
 */
export function runCommand(script: string, args: string[], options: RunOptions): CommandRun {
  const command = ENTRY_COMMANDS[relative(PROJECT, script)];
  if (!command) throw new Error(`${script} is not an entry point of the project`);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const into =
    (lines: string[]) =>
    (...values: unknown[]) =>
      void lines.push(`${format(...values)}\n`);
  const spies = [
    jest.spyOn(console, "log").mockImplementation(into(stdout)),
    jest.spyOn(console, "info").mockImplementation(into(stdout)),
    jest.spyOn(console, "warn").mockImplementation(into(stderr)),
    jest.spyOn(console, "error").mockImplementation(into(stderr)),
  ];
  const [cwd, env, exitCode] = [process.cwd(), process.env, process.exitCode];
  process.chdir(options.cwd);
  process.env = { ...(options.env ?? env) };
  try {
    return { code: command(args), stdout: stdout.join(""), stderr: stderr.join("") };
  } catch (error) {
    return { code: 1, stdout: stdout.join(""), stderr: `${stderr.join("")}${(error as Error).stack ?? error}\n` };
  } finally {
    process.chdir(cwd);
    process.env = env;
    process.exitCode = exitCode;
    for (const spy of spies) spy.mockRestore();
  }
}
