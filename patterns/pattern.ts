/** What event patterns are made of: the operators, their limits, and helpers to describe values. */
/** An event pattern as written in a rule: field names mapped to nested patterns or value arrays. */
export type EventPattern = { readonly [field: string]: unknown };

export interface EventPatternProblemOptions {
  /**
   * The longest pattern accepted, in characters of its compact JSON text. Defaults to the
   * EventBridge "Event pattern size" quota of 2,048 characters (adjustable in Service Quotas, so
   * pass your account's value, or `Infinity` to skip the check).
   */
  readonly maxPatternLength?: number;
  /**
   * The highest wildcard complexity accepted (see DEFAULT_MAX_WILDCARD_COMPLEXITY, the default);
   * `Infinity` skips the check.
   */
  readonly maxWildcardComplexity?: number;
}

/** The default "Event pattern size" quota (characters). */
export const DEFAULT_MAX_EVENT_PATTERN_LENGTH = 2048;
/**
 * The most combinations `$or` may expand a pattern into (EventBridge user guide, "Or matching":
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html). Not a
 * Service Quotas value, so not adjustable.
 */
export const MAX_OR_COMBINATIONS = 1000;
/**
 * The most wildcard prefixes one value may keep alive at once in a field (Event Ruler's
 * MachineComplexityEvaluator; beyond it EventBridge answers "Rule is too complex", see
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-wildcard-matching-complexity).
 * AWS publishes no number; public reports bound it: EventBridge accepted three "*:stack/<name>/*"
 * wildcards in one field (complexity 9) and refused a fourth (12) as "too complex"
 * (https://github.com/vals-ai/Valkyrie/pull/278). We take 10, inside that range; pass
 * `maxWildcardComplexity` to use another value. Event Ruler's own tests use 100, which the refusal
 * at 12 rules out.
 */
export const DEFAULT_MAX_WILDCARD_COMPLEXITY = 10;
/** Numeric matching only works between -5.0e9 and +5.0e9 inclusive. */
export const NUMERIC_MATCH_LIMIT = 5e9;
/** Numeric matching is precise to six digits right of the decimal point. */
export const NUMERIC_MAX_DECIMALS = 6;

export const OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"] as const;
export const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;
export const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;
// Event Ruler refuses these as field names inside a $or alternative: they are its operators and
// the words it keeps for future ones.
export const RESERVED_IN_OR = new Set<string>([
  ...OPERATORS,
  "exactly",
  ...NUMERIC_OPERATORS,
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

export type Leaf = string | number | boolean | null;

// By tag, not prototype identity: parsed JSON from another realm (a vm context, a worker) has its own Object.prototype.
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.prototype.toString.call(value) === "[object Object]";

export const describe = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value;
};

export const ROOT = "(root)";
export const child = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);
export const item = (path: string, index: number) => `${path}[${index}]`;
export const list = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

/**
 * The rules of the validator that also hold without a path or a value: it adds both, and the
 * Terraform modules' validation blocks state the same rules (pipeline/terraform-modules/pattern-validations.ts).
 */
export const PATTERN_RULES = {
  fieldValue: 'must be an object or an array; wrap a value to match in an array, as in ["value"]',
  emptyArray: "empty arrays are not allowed: list at least one value to match",
  emptyObject: "empty objects are not allowed: a pattern needs at least one field",
  matchValue: "match value must be a string, number, true, false, or null, or an operator object",
  oneOperator: "only one key is allowed in a match expression",
  knownOperator: `expected one of ${list(OPERATORS)}`,
  or: "$or must be an array of at least two objects",
  reservedInOr: "is a reserved word and cannot be used as a field name inside $or",
  exists: "exists match pattern must be either true or false",
} as const;
