import { TopologyError, parseTopology } from "../../topology/load";
import { Problem, formatPath } from "../../topology/resolve";

/** A topology input, loosely typed so a test can break it in any way. */
export type Input = any;

/** The problems of a broken copy of `base`; fails when the copy parses. */
export function problemsOf(base: object, mutate: (input: Input) => void): { error: TopologyError; problems: readonly Problem[] } {
  const input: Input = structuredClone(base);
  mutate(input);
  let caught: unknown;
  try {
    parseTopology(input, "t.json");
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error("expected the topology to be rejected, but it parsed");
  expect(caught).toBeInstanceOf(TopologyError);
  const error = caught as TopologyError;
  return { error, problems: error.problems };
}

/**
 * Breaks one thing in a copy of `base` and asserts that some problem names exactly that field,
 * the bad value and the rule, and that the message prints all three.
 */
export function rejectsFrom(
  base: object,
  mutate: (input: Input) => void,
  expectedPath: string,
  expectedValue: unknown,
  rulePhrase: string,
): Problem {
  const { error, problems } = problemsOf(base, mutate);
  const atPath = problems.filter((p) => formatPath(p.path) === expectedPath);
  const described = problems.map((p) => `${formatPath(p.path)}: ${p.rule}`).join("\n");
  if (atPath.length === 0) throw new Error(`no problem at ${expectedPath}; problems were:\n${described}`);
  const match = atPath.find((p) => p.rule.includes(rulePhrase));
  if (!match) throw new Error(`no problem at ${expectedPath} mentions ${JSON.stringify(rulePhrase)}; problems were:\n${described}`);
  expect(match.value).toEqual(expectedValue);
  const line = error.message.split("\n").find((l) => l.startsWith(`t.json: ${expectedPath}: `) && l.includes(rulePhrase));
  expect(line).toBeDefined();
  // A pattern's reasons name the values they refuse; its message then ends with the pattern as written.
  expect(line).toMatch(match.value === undefined ? /\(missing\)$/ : /\((got|the pattern:) .+\)$/);
  return match;
}
