/** Loading a topology: JSON, the schema, then resolution; each problem named by field, value and rule. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { MAX_NESTING, deeperThan, nestingRule } from "../modules/nesting";
import { didYouMean } from "../modules/suggest";
import defaultTopology from "./default.json";
import { FieldPath, Problem, ResolvedTopology, formatPath, resolveTopology } from "./resolve";
import { TopologyInput, TopologySchema } from "./schema";
import { keysAllowedAt } from "./schema-keys";

/** Every problem found in one topology, each naming the field, the value and the rule. */
export class TopologyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => `${source}: ${formatPath(p.path)}: ${p.rule}${p.quoted ? "" : ` (${describeValue(p.value)})`}`).join("\n"));
    this.name = "TopologyError";
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value);
  return `got ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`;
}

type ZodIssue = z.core.$ZodIssue;

function toProblems(issues: readonly ZodIssue[], base: FieldPath = []): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = [...base, ...(issue.path as (string | number)[])];
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: [...path, key],
          value: (issue.input as Record<string, unknown> | undefined)?.[key],
          rule:
            "unknown key: a typo is never ignored (see schema/topology.schema.json for the keys allowed here)" +
            didYouMean(key, keysAllowedAt(TopologySchema, path)),
        }));
      case "invalid_union": {
        // A branch that got past the top level is the one the author meant; report its issues.
        const meant = issue.errors.find((branch) => branch.some((inner) => inner.path.length > 0));
        return meant ? toProblems(meant, path) : [{ path, value: issue.input, rule: issue.message }];
      }
      case "invalid_key":
        // A record key that breaks its own rule: report that rule, at the key.
        return toProblems(issue.issues as ZodIssue[], path).map((problem) => ({ ...problem, path, value: issue.input }));
      case "invalid_type":
        if (issue.input === undefined) return [{ path, value: undefined, rule: `is required (${issue.expected})` }];
        return [{ path, value: issue.input, rule: issue.message }];
      default:
        return [{ path, value: issue.input, rule: issue.message }];
    }
  });
}

/**
 * Validates a parsed topology: the schema first, then the cross-references. Files it names
 * (receivers[].existingPolicy) are read relative to baseDir: the topology file's folder when loaded
 * from a file, the working folder by default.
 */
export function parseTopology(input: unknown, source = "topology", baseDir = process.cwd()): ResolvedTopology {
  // Checked before the schema, the validator and the matcher recurse into it.
  const deep = deeperThan(input);
  if (deep) {
    const problem = {
      path: deep.slice(0, SHOWN_DEPTH),
      value: `more than ${MAX_NESTING} levels`,
      rule: nestingRule("a value under this field"),
    };
    throw new TopologyError(source, [problem]);
  }
  const parsed = TopologySchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new TopologyError(source, toProblems(parsed.error.issues));
  const { topology, problems } = resolveTopology(parsed.data, baseDir);
  if (!topology) throw new TopologyError(source, problems);
  return topology;
}

/** How much of the path to a value nested too deep the message prints: the topology's own keys, and a few of the pattern's. */
const SHOWN_DEPTH = 8;

/**
 * Reads a topology file. Read and syntax errors name the file by its resolved path (a relative one
 * is resolved against the working folder) and a syntax error by line and column.
 */
export function loadTopologyFile(file: string): ResolvedTopology {
  const resolved = resolve(file);
  let text: string;
  try {
    text = readFileSync(resolved, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new TopologyError(resolved, [{ path: [], value: file, rule: `cannot be read: ${reason}` }]);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new TopologyError(resolved, [{ path: [], value: undefined, rule: jsonSyntaxRule(text, error as Error), quoted: true }]);
  }
  return parseTopology(input, file, dirname(resolved));
}

/**
 * "is not valid JSON at line 3, column 2: Expected ',' or '}' after property value". Node 20's
 * JSON.parse says "... in JSON at position 11" (Node 22 adds "(line 3 column 2)"), "Unexpected end
 * of JSON input", or "Unexpected token 'x', "..." is not valid JSON" with no position.
 */
function jsonSyntaxRule(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const offset = position !== undefined ? Number(position) : /Unexpected end of JSON input/.test(error.message) ? text.length : undefined;
  const reason = error.message.replace(/ in JSON at position \d+( \(line \d+ column \d+\))?$/, "");
  if (offset === undefined) return `is not valid JSON: ${reason}`;
  const before = text.slice(0, offset).split("\n");
  return `is not valid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${reason}`;
}

/** The topology of a command: the file given, or the embedded default. */
export function loadTopology(file: string | undefined): ResolvedTopology {
  return file ? loadTopologyFile(file) : parseTopology(defaultTopology, DEFAULT_SOURCE);
}

export const DEFAULT_SOURCE = "embedded default topology";

export type { TopologyInput };
