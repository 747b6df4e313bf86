#!/usr/bin/env node
/** `eventbridge simulate` and `npm run simulate`. */
import { existsSync, readFileSync } from "node:fs";
import { accountNames } from "../analysis/diagram";
import { TopologyGraph, readTopologyGraph } from "../analysis/model";
import { formatSimulation, simulate } from "../analysis/simulate";
import { forwardWitness } from "../analysis/witness";
import { ACCOUNT_ID, REGION } from "../modules/limits";
import { deeperThan, nestingRule } from "../modules/nesting";
import { didYouMean } from "../modules/suggest";
import { Invocation, commandArguments, parseCommandLine, userPath } from "./arguments";

const usage = (
  invokedAs: Invocation,
) => `usage: ${invokedAs} --event <event.json> --account <name or id> [--region <r>] [--bus <name>] [--dir <dir>] [--expect <target-arn>]...
       ${invokedAs} --witness <forward> [--dir <dir>]
  --witness  print an event that travels the forward's whole path to a final target, as an aws events put-events command
  --event    a sample event (JSON object); account and region are set as PutEvents sets them
  --account  the account that puts the event: its name in the topology, or its 12-digit ID
  --region   its region (default: the account's only region in the stacks)
  --bus      the bus it is put on (default: default)
  --dir      folder of synthesized or exported stacks (default: ./cdktf.out)
  --expect   a target ARN the event must reach; exit 1 when one is not reached`;

/** Follows one sample event through the stacks, rule by rule; exit 1 when an --expect is not reached. */
export function simulateCommand(args: readonly string[], invokedAs: Invocation = "npm run simulate --"): number {
  const usageText = usage(invokedAs);
  const parsed = parseCommandLine(
    args,
    usageText,
    {
      event: { type: "string" },
      account: { type: "string" },
      region: { type: "string" },
      bus: { type: "string", default: "default" },
      dir: { type: "string", default: "cdktf.out" },
      expect: { type: "string", multiple: true, default: [] },
      witness: { type: "string" },
    },
    false,
  );
  if (typeof parsed === "number") return parsed;
  const values = parsed.values as Record<string, string | undefined> & { expect: string[] };
  const problem = (field: string, value: unknown, rule: string) => {
    console.error(`${field}: ${JSON.stringify(value)} is invalid: ${rule}\n${usageText}`);
    return 2;
  };
  const missing = (field: string, takes: string) => {
    console.error(`${field} is missing: it takes ${takes}\n${usageText}`);
    return 2;
  };
  const dir = userPath(values.dir as string);
  const stacks = () => {
    const graph = readTopologyGraph(dir);
    return graph.stacks.length > 0 ? graph : problem("--dir", dir, "must hold synthesized or exported stacks (*.tf.json)");
  };
  if (values.witness !== undefined) {
    if (values.event || values.account) return problem("--witness", values.witness, "takes no --event or --account: it finds the event");
    const graph = stacks();
    return typeof graph === "number" ? graph : printWitness(graph, values.witness);
  }
  if (!values.event) return missing("--event", "a JSON file holding the sample event (--event <event.json>)");
  if (!values.account) return missing("--account", `the account that puts the event, by name or 12-digit ID${accountsIn(dir)}`);
  if (/^\d+$/.test(values.account) && !ACCOUNT_ID.pattern.test(values.account))
    return problem("--account", values.account, ACCOUNT_ID.rule);
  const eventFile = userPath(values.event);
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventFile, "utf8"));
  } catch (error) {
    return problem("--event", eventFile, `must be a readable JSON file (${(error as Error).message})`);
  }
  if (typeof event !== "object" || event === null || Array.isArray(event))
    return problem("--event", eventFile, "the event is a JSON object");
  if (deeperThan(event)) return problem("--event", eventFile, nestingRule("the event"));
  const graph = stacks();
  if (typeof graph === "number") return graph;
  const account = accountIdOf(graph, values.account);
  if (typeof account !== "string") return problem("--account", values.account, account.rule);
  const regions = [...new Set(graph.rules.filter((rule) => rule.at.accountId === account).map((rule) => rule.at.region))];
  const region = values.region ?? (regions.length === 1 ? regions[0] : undefined);
  if (!region || !REGION.pattern.test(region)) {
    return problem(
      "--region",
      values.region ?? null,
      regions.length > 1 ? `the account has rules in ${regions.join(", ")}: name one` : REGION.rule,
    );
  }
  const result = simulate(graph, {
    accountId: account,
    region,
    busName: values.bus as string,
    event: event as Record<string, unknown>,
  });
  console.log(formatSimulation(result));
  let missed = 0;
  for (const expected of values.expect as string[]) {
    const reached = result.delivered.includes(expected);
    if (!reached) missed++;
    console.log(`expect ${expected}: ${reached ? "reached" : "NOT reached"}`);
  }
  return missed > 0 ? 1 : 0;
}

/** Quoted for a POSIX shell: in single quotes, each ' written as '\''. */
const shellQuoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** Prints the forward's witness with its path and a put-events command; 1 when there is none. */
function printWitness(graph: TopologyGraph, forward: string): number {
  const result = forwardWitness(graph, forward);
  if (!("witness" in result)) {
    console.log(`no event of forward ${forward} reaches a final target:\n${result.reasons.map((reason) => `  ${reason}`).join("\n")}`);
    return 1;
  }
  const { hop, entry, unsettable, simulation } = result.witness;
  const { accountId, region } = hop.rule.at;
  console.log(`witness for forward ${forward}: reaches ${simulation.delivered.join(", ")}`);
  console.log(formatSimulation(simulation));
  console.log(`\nput it with credentials of account ${accountId} (PutEvents stamps the account and region):`);
  console.log(`aws events put-events --region ${region} --entries ${shellQuoted(JSON.stringify([entry]))}`);
  // PutEvents refuses a source that starts with "aws.": those are reserved for AWS services (API reference, PutEventsRequestEntry).
  if (entry.Source.startsWith("aws.")) console.log(`note: PutEvents refuses the source ${entry.Source}: only the AWS service sends it`);
  for (const field of unsettable) {
    console.log(`note: the patterns match on the event's ${field}, which PutEvents sets itself: the put event may not match`);
  }
  return 0;
}

/** The accounts of the stacks, by name and ID, for messages. */
const accountList = (graph: TopologyGraph) => [...accountNames(graph)].map(([id, name]) => (name ? `${name} (${id})` : id)).join(", ");

/** "; the accounts are ..." when the folder (--dir, resolved) holds stacks, for the message of a missing --account. */
function accountsIn(folder: string): string {
  const graph = existsSync(folder) ? readTopologyGraph(folder) : undefined;
  return graph && graph.stacks.length > 0 ? `; the accounts are ${accountList(graph)}` : "";
}

/** The account ID of --account: a 12-digit ID as given, or the name of an account of the stacks. */
function accountIdOf(graph: TopologyGraph, given: string): string | { rule: string } {
  if (ACCOUNT_ID.pattern.test(given)) return given;
  const names = [...accountNames(graph)].flatMap(([id, name]) => (name ? [[name, id] as const] : []));
  const found = names.find(([name]) => name === given);
  if (found) return found[1];
  return {
    rule: `name an account of the stacks or give its 12-digit ID; the accounts are ${accountList(graph)}${didYouMean(
      given,
      names.map(([name]) => name),
    )}`,
  };
}

if (require.main === module) process.exitCode = simulateCommand(commandArguments());
