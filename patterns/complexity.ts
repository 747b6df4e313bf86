/** How far a pattern expands once EventBridge compiles it: its `$or` combinations and its wildcard complexity. */
import { NUMERIC_MATCH_LIMIT, ROOT, child, isPlainObject, item } from "./pattern";
import { WildcardMachine, wildcardTokens } from "./wildcard-machine";

/**
 * The sub-patterns `$or` expands the pattern into: each `$or` multiplies the count by the sum of
 * its alternatives' own counts (Event Ruler's JsonRuleCompiler.parseIntoOrRelationship, which
 * copies the rule so far once per alternative). Values in an array do not multiply it: they stay
 * one field of one sub-pattern. Call it on a pattern eventPatternProblems found valid otherwise.
 */
export function orCombinations(pattern: Record<string, unknown>): number {
  let total = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or" && Array.isArray(value)) {
      total *= value.reduce((sum: number, alternative) => sum + (isPlainObject(alternative) ? orCombinations(alternative) : 0), 0);
    } else if (isPlainObject(value)) {
      total *= orCombinations(value);
    }
  }
  return total;
}

interface RuleField {
  /** Where the field's array sits in the pattern, for error messages ("detail.$or[1].key"). */
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One sub-pattern: dotted field names (Ruler's flattened keys) to their value arrays. */
type SubRule = Map<string, RuleField>;

// JsonRuleCompiler.parseObject: nested keys join with "."; a field written again (inside an $or
// alternative, say) replaces the earlier one.
function expand(pattern: Record<string, unknown>, name: string, path: string, rules: SubRule[]): SubRule[] {
  let current = rules;
  for (const [key, value] of Object.entries(pattern)) {
    const valuePath = child(path, key);
    if (key === "$or") {
      current = (value as Array<Record<string, unknown>>).flatMap((alternative, i) =>
        expand(
          alternative,
          name,
          item(valuePath, i),
          current.map((rule) => new Map(rule)),
        ),
      );
      continue;
    }
    const fieldName = name === "" ? key : `${name}.${key}`;
    if (Array.isArray(value)) current.forEach((rule) => rule.set(fieldName, { path: valuePath, values: value }));
    else current = expand(value as Record<string, unknown>, fieldName, valuePath, current);
  }
  return current;
}

/** A Ruler Patterns object, as far as machine building tells them apart. */
interface RulerPattern {
  readonly key: string;
  /** `exists: false`, which Ruler keeps in a name matcher rather than the byte machine. */
  readonly absence?: boolean;
  /** The wildcard values of a `wildcard` or `anything-but: {wildcard}` pattern. */
  readonly wildcards?: readonly string[];
}

// JsonRuleCompiler.writeRules and processMatchExpression. A number becomes two patterns (a numeric
// one, when it fits ComparableNumber's range, and its literal text). Operators are told apart by
// their JSON text; Ruler compares some as numbers or sets, which only matters when one field
// repeats across `$or` alternatives written two ways.
function rulerPatterns(value: unknown): RulerPattern[] {
  if (typeof value === "number") {
    const literal = { key: `literal:${value}` };
    return Math.abs(value) <= NUMERIC_MATCH_LIMIT ? [{ key: `number:${value}` }, literal] : [literal];
  }
  if (!isPlainObject(value)) return [{ key: `literal:${JSON.stringify(value)}` }];
  const [operator, operand] = Object.entries(value)[0];
  if (operator === "wildcard") return [{ key: `wildcard:${operand}`, wildcards: [operand as string] }];
  if (operator === "exists" && operand === false) return [{ key: "absence", absence: true }];
  if (operator === "anything-but" && isPlainObject(operand) && "wildcard" in operand) {
    const wildcards = [...new Set([operand.wildcard].flat() as string[])];
    return [{ key: `anything-but-wildcard:${JSON.stringify([...wildcards].sort())}`, wildcards }];
  }
  return [{ key: `${operator}:${JSON.stringify(operand)}` }];
}

/** A field of a name state: Ruler's ByteMachine (wildcards modelled, other patterns by identity) and NameMatcher. */
class Field {
  readonly values = new Map<string, NameState>();
  readonly wildcards = new WildcardMachine<NameState>();
  absence?: NameState;
  /** The first place a wildcard of this field was written. */
  wildcardPath?: string;

  // ByteMachine.addPattern (and NameMatcher.addPattern): an equal pattern already present keeps
  // its name state; a new one takes the candidate, else a new state.
  add(pattern: RulerPattern, path: string, candidate: NameState | undefined): NameState {
    if (pattern.absence) return (this.absence ??= candidate ?? new NameState());
    if (pattern.wildcards) {
      this.wildcardPath ??= path;
      let next = candidate;
      for (const value of pattern.wildcards) next = this.wildcards.insert(wildcardTokens(value), pattern.key, next, () => new NameState());
      return next as NameState;
    }
    const found = this.values.get(pattern.key);
    if (found) return found;
    const next = candidate ?? new NameState();
    this.values.set(pattern.key, next);
    return next;
  }

  /** The name states the byte machine leads to; the name matcher's are never evaluated. */
  nextStates(): NameState[] {
    return [...this.values.values(), ...this.wildcards.nextStates()];
  }
}

/** Ruler's NameState: the fields still to match after the ones matched so far. */
class NameState {
  readonly fields = new Map<string, Field>();

  // GenericMachine.addStep: the rule's fields in sorted order; the patterns of one field share the
  // name state the first of them leads to, unless a pattern already present leads elsewhere.
  addRule(rule: SubRule, names: readonly string[], index = 0) {
    if (index === names.length) return;
    const { path, values } = rule.get(names[index]) as RuleField;
    let field = this.fields.get(names[index]);
    if (!field) this.fields.set(names[index], (field = new Field()));
    const next = new Set<NameState>();
    let last: NameState | undefined;
    for (const value of values) {
      for (const pattern of rulerPatterns(value)) next.add((last = field.add(pattern, path, last)));
    }
    next.forEach((state) => state.addRule(rule, names, index + 1));
  }
}

export interface WildcardComplexity {
  /** Where the field's wildcard is written. */
  readonly path: string;
  /** The field's complexity, or the first value past the limit found while evaluating it. */
  readonly complexity: number;
}

// NameState.evaluateComplexity and MachineComplexityEvaluator.evaluate: every field machine
// reachable through value matches; stops at the first one past the limit.
function mostComplex(state: NameState, limit: number, seen: Set<NameState>): WildcardComplexity | undefined {
  if (seen.has(state)) return undefined;
  seen.add(state);
  let highest: WildcardComplexity | undefined;
  const pastLimit = (found: WildcardComplexity | undefined) => {
    if (found && found.complexity > (highest?.complexity ?? 0)) highest = found;
    return (highest?.complexity ?? 0) > limit;
  };
  for (const field of state.fields.values()) {
    const path = field.wildcardPath;
    if (path !== undefined && pastLimit({ path, complexity: field.wildcards.complexity(limit) })) return highest;
    for (const next of field.nextStates()) if (pastLimit(mostComplex(next, limit, seen))) return highest;
  }
  return highest;
}

/**
 * The most complex wildcard field of the pattern, as EventBridge measures it before creating a
 * rule: the `$or` sub-patterns that hold a wildcard go into one Event Ruler machine (as the
 * event-ruler README's "limit complexity for a given pattern" example does) and the machine's
 * complexity is evaluated. Undefined when the pattern has no wildcard. Call it on a valid pattern
 * whose `$or` combinations are within the limit.
 */
export function wildcardComplexity(pattern: Record<string, unknown>, limit: number): WildcardComplexity | undefined {
  const root = new NameState();
  for (const rule of expand(pattern, "", ROOT, [new Map()])) {
    const hasWildcard = [...rule.values()].some(({ values }) => values.some((value) => rulerPatterns(value).some((p) => p.wildcards)));
    if (hasWildcard) root.addRule(rule, [...rule.keys()].sort());
  }
  return mostComplex(root, limit, new Set());
}
