#!/usr/bin/env node
import { parseArgs } from "node:util";
import { formatTable, verifyFolder } from "./analysis/verify";

const USAGE = `usage: npm run verify -- [dir] [--format table|json]
  dir       folder of synthesized or exported stacks (default: ./cdktf.out)
  --format  table (default) or json, for CI
exit 1 when any link is broken`;

function main(): number {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { format: { type: "string", default: "table" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!["table", "json"].includes(args.values.format as string) || args.positionals.length > 1) {
    console.error(`${args.positionals.length > 1 ? "expected at most one folder" : `--format: ${JSON.stringify(args.values.format)} is invalid: the format is table or json`}\n${USAGE}`);
    return 2;
  }
  let verification;
  try {
    verification = verifyFolder(args.positionals[0] ?? "cdktf.out");
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  console.log(args.values.format === "json" ? JSON.stringify(verification, null, 2) : formatTable(verification));
  return verification.errors > 0 ? 1 : 0;
}

process.exitCode = main();
