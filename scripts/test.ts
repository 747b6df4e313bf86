/**
 * `npm test`: the type check, the lint step and jest side by side, then the suite's wall time.
 *
 * tsc, ESLint and Prettier take seconds of CPU each and jest mostly waits on Terraform at the start,
 * so they run at once; their caches live in .cache/ (a fresh clone has none, and needs none). The
 * output of each check is printed when it ends; jest prints as it goes. Arguments go to jest.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { TSC } from "./compiler";

const PROJECT = join(__dirname, "..");
const bin = (name: string) => join(PROJECT, "node_modules", ".bin", name);

interface Check {
  readonly name: string;
  readonly command: string;
  readonly args: string[];
  /** Printed as it runs (jest), else when it ends. */
  readonly live?: boolean;
}

const CHECKS: Check[] = [
  { name: "tsc", command: process.execPath, args: [TSC, "-p", ".", "--incremental", "--tsBuildInfoFile", ".cache/tsc/tsbuildinfo"] },
  { name: "eslint", command: bin("eslint"), args: [".", "--cache", "--cache-location", ".cache/eslint/"] },
  { name: "prettier", command: bin("prettier"), args: ["--check", "**/*.ts", "--cache", "--cache-location", ".cache/prettier"] },
  { name: "jest", command: bin("jest"), args: process.argv.slice(2), live: true },
];

/** A memory file system, and the room the tests' scratch folders take there at most (the package test installs 400 MB). */
const MEMORY_FS = "/dev/shm";
const ROOM_NEEDED = 2 * 1024 ** 3;

/**
 * The TMPDIR of the checks: a folder of this run on the memory file system when it has the room, else
 * none (the system's temp folder; a TMPDIR the user set stands). Written to disk, the package test's
 * npm install alone cost 6 s of CPU time more on these machines.
 */
function scratchFolder(): string | undefined {
  if (process.env.TMPDIR) return undefined;
  try {
    const { bavail, bsize } = statfsSync(MEMORY_FS);
    return bavail * bsize >= ROOM_NEEDED ? mkdtempSync(join(MEMORY_FS, "eventbridge-test-")) : undefined;
  } catch {
    return undefined;
  }
}

interface Outcome {
  readonly name: string;
  readonly code: number;
  readonly seconds: number;
}

function run(check: Check, started: number, env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { cwd: PROJECT, env, stdio: check.live ? "inherit" : ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("close", (code, signal) => {
      if (output.trim()) process.stdout.write(`\n${check.name}:\n${output.trimEnd()}\n`);
      resolve({ name: check.name, code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const scratch = scratchFolder();
  if (scratch) {
    process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
    // Interrupted, the checks stop too (one process group); the folder must not outlive them in memory.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(1));
  }
  const env = scratch ? { ...process.env, TMPDIR: scratch } : process.env;
  const outcomes = await Promise.all(CHECKS.map((check) => run(check, started, env)));
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  const times = outcomes.map((outcome) => `${outcome.name} ${Math.round(outcome.seconds)} s`).join(", ");
  process.stdout.write(`\nnpm test: ${Math.round((Date.now() - started) / 1000)} s wall (${times})\n`);
  if (failed.length > 0) {
    process.stdout.write(`npm test: failed: ${failed.map((outcome) => outcome.name).join(", ")}\n`);
    process.exitCode = 1;
  }
}

void main();
