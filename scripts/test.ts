/**
 * `npm test`: the type check, the lint step and jest side by side, then the suite's wall time.
 *
 * tsc, ESLint and Prettier take seconds of CPU each and jest mostly waits on Terraform at the start,
 * so they run at once; their caches live in .cache/ (a fresh clone has none, and needs none). The
 * output of each check is printed when it ends; jest prints as it goes. Arguments go to jest.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

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
  { name: "tsc", command: bin("tsc"), args: ["-p", ".", "--incremental", "--tsBuildInfoFile", ".cache/tsc/tsbuildinfo"] },
  { name: "eslint", command: bin("eslint"), args: [".", "--cache", "--cache-location", ".cache/eslint/"] },
  { name: "prettier", command: bin("prettier"), args: ["--check", "**/*.ts", "--cache", "--cache-location", ".cache/prettier"] },
  { name: "jest", command: bin("jest"), args: process.argv.slice(2), live: true },
];

interface Outcome {
  readonly name: string;
  readonly code: number;
  readonly seconds: number;
}

function run(check: Check, started: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { cwd: PROJECT, stdio: check.live ? "inherit" : ["ignore", "pipe", "pipe"] });
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
  const outcomes = await Promise.all(CHECKS.map((check) => run(check, started)));
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  const times = outcomes.map((outcome) => `${outcome.name} ${Math.round(outcome.seconds)} s`).join(", ");
  process.stdout.write(`\nnpm test: ${Math.round((Date.now() - started) / 1000)} s wall (${times})\n`);
  if (failed.length > 0) {
    process.stdout.write(`npm test: failed: ${failed.map((outcome) => outcome.name).join(", ")}\n`);
    process.exitCode = 1;
  }
}

void main();
