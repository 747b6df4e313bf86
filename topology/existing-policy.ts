/** Topology resolution, phase 2: the existing policy of an adopted default bus, from `aws events describe-event-bus` output. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_BUS } from "../modules/arns";
import { VerbatimStatement } from "../modules/policy-document";
import { Resolution } from "./context";
import { FieldPath, ResolvedReceiver } from "./resolved";
import { TopologyReceiver } from "./schema";

const DESCRIBE = "aws events describe-event-bus";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The file's statements, or the rule it breaks. */
type Reading = { readonly statements: VerbatimStatement[]; readonly imported: boolean } | { readonly rule: string };

/**
 * What describe-event-bus printed for the receiver's bus: {"Name", "Arn", "Policy": "<policy JSON
 * as a string>"}, with no Policy when the bus has none (EventBridge API reference, DescribeEventBus).
 * The file must describe this receiver's bus, so a file of another account or region is refused.
 */
export function readExistingPolicy(
  ctx: Resolution,
  input: TopologyReceiver,
  busArn: string,
  path: FieldPath,
): ResolvedReceiver["existingPolicy"] {
  const file = input.existingPolicy;
  if (file === undefined) return undefined;
  const reading =
    input.bus === DEFAULT_BUS
      ? readDescribedBus(resolve(ctx.baseDir, file), busArn)
      : {
          rule:
            'a custom bus ({"name": ...}) is created by this stack, so it has no policy before it: existingPolicy adopts the ' +
            'policy of the default bus ("bus": "default")',
        };
  if ("rule" in reading) {
    ctx.problem([...path, "existingPolicy"], file, reading.rule);
    return undefined;
  }
  return reading;
}

function readDescribedBus(file: string, busArn: string): Reading {
  let described: unknown;
  try {
    described = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { rule: `names a file of ${DESCRIBE} output, relative to the topology file: ${file} cannot be read as JSON (${reason})` };
  }
  if (!isObject(described) || typeof described.Arn !== "string") {
    return { rule: `${file} is not what ${DESCRIBE} prints: a JSON object with Name, Arn and, when the bus has a policy, Policy` };
  }
  if (described.Arn !== busArn) {
    return { rule: `${file} describes bus ${described.Arn}, not this receiver's ${busArn}: describe the bus in its account and region` };
  }
  if (described.Policy === undefined) return { statements: [], imported: false };
  return readPolicy(file, described.Policy);
}

function readPolicy(file: string, text: unknown): Reading {
  const where = `Policy in ${file}`;
  let policy: unknown;
  try {
    policy = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    policy = undefined;
  }
  if (!isObject(policy)) return { rule: `${where} is the bus policy as a JSON string, as ${DESCRIBE} prints it` };
  if (policy.Version !== "2012-10-17") {
    return {
      rule:
        `${where} has Version ${JSON.stringify(policy.Version)}: its statements are kept in a policy of Version 2012-10-17, ` +
        "the version this tool writes, where policy variables may read differently; rewrite the bus policy in 2012-10-17 first",
    };
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : isObject(policy.Statement) ? [policy.Statement] : undefined;
  if (!statements) return { rule: `${where} is not a policy document: it has no Statement` };
  const other = statements.findIndex((statement) => !isObject(statement));
  if (other >= 0) return { rule: `${where}: Statement[${other}] is not a JSON object` };
  return { statements: statements as VerbatimStatement[], imported: true };
}
