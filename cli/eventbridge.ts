#!/usr/bin/env node
/** The `eventbridge` command: one subcommand per npm script. */
import { parseArgs } from "node:util";
import { Invocation, commandArguments } from "./arguments";
import { diagram } from "./diagram";
import { exportCommand } from "./export";
import { simulateCommand } from "./simulate";
import { synth } from "./synth";
import { verify } from "./verify";

/** The subcommands of `eventbridge`, each the same command as its npm script, options and exit codes included. */
const SUBCOMMANDS: Record<string, { readonly run: (args: readonly string[], invokedAs: Invocation) => number; readonly summary: string }> =
  {
    synth: { run: synth, summary: "synthesize a topology into cdktf's layout (npm start), then verify it" },
    export: { run: exportCommand, summary: "write one Terraform root module per stack, JSON or HCL (npm run export)" },
    verify: { run: verify, summary: "check the cross-account links of a folder of stacks (npm run verify)" },
    simulate: { run: simulateCommand, summary: "follow a sample event through the stacks (npm run simulate)" },
    diagram: { run: diagram, summary: "draw a folder of stacks as Mermaid, SVG and HTML (npm run diagram)" },
  };

const USAGE = `usage: eventbridge <command> [options]   (eventbridge <command> --help for its options)
${Object.entries(SUBCOMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(9)} ${summary}`)
  .join("\n")}`;

/** Runs `eventbridge <command> ...`: the command is the first argument, the rest is its own. */
export function eventbridge(args: readonly string[]): number {
  const { tokens } = parseArgs({ args: [...args], strict: false, allowPositionals: true, tokens: true });
  const first = tokens[0];
  if (first?.kind !== "positional") {
    const help = first?.kind === "option" && (first.name === "help" || first.name === "h");
    (help ? console.log : console.error)(USAGE);
    return help ? 0 : 2;
  }
  const command = SUBCOMMANDS[first.value];
  if (!command) {
    console.error(`${JSON.stringify(first.value)} is not a command of eventbridge\n${USAGE}`);
    return 2;
  }
  return command.run(args.slice(first.index + 1), `eventbridge ${first.value}`);
}

if (require.main === module) process.exitCode = eventbridge(commandArguments());
