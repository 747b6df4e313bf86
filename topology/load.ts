/** Loading a topology: JSON, the schema, then resolution; each problem named by field, value and rule. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import defaultTopology from "./default.json";
import { FieldPath, Problem, ResolvedTopology, formatPath, resolveTopology } from "./resolve";
import { TopologyInput, TopologySchema } from "./schema";

/** Every problem found in one topology, each naming the field, the value and the rule. */
export class TopologyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => `${source}: ${formatPath(p.path)}: ${p.rule} (${describeValue(p.value)})`).join("\n"));
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
          rule: "unknown key: a typo is never ignored (see schema/topology.schema.json for the keys allowed here)",
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
  const parsed = TopologySchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new TopologyError(source, toProblems(parsed.error.issues));
  const { topology, problems } = resolveTopology(parsed.data, baseDir);
  if (!topology) throw new TopologyError(source, problems);
  return topology;
}

export function loadTopologyFile(file: string): ResolvedTopology {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new TopologyError(file, [{ path: [], value: file, rule: `cannot be read: ${(error as Error).message}` }]);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new TopologyError(file, [{ path: [], value: undefined, rule: `is not valid JSON: ${(error as Error).message}` }]);
  }
  return parseTopology(input, file, dirname(resolve(file)));
}

/** The topology of a command: the file given, or the embedded default. */
export function loadTopology(file: string | undefined): ResolvedTopology {
  return file ? loadTopologyFile(file) : parseTopology(defaultTopology, DEFAULT_SOURCE);
}

export const DEFAULT_SOURCE = "embedded default topology";

export type { TopologyInput };
