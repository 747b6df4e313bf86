#!/usr/bin/env node
/** `eventbridge verify` and `npm run verify`. */
import { formatTable, verifyFolder } from "../analysis/verify";
import { Invocation, commandArguments, parseCommandLine, userPath } from "./arguments";

const usage = (invokedAs: Invocation) => `usage: ${invokedAs} [dir] [--format table|json]
  dir       folder of synthesized or exported stacks (default: ./cdktf.out)
  --format  table (default) or json, for CI
exit 1 when any link is broken`;

/** Checks the cross-account links of a folder of stacks; exit 1 on errors. */
export function verify(args: readonly string[], invokedAs: Invocation = "npm run verify --"): number {
  const parsed = parseCommandLine(args, usage(invokedAs), { format: { type: "string", default: "table" } }, true);
  if (typeof parsed === "number") return parsed;
  if (!["table", "json"].includes(parsed.values.format as string) || parsed.positionals.length > 1) {
    const problem =
      parsed.positionals.length > 1
        ? "expected at most one folder"
        : `--format: ${JSON.stringify(parsed.values.format)} is invalid: the format is table or json`;
    console.error(`${problem}\n${usage(invokedAs)}`);
    return 2;
  }
  let verification;
  try {
    verification = verifyFolder(userPath(parsed.positionals[0] ?? "cdktf.out"));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  console.log(parsed.values.format === "json" ? JSON.stringify(verification, null, 2) : formatTable(verification));
  return verification.errors > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = verify(commandArguments());
