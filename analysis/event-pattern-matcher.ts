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

/** An event pattern as written in a rule: field names mapped to nested patterns or value arrays. */
export type EventPattern = { readonly [field: string]: unknown };

export interface EventPatternProblemOptions {
  /**
   * The longest pattern accepted, in characters of its compact JSON text. Defaults to the
   * EventBridge "Event pattern size" quota of 2,048 characters (adjustable in Service Quotas, so
   * pass your account's value, or `Infinity` to skip the check).
   */
  readonly maxPatternLength?: number;
}

/** The default "Event pattern size" quota (characters). */
export const DEFAULT_MAX_EVENT_PATTERN_LENGTH = 2048;
/** Numeric matching only works between -5.0e9 and +5.0e9 inclusive. */
export const NUMERIC_MATCH_LIMIT = 5e9;
/** Numeric matching is precise to six digits right of the decimal point. */
export const NUMERIC_MAX_DECIMALS = 6;

const OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"] as const;
const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;
const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;
// Event Ruler refuses these as field names inside a $or alternative: they are its operators and
// the words it keeps for future ones.
const RESERVED_IN_OR = new Set<string>([
  ...OPERATORS, "exactly", ...NUMERIC_OPERATORS, "regex", "not-wildcard", "not-equals-ignore-case",
  "date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range",
  "ip-address-in-range", "ip-address-not-in-range",
]);

type Leaf = string | number | boolean | null;

// ---------------------------------------------------------------------------------------------
// Small helpers

// By tag, not prototype identity: parsed JSON from another realm (a vm context, a worker) has its own Object.prototype.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.prototype.toString.call(value) === "[object Object]";

const describe = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value;
};

const ROOT = "(root)";
const child = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);
const item = (path: string, index: number) => `${path}[${index}]`;
const list = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

/** Digits right of the decimal point in the shortest decimal form of n (3.018e2 has 1). */
function decimalPlaces(n: number): number {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(Math.abs(n).toString());
  if (!match) return 0;
  const fraction = match[2]?.length ?? 0;
  const exponent = match[3] ? Number(match[3]) : 0;
  return Math.max(0, fraction - exponent);
}

// Case-insensitive comparison, character by character, as equals-ignore-case does.
const sameIgnoringCase = (a: string, b: string) =>
  a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

function equalsIgnoreCase(value: string, expected: string): boolean {
  const v = Array.from(value);
  const e = Array.from(expected);
  return v.length === e.length && e.every((char, i) => sameIgnoringCase(v[i], char));
}

function startsWithIgnoreCase(value: string, prefix: string): boolean {
  const v = Array.from(value);
  const p = Array.from(prefix);
  return v.length >= p.length && p.every((char, i) => sameIgnoringCase(v[i], char));
}

function endsWithIgnoreCase(value: string, suffix: string): boolean {
  const v = Array.from(value);
  const s = Array.from(suffix);
  const offset = v.length - s.length;
  return offset >= 0 && s.every((char, i) => sameIgnoringCase(v[offset + i], char));
}

// ---------------------------------------------------------------------------------------------
// Wildcards: `*` matches any run of characters (none included); `\*` is a literal star and `\\`
// a literal backslash; a backslash before anything else, and `**`, are refused.

function wildcardSyntaxProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "*" && text[i + 1] === "*") {
      return `consecutive wildcard characters (**) at position ${i} are not allowed`;
    }
    if (char === "\\") {
      if (text[i + 1] === "*" || text[i + 1] === "\\") {
        i++;
        continue;
      }
      return `invalid escape character at position ${i}: a backslash may only escape * or \\`;
    }
  }
  return undefined;
}

/** The literal pieces between the (unescaped) stars of a valid wildcard. */
function wildcardSegments(text: string): string[] {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      current += text[i + 1];
      i++;
    } else if (char === "*") {
      segments.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

function wildcardMatches(segments: readonly string[], value: string): boolean {
  if (segments.length === 1) return value === segments[0];
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// IP addresses, read the way the matching engine reads them: a dotted quad of decimal numbers, or
// hexadecimal IPv6 groups with at most one `::` (no zone, no embedded dotted quad). An
// IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address.

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

const looksLikeIp = (text: string) => IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);

function parseIpv6Groups(text: string): number[] | undefined {
  const gap = text.indexOf("::");
  let groups: string[];
  if (gap >= 0) {
    if (text.indexOf("::", gap + 1) >= 0) return undefined;
    const head = text.slice(0, gap);
    const tail = text.slice(gap + 2);
    const headGroups = head === "" ? [] : head.split(":");
    const tailGroups = tail === "" ? [] : tail.split(":");
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  } else {
    groups = text.split(":");
    if (groups.length !== 8) return undefined;
  }
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => parseInt(group, 16));
}

/** The address's bytes (4 or 16), or undefined when the text is not an IP address. */
function parseIp(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) {
    const octets = text.split(".").map((part) => Number(part));
    return octets.every((octet) => octet <= 255) ? octets : undefined;
  }
  if (IPV6_SHAPE.test(text)) {
    const groups = parseIpv6Groups(text);
    if (!groups) return undefined;
    const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
    const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    return mapped ? bytes.slice(12) : bytes;
  }
  return undefined;
}

const compareBytes = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

interface IpRange {
  readonly bottom: readonly number[];
  readonly top: readonly number[];
}

function cidrProblem(text: string): string | undefined {
  const parts = text.split("/");
  if (parts.length !== 2) return `malformed CIDR ${JSON.stringify(text)}: exactly one '/' is required, as in "10.0.0.0/24"`;
  const [address, bits] = parts;
  if (!/^[+-]?[0-9]+$/.test(bits)) return `malformed CIDR ${JSON.stringify(text)}: mask bits must be an integer`;
  const maskBits = Number(bits);
  if (maskBits < 0) return `malformed CIDR ${JSON.stringify(text)}: mask bits must not be negative`;
  if (!looksLikeIp(address)) return `nonstandard IP address ${JSON.stringify(address)} in CIDR ${JSON.stringify(text)}`;
  const bytes = parseIp(address);
  if (!bytes) return `invalid IP address ${JSON.stringify(address)} in CIDR ${JSON.stringify(text)}`;
  if (bytes.length === 4 && maskBits > 31) {
    return `IPv4 mask bits must be < 32 (got ${maskBits}); to match one address, use the address itself as a value`;
  }
  if (bytes.length === 16 && maskBits > 127) {
    return `IPv6 mask bits must be < 128 (got ${maskBits}); to match one address, use the address itself as a value`;
  }
  return undefined;
}

/** The addresses a valid CIDR covers: its network address up to its broadcast address. */
function cidrRange(text: string): IpRange {
  const [address, bits] = text.split("/");
  const base = parseIp(address) as number[];
  let remaining = Number(bits);
  const bottom: number[] = [];
  const top: number[] = [];
  for (const byte of base) {
    const keep = Math.max(0, Math.min(8, remaining));
    const hostMask = (0xff >> keep) & 0xff;
    bottom.push(byte & ~hostMask & 0xff);
    top.push(byte | hostMask);
    remaining -= 8;
  }
  return { bottom, top };
}

const inRange = (range: IpRange, address: readonly number[]) =>
  address.length === range.bottom.length && compareBytes(address, range.bottom) >= 0 && compareBytes(address, range.top) <= 0;

// ---------------------------------------------------------------------------------------------
// Validation

class Problems {
  readonly found: string[] = [];
  add(path: string, reason: string) {
    this.found.push(`${path}: ${reason}`);
  }
}

function numberProblem(value: number, path: string, problems: Problems) {
  if (!Number.isFinite(value)) {
    problems.add(path, `numeric values must be finite JSON numbers (got ${describe(value)})`);
  } else if (Math.abs(value) > NUMERIC_MATCH_LIMIT) {
    problems.add(path, `numeric values must be between -5.0e9 and +5.0e9 inclusive (got ${value})`);
  } else if (decimalPlaces(value) > NUMERIC_MAX_DECIMALS) {
    problems.add(path, `numeric values may have at most six digits to the right of the decimal point (got ${value})`);
  }
}

function validateNumeric(value: unknown, path: string, problems: Problems) {
  if (!Array.isArray(value)) {
    problems.add(path, `value of numeric must be an array such as [">", 0, "<=", 5] (got ${describe(value)})`);
    return;
  }
  if (value.length === 0) {
    problems.add(path, `numeric must not be empty: give an operator (${NUMERIC_OPERATORS.join(", ")}) and a number`);
    return;
  }
  const [first, low, second, high] = value;
  if (typeof first !== "string" || !(NUMERIC_OPERATORS as readonly string[]).includes(first)) {
    problems.add(item(path, 0), `unrecognized numeric operator ${typeof first === "string" ? `"${first}"` : describe(first)}; expected one of ${list(NUMERIC_OPERATORS)}`);
    return;
  }
  if (typeof low !== "number") {
    problems.add(item(path, 1), `value of ${first} must be a number (got ${value.length < 2 ? "nothing" : describe(low)})`);
    return;
  }
  numberProblem(low, item(path, 1), problems);
  if (value.length === 2) return;
  if (first !== ">" && first !== ">=") {
    problems.add(path, `too many elements in numeric expression: "${first}" takes one number; a range starts with ">" or ">=" and ends with "<" or "<="`);
    return;
  }
  if (typeof second !== "string") {
    problems.add(item(path, 2), `bad value in numeric range: expected "<" or "<=" (got ${describe(second)})`);
    return;
  }
  if (second !== "<" && second !== "<=") {
    problems.add(item(path, 2), `bad numeric range operator "${second}": the upper bound of a range must use "<" or "<="`);
    return;
  }
  if (typeof high !== "number") {
    problems.add(item(path, 3), `value of ${second} must be a number (got ${value.length < 4 ? "nothing" : describe(high)})`);
    return;
  }
  numberProblem(high, item(path, 3), problems);
  if (value.length > 4) {
    problems.add(path, `too many terms in numeric range expression: a range is [">" or ">=", low, "<" or "<=", high]`);
    return;
  }
  if (Number.isFinite(low) && Number.isFinite(high) && low >= high) {
    problems.add(path, `range bottom must be less than top (got ${low} and ${high})`);
  }
}

function validateStringOrIgnoreCase(operator: "prefix" | "suffix", value: unknown, path: string, problems: Problems) {
  if (typeof value === "string") return;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== "equals-ignore-case") {
      problems.add(path, `unsupported ${operator} pattern ${keys.length === 0 ? "{}" : list(keys)}: only {"equals-ignore-case": "<text>"} may be nested in ${operator}`);
      return;
    }
    if (typeof value["equals-ignore-case"] !== "string") {
      problems.add(child(path, "equals-ignore-case"), `equals-ignore-case match pattern must be a string (got ${describe(value["equals-ignore-case"])})`);
    }
    return;
  }
  problems.add(path, `${operator} match pattern must be a string or {"equals-ignore-case": "<text>"} (got ${describe(value)})`);
}

function validateAnythingBut(value: unknown, path: string, problems: Problems) {
  if (typeof value === "string") return;
  if (typeof value === "number") {
    numberProblem(value, path, problems);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      problems.add(path, "the anything-but list must not be empty");
      return;
    }
    const bad = value.findIndex((entry) => typeof entry !== "string" && typeof entry !== "number");
    if (bad >= 0) {
      problems.add(item(path, bad), `anything-but list values must be strings or numbers (got ${describe(value[bad])})`);
      return;
    }
    if (value.some((entry) => typeof entry === "string") && value.some((entry) => typeof entry === "number")) {
      problems.add(path, "anything-but list must contain only strings or only numbers; mixed types are not supported");
      return;
    }
    value.forEach((entry, i) => typeof entry === "number" && numberProblem(entry, item(path, i), problems));
    return;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      problems.add(path, `anything-but object needs one of ${list(ANYTHING_BUT_OPERATORS)}`);
      return;
    }
    if (keys.length > 1) {
      problems.add(path, `only one key is allowed in an anything-but expression (got ${list(keys)})`);
      return;
    }
    const operator = keys[0];
    const innerPath = child(path, operator);
    if (!(ANYTHING_BUT_OPERATORS as readonly string[]).includes(operator)) {
      problems.add(innerPath, `unsupported anything-but pattern "${operator}"; anything-but takes a value, a list, or one of ${list(ANYTHING_BUT_OPERATORS)}`);
      return;
    }
    const inner = value[operator];
    const entries: Array<[unknown, string]> = Array.isArray(inner)
      ? inner.map((entry, i): [unknown, string] => [entry, item(innerPath, i)])
      : [[inner, innerPath]];
    for (const [entry, entryPath] of entries) {
      if (typeof entry !== "string") {
        problems.add(entryPath, `anything-but ${operator} match pattern must be a string or a list of strings (got ${describe(entry)})`);
      } else if ((operator === "prefix" || operator === "suffix") && entry === "") {
        problems.add(entryPath, `an empty anything-but ${operator} is not allowed`);
      } else if (operator === "wildcard") {
        const problem = wildcardSyntaxProblem(entry);
        if (problem) problems.add(entryPath, problem);
      }
    }
    return;
  }
  problems.add(path, `value of anything-but must be a string, a number, a list of strings or of numbers, or an object with one of ${list(ANYTHING_BUT_OPERATORS)} (got ${describe(value)})`);
}

function validateOperator(expression: Record<string, unknown>, path: string, problems: Problems) {
  const keys = Object.keys(expression);
  if (keys.length === 0) {
    problems.add(path, `match expression has no operator; expected one of ${list(OPERATORS)}`);
    return;
  }
  if (keys.length > 1) {
    problems.add(path, `only one key is allowed in a match expression (got ${list(keys)})`);
    return;
  }
  const operator = keys[0];
  const value = expression[operator];
  const operatorPath = child(path, operator);
  switch (operator) {
    case "prefix":
    case "suffix":
      validateStringOrIgnoreCase(operator, value, operatorPath, problems);
      return;
    case "equals-ignore-case":
      if (typeof value !== "string") problems.add(operatorPath, `equals-ignore-case match pattern must be a string (got ${describe(value)})`);
      return;
    case "wildcard": {
      if (typeof value !== "string") {
        problems.add(operatorPath, `wildcard match pattern must be a string (got ${describe(value)})`);
        return;
      }
      const problem = wildcardSyntaxProblem(value);
      if (problem) problems.add(operatorPath, problem);
      return;
    }
    case "exists":
      if (typeof value !== "boolean") problems.add(operatorPath, `exists match pattern must be either true or false (got ${describe(value)})`);
      return;
    case "cidr": {
      if (typeof value !== "string") {
        problems.add(operatorPath, `cidr match pattern must be a string such as "10.0.0.0/24" (got ${describe(value)})`);
        return;
      }
      const problem = cidrProblem(value);
      if (problem) problems.add(operatorPath, problem);
      return;
    }
    case "numeric":
      validateNumeric(value, operatorPath, problems);
      return;
    case "anything-but":
      validateAnythingBut(value, operatorPath, problems);
      return;
    default:
      problems.add(path, `unrecognized match type "${operator}"; expected one of ${list(OPERATORS)}`);
  }
}

function validateValueList(values: readonly unknown[], path: string, problems: Problems) {
  if (values.length === 0) {
    problems.add(path, "empty arrays are not allowed: list at least one value to match");
    return;
  }
  values.forEach((value, i) => {
    const valuePath = item(path, i);
    if (typeof value === "string" || typeof value === "boolean" || value === null) return;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) problems.add(valuePath, `match value must be a string, number, true, false, or null (got ${describe(value)})`);
      return;
    }
    if (isPlainObject(value)) {
      validateOperator(value, valuePath, problems);
      return;
    }
    problems.add(valuePath, `match value must be a string, number, true, false, or null, or an operator object (got ${describe(value)})`);
  });
}

function validateOr(value: unknown, path: string, problems: Problems) {
  if (!Array.isArray(value)) {
    problems.add(path, `$or must be an array of at least two objects (got ${describe(value)})`);
    return;
  }
  if (value.length < 2) {
    problems.add(path, `$or must have at least two alternatives (got ${value.length})`);
  }
  value.forEach((alternative, i) => {
    if (isPlainObject(alternative)) {
      validateObject(alternative, item(path, i), problems, true);
    } else {
      problems.add(item(path, i), `each $or alternative must be an object (got ${describe(alternative)})`);
    }
  });
}

function validateObject(pattern: Record<string, unknown>, path: string, problems: Problems, insideOr: boolean) {
  const keys = Object.keys(pattern);
  if (keys.length === 0) {
    problems.add(path, "empty objects are not allowed: a pattern needs at least one field");
    return;
  }
  for (const key of keys) {
    const value = pattern[key];
    const fieldPath = child(path, key);
    if (key === "$or") {
      validateOr(value, fieldPath, problems);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      problems.add(fieldPath, `"${key}" is a reserved word and cannot be used as a field name inside $or`);
    }
    if (Array.isArray(value)) {
      validateValueList(value, fieldPath, problems);
    } else if (isPlainObject(value)) {
      validateObject(value, fieldPath, problems, insideOr);
    } else {
      problems.add(fieldPath, `"${key}" must be an object or an array; wrap a value to match in an array, as in ["value"] (got ${describe(value)})`);
    }
  }
}

/**
 * Why EventBridge would reject this pattern; empty when it is valid. Each reason names the JSON
 * path (e.g. "detail.price[0].numeric") and the rule.
 */
export function eventPatternProblems(pattern: unknown, options: EventPatternProblemOptions = {}): string[] {
  const problems = new Problems();
  if (!isPlainObject(pattern)) {
    problems.add(ROOT, `an event pattern must be a JSON object (got ${describe(pattern)})`);
    return problems.found;
  }
  validateObject(pattern, ROOT, problems, false);
  const limit = options.maxPatternLength ?? DEFAULT_MAX_EVENT_PATTERN_LENGTH;
  if (Number.isFinite(limit)) {
    let length: number | undefined;
    try {
      length = JSON.stringify(pattern)?.length;
    } catch {
      length = undefined;
    }
    if (length !== undefined && length > limit) {
      problems.add(ROOT, `the pattern is ${length} characters, which exceeds the event pattern size quota of ${limit} characters`);
    }
  }
  return problems.found;
}

// ---------------------------------------------------------------------------------------------
// Compilation of a valid pattern

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
      case "=": checks.push((value) => value === operand); break;
      case "<": checks.push((value) => value < operand); break;
      case "<=": checks.push((value) => value <= operand); break;
      case ">": checks.push((value) => value > operand); break;
      case ">=": checks.push((value) => value >= operand); break;
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
      case "prefix": excluded = (value) => texts.some((text) => value.startsWith(text)); break;
      case "suffix": excluded = (value) => texts.some((text) => value.endsWith(text)); break;
      case "equals-ignore-case": excluded = (value) => texts.some((text) => equalsIgnoreCase(value, text)); break;
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

function compileObject(pattern: Record<string, unknown>, prefix: string, rules: SubRule[]): SubRule[] {
  let current = rules;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or") {
      const forks: SubRule[] = [];
      for (const alternative of value as Array<Record<string, unknown>>) {
        forks.push(...compileObject(alternative, prefix, current.map((rule) => new Map(rule))));
      }
      current = forks;
      continue;
    }
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      const field = compileField(value);
      for (const rule of current) rule.set(name, field);
    } else {
      current = compileObject(value as Record<string, unknown>, name, current);
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Events

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
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  const rules = compileObject(pattern as Record<string, unknown>, "", [new Map()]);
  const fields = flattenEvent(event as Record<string, unknown>);
  return rules.some((rule) => subRuleMatches(rule, fields));
}
