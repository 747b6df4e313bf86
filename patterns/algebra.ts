/**
 * Event patterns as sets of events: whether some event matches several patterns at once
 * (intersection), and whether every event of some patterns matches one of others (subsumption).
 *
 * Each answer is "yes", "no" or "unknown". A witness event comes with every answer that has one
 * (an event matching all patterns of an intersection; an event matching the inner patterns and
 * none of the outer ones against a subsumption), and the matcher confirms it before it is
 * returned: a witness the matcher refuses turns the answer into "unknown". The other answers (no
 * common event; every event is covered) come with a reason, built only from proofs that hold for
 * every event (patterns/terms.ts), never from a failed search. The events are EventBridge events
 * (patterns/fields.ts): a pattern that needs a field they never have matches none.
 */
import { matchesValidPattern, patternAlternatives } from "./match";
import { EventPattern } from "./pattern";
import { Alternative, Clause, FieldValue, buildEvent, merge, solveField } from "./fields";
import { classify, singleton } from "./terms";
import { eventPatternProblems } from "./validate";
import { counterexample, coveredByAny } from "./subsumption";

export type Answer =
  | { readonly answer: "yes" | "no"; readonly reason: string; readonly witness?: Record<string, unknown> }
  | { readonly answer: "unknown"; readonly reason: string; readonly witness?: undefined };

/** The most alternative combinations tried before answering "unknown". */
const MAX_TUPLES = 5000;

const shared = (a: string, b: string) => {
  const [x, y] = [a.split("."), b.split(".")];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
};

const alternativesOf = new WeakMap<object, Alternative[]>();

/** The pattern's alternatives with classified values (cached per pattern object). */
function alternatives(pattern: EventPattern): Alternative[] {
  let found = alternativesOf.get(pattern);
  if (!found) {
    found = patternAlternatives(pattern).map((fields) => {
      const names = [...fields.keys()];
      return new Map(
        [...fields].map(([name, values]) => [
          name,
          { values: values.map(classify), isolated: names.every((other) => other === name || shared(name, other) < 2) },
        ]),
      );
    });
    alternativesOf.set(pattern, found);
  }
  return found;
}

/** Every combination of one alternative per pattern, or undefined beyond MAX_TUPLES. */
function tuples(patterns: readonly EventPattern[]): Alternative[][] | undefined {
  const lists = patterns.map(alternatives);
  if (lists.reduce((product, list) => product * list.length, 1) > MAX_TUPLES) return undefined;
  return lists.reduce<Alternative[][]>((acc, list) => acc.flatMap((tuple) => list.map((alternative) => [...tuple, alternative])), [[]]);
}

type TupleSolution = { readonly values: Map<string, FieldValue> } | { readonly none: string } | "unknown";

/** The field values of an event matching every alternative of the tuple, a proof that none does, or "unknown". */
function solveTuple(tuple: readonly Alternative[]): TupleSolution {
  const values = new Map<string, FieldValue>();
  let unknown = false;
  // Names with a clause of exact values first: they decide quickly, often "no".
  const finite = (clauses: readonly Clause[]) => Number(clauses.some((clause) => clause.values.every((value) => singleton(value.term))));
  const finiteFirst = [...merge(tuple)].sort(([, a], [, b]) => finite(b) - finite(a));
  for (const [name, clauses] of finiteFirst) {
    const solved = solveField(name, clauses);
    if (solved === "unknown") unknown = true;
    else if ("none" in solved) return solved;
    else values.set(name, solved.value);
  }
  return unknown ? "unknown" : { values };
}

const validity = new WeakMap<object, boolean>();

// Checked once per pattern object: the verifier compares each receiving rule with every forward into its bus.
function isValid(pattern: EventPattern): boolean {
  let valid = validity.get(pattern);
  if (valid === undefined) {
    valid = eventPatternProblems(pattern, { maxPatternLength: Infinity }).length === 0;
    validity.set(pattern, valid);
  }
  return valid;
}

/** Why a pattern is not reasoned about: EventBridge refuses it, so it matches nothing and is reported elsewhere. */
function invalidReason(patterns: readonly EventPattern[]): string | undefined {
  const invalid = patterns.find((pattern) => !isValid(pattern));
  return invalid ? `the pattern ${JSON.stringify(invalid)} is invalid` : undefined;
}

// The patterns were found valid (invalidReason) before any witness is built.
const confirmed = (event: Record<string, unknown> | undefined, all: readonly EventPattern[], none: readonly EventPattern[] = []) =>
  event !== undefined && all.every((pattern) => matchesValidPattern(pattern, event)) && !none.some((p) => matchesValidPattern(p, event));

/** Whether some event matches every one of the patterns (an empty list: every event does). */
export function intersection(patterns: readonly EventPattern[]): Answer {
  const invalid = invalidReason(patterns);
  if (invalid) return { answer: "unknown", reason: invalid };
  const all = tuples(patterns);
  if (!all) return { answer: "unknown", reason: `more than ${MAX_TUPLES} combinations of $or alternatives` };
  const reasons: string[] = [];
  let unknown: string | undefined;
  for (const tuple of all) {
    const solution = solveTuple(tuple);
    if (solution === "unknown") {
      unknown ??= "some operators cannot be compared exactly (for example two wildcards, or cidr against a prefix)";
      continue;
    }
    if ("none" in solution) {
      reasons.push(solution.none);
      continue;
    }
    const witness = buildEvent(solution.values);
    if (witness && confirmed(witness, patterns)) return { answer: "yes", reason: "the witness matches every pattern", witness };
    unknown ??= "a candidate event failed the matcher (arrays or nested fields that patterns use differently)";
  }
  if (unknown) return { answer: "unknown", reason: unknown };
  return { answer: "no", reason: [...new Set(reasons)].join("; ") };
}

/** Whether some event matches both patterns. */
export const intersects = (a: EventPattern, b: EventPattern) => intersection([a, b]);

/**
 * Whether every event that matches all the inner patterns matches one of the outer patterns. "no"
 * comes with a counterexample (matches every inner pattern and no outer one); "yes" with the reason.
 */
export function subsumption(inner: readonly EventPattern[], outer: readonly EventPattern[]): Answer {
  const invalid = invalidReason([...inner, ...outer]);
  if (invalid) return { answer: "unknown", reason: invalid };
  const all = tuples(inner);
  const outerAlternatives = outer.flatMap(alternatives);
  if (!all || all.length * Math.max(1, outerAlternatives.length) > MAX_TUPLES * 10)
    return { answer: "unknown", reason: "too many combinations of $or alternatives" };
  let proven = true;
  for (const tuple of all) {
    const solution = solveTuple(tuple);
    if (solution !== "unknown" && "none" in solution) continue;
    if (solution !== "unknown") {
      const witness = counterexample(tuple, solution.values, outerAlternatives, buildEvent);
      if (witness && confirmed(witness, inner, outer)) {
        return { answer: "no", reason: "the witness matches the inner patterns and none of the outer ones", witness };
      }
    }
    if (!coveredByAny(tuple, outerAlternatives)) proven = false;
  }
  return proven
    ? { answer: "yes", reason: "every alternative of the inner patterns lies within an alternative of the outer ones, or matches nothing" }
    : { answer: "unknown", reason: "no counterexample was found, and no outer alternative was proven to cover every inner one" };
}

/** Whether every event matching `a` matches `b`. */
export const isSubsumed = (a: EventPattern, b: EventPattern) => subsumption([a], [b]);
