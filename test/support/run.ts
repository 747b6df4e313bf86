import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** The tsx loader, for spawning TypeScript entry points as npm start does. */
export const TSX = pathToFileURL(require.resolve("tsx")).href.replace(/loader\.cjs$/, "loader.mjs");

/** Runs a TypeScript file the way npm start does (transpile-only), from any working folder. */
export function runTypeScript(script: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const run = spawnSync(process.execPath, ["--import", TSX, script, ...args], { encoding: "utf8", ...options });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
