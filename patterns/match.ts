/**
 * Amazon EventBridge content filtering: decides whether an event matches an event pattern, and
 * why EventBridge would refuse a pattern, without calling AWS.
 *
 * The semantics follow the EventBridge user guide (event patterns, comparison operators, arrays,
 * null values); where the guide is silent they follow Event Ruler, the open-source matching engine
 * EventBridge runs, so that the answer is the one `TestEventPattern` gives:
 *
 * - The event and every sub-pattern are flattened into dotted field names (`detail.state`); a
 *   pattern field matches when any one of the event's leaf values under that name matches any one
 *   of the pattern's values. Objects are never leaf values, and an empty array holds none.
 * - Fields are ANDed, values in a pattern array are ORed, and `$or` forks the pattern into
 *   alternatives.
 * - Matches are array-consistent: two fields of one pattern cannot be satisfied by different
 *   elements of the same array in the event.
 * - `exists: false` holds when no leaf value is present under that name (checked, as Event Ruler
 *   does, against the fields chosen for the pattern's earlier names in sorted order).
 */
import { cidrRange, compareBytes, inRange, looksLikeIp, parseIp } from "./addresses";
import { EventPattern, Leaf, NUMERIC_MATCH_LIMIT, isPlainObject } from "./pattern";
import { endsWithIgnoreCase, equalsIgnoreCase, startsWithIgnoreCase, wildcardMatches, wildcardSegments } from "./text";
import { eventPatternProblems } from "./validate";

type Predicate = (value: Leaf) => boolean;

interface FieldRule {
  /** The field matches when one of its leaf values satisfies one of these. */
  readonly predicates: Predicate[];
  /** `exists: false` is among the values: the field also matches when it is absent. */
  readonly allowsAbsence: boolean;
}

type SubRule = Map<string, FieldRule>;

function exactPredicate(expected: Leaf): Predicate {
  if (typeof expected === "string") {
    // A value that is an IP address matches the same address however it is written.
    const address = looksLikeIp(expected) ? parseIp(expected) : undefined;
    if (address) {
      return (value) => value === expected || (typeof value === "string" && looksLikeIp(value) && compareIp(parseIp(value), address));
    }
  }
  // JSON types are distinct: "5" is not 5, "true" is not true, "" is not null. Numbers compare
  // by value, so 5 matches 5.0.
  return (value) => value === expected;
}

const compareIp = (value: readonly number[] | undefined, address: readonly number[]) =>
  value !== undefined && value.length === address.length && compareBytes(value, address) === 0;

const isNumberInRange = (value: Leaf): value is number =>
  typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= NUMERIC_MATCH_LIMIT;

function numericPredicate(terms: readonly unknown[]): Predicate {
  const checks: Array<(value: number) => boolean> = [];
  for (let i = 0; i < terms.length; i += 2) {
    const operand = terms[i + 1] as number;
    switch (terms[i]) {
      case "=":
        checks.push((value) => value === operand);
        break;
      case "<":
        checks.push((value) => value < operand);
        break;
      case "<=":
        checks.push((value) => value <= operand);
        break;
      case ">":
        checks.push((value) => value > operand);
        break;
      case ">=":
        checks.push((value) => value >= operand);
        break;
    }
  }
  return (value) => isNumberInRange(value) && checks.every((check) => check(value));
}

function anythingButPredicate(spec: unknown): Predicate {
  if (isPlainObject(spec)) {
    const [operator] = Object.keys(spec);
    const inner = spec[operator];
    const texts = (Array.isArray(inner) ? inner : [inner]) as string[];
    let excluded: (value: string) => boolean;
    switch (operator) {
      case "prefix":
        excluded = (value) => texts.some((text) => value.startsWith(text));
        break;
      case "suffix":
        excluded = (value) => texts.some((text) => value.endsWith(text));
        break;
      case "equals-ignore-case":
        excluded = (value) => texts.some((text) => equalsIgnoreCase(value, text));
        break;
      default: {
        const wildcards = texts.map(wildcardSegments);
        excluded = (value) => wildcards.some((segments) => wildcardMatches(segments, value));
      }
    }
    // The inner operators only apply to strings, so any other present value is "anything but".
    return (value) => !(typeof value === "string" && excluded(value));
  }
  const values = (Array.isArray(spec) ? spec : [spec]) as Array<string | number>;
  return (value) => !values.some((excludedValue) => excludedValue === value);
}

function operatorPredicate(expression: Record<string, unknown>): Predicate | "absent" {
  const [operator] = Object.keys(expression);
  const spec = expression[operator];
  switch (operator) {
    case "prefix":
      if (isPlainObject(spec)) {
        const text = spec["equals-ignore-case"] as string;
        return (value) => typeof value === "string" && startsWithIgnoreCase(value, text);
      }
      return (value) => typeof value === "string" && value.startsWith(spec as string);
    case "suffix":
      if (isPlainObject(spec)) {
        const text = spec["equals-ignore-case"] as string;
        return (value) => typeof value === "string" && endsWithIgnoreCase(value, text);
      }
      return (value) => typeof value === "string" && value.endsWith(spec as string);
    case "equals-ignore-case":
      return (value) => typeof value === "string" && equalsIgnoreCase(value, spec as string);
    case "wildcard": {
      const segments = wildcardSegments(spec as string);
      return (value) => typeof value === "string" && wildcardMatches(segments, value);
    }
    case "exists":
      // exists only sees leaf values: any present leaf, null and "" included.
      return spec === true ? () => true : "absent";
    case "cidr": {
      const range = cidrRange(spec as string);
      return (value) => {
        if (typeof value !== "string" || !looksLikeIp(value)) return false;
        const address = parseIp(value);
        return address !== undefined && inRange(range, address);
      };
    }
    case "numeric":
      return numericPredicate(spec as unknown[]);
    default:
      return anythingButPredicate(spec);
  }
}

/**
 * Whether one leaf value satisfies one value of a pattern field (an exact value or an operator),
 * compiled once to test many leaves; `exists: false` is satisfied by none.
 */
export function leafPredicate(patternValue: unknown): (leaf: Leaf) => boolean {
  const predicate = isPlainObject(patternValue) ? operatorPredicate(patternValue) : exactPredicate(patternValue as Leaf);
  return predicate === "absent" ? () => false : predicate;
}

function compileField(values: readonly unknown[]): FieldRule {
  const predicates: Predicate[] = [];
  let allowsAbsence = false;
  for (const value of values) {
    if (isPlainObject(value)) {
      const predicate = operatorPredicate(value);
      if (predicate === "absent") allowsAbsence = true;
      else predicates.push(predicate);
    } else {
      predicates.push(exactPredicate(value as Leaf));
    }
  }
  return { predicates, allowsAbsence };
}

/** The pattern's `$or` alternatives, each mapping its dotted field names to their arrays of values. */
export function patternAlternatives(pattern: EventPattern): Map<string, readonly unknown[]>[] {
  return flattenPattern(pattern as Record<string, unknown>, "", [new Map()]);
}

function flattenPattern(
  pattern: Record<string, unknown>,
  prefix: string,
  alternatives: Map<string, readonly unknown[]>[],
): Map<string, readonly unknown[]>[] {
  let current = alternatives;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or") {
      const forks: Map<string, readonly unknown[]>[] = [];
      for (const alternative of value as Array<Record<string, unknown>>) {
        forks.push(
          ...flattenPattern(
            alternative,
            prefix,
            current.map((fields) => new Map(fields)),
          ),
        );
      }
      current = forks;
      continue;
    }
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      for (const fields of current) fields.set(name, value);
    } else {
      current = flattenPattern(value as Record<string, unknown>, name, current);
    }
  }
  return current;
}

const compiledPatterns = new WeakMap<object, { readonly text: string; readonly rules: SubRule[] }>();

// Compiled once per pattern object, and again only if its text has changed since.
function compiledRules(pattern: EventPattern): SubRule[] {
  const text = JSON.stringify(pattern);
  const found = compiledPatterns.get(pattern);
  if (found?.text === text) return found.rules;
  const rules = patternAlternatives(pattern).map(
    (fields): SubRule => new Map([...fields].map(([name, values]) => [name, compileField(values)])),
  );
  compiledPatterns.set(pattern, { text, rules });
  return rules;
}

/** Which element of which array (by array id) a leaf value sits in. */
type Membership = ReadonlyMap<number, number>;

interface Field {
  readonly value: Leaf;
  readonly membership: Membership;
}

function flattenEvent(event: Record<string, unknown>): Map<string, Field[]> {
  const fields = new Map<string, Field[]>();
  let arrays = 0;
  const walk = (value: unknown, name: string, membership: Membership) => {
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return;
    if (Array.isArray(value)) {
      const id = arrays++;
      value.forEach((element, index) => walk(element, name, new Map(membership).set(id, index)));
      return;
    }
    if (typeof value === "object" && value !== null) {
      for (const [key, nested] of Object.entries(value)) walk(nested, name === "" ? key : `${name}.${key}`, membership);
      return;
    }
    const found = fields.get(name);
    const field = { value: value as Leaf, membership };
    if (found) found.push(field);
    else fields.set(name, [field]);
  };
  walk(event, "", new Map());
  return fields;
}

/** The two memberships merged, or undefined when they sit in different elements of one array. */
function mergeMemberships(a: Membership, b: Membership): Membership | undefined {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  for (const [array, index] of b) {
    const other = a.get(array);
    if (other !== undefined && other !== index) return undefined;
  }
  const merged = new Map(a);
  for (const [array, index] of b) merged.set(array, index);
  return merged;
}

function subRuleMatches(rule: SubRule, fields: Map<string, Field[]>): boolean {
  // Event Ruler walks a rule's field names in sorted order; only absence checks depend on it.
  const names = [...rule.keys()].sort();
  const step = (index: number, membership: Membership): boolean => {
    if (index === names.length) return true;
    const name = names[index];
    const { predicates, allowsAbsence } = rule.get(name) as FieldRule;
    const candidates = fields.get(name) ?? [];
    for (const candidate of candidates) {
      if (!predicates.some((predicate) => predicate(candidate.value))) continue;
      const merged = mergeMemberships(membership, candidate.membership);
      if (merged && step(index + 1, merged)) return true;
    }
    if (allowsAbsence && !candidates.some((candidate) => mergeMemberships(membership, candidate.membership))) {
      return step(index + 1, membership);
    }
    return false;
  };
  return step(0, new Map());
}

/**
 * True when the event matches the pattern, as EventBridge decides. An invalid pattern (one with
 * eventPatternProblems) matches nothing, since EventBridge refuses to create a rule with it; an
 * event that is not a JSON object matches nothing either.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (eventPatternProblems(pattern, { maxPatternLength: Infinity }).length > 0) return false;
  return matchesValidPattern(pattern, event);
}

/** matchesEventPattern for a pattern the caller has found valid (eventPatternProblems), without checking it again. */
export function matchesValidPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  const rules = compiledRules(pattern);
  const fields = flattenEvent(event as Record<string, unknown>);
  return rules.some((rule) => subRuleMatches(rule, fields));
}
