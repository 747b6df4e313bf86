/** Why EventBridge would refuse an event pattern, field by field, without calling AWS. */
import { cidrProblem } from "./addresses";
import { orCombinations, wildcardComplexity } from "./complexity";
import {
  ANYTHING_BUT_OPERATORS,
  DEFAULT_MAX_EVENT_PATTERN_LENGTH,
  DEFAULT_MAX_WILDCARD_COMPLEXITY,
  EventPatternProblemOptions,
  MAX_OR_COMBINATIONS,
  NUMERIC_MATCH_LIMIT,
  NUMERIC_MAX_DECIMALS,
  NUMERIC_OPERATORS,
  PATTERN_RULES,
  RESERVED_IN_OR,
  ROOT,
  child,
  describe,
  isPlainObject,
  item,
  list,
} from "./pattern";
import { decimalPlaces, wildcardSyntaxProblem } from "./text";

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
    problems.add(
      item(path, 0),
      `unrecognized numeric operator ${typeof first === "string" ? `"${first}"` : describe(first)}; expected one of ` +
        `${list(NUMERIC_OPERATORS)}`,
    );
    return;
  }
  if (typeof low !== "number") {
    problems.add(item(path, 1), `value of ${first} must be a number (got ${value.length < 2 ? "nothing" : describe(low)})`);
    return;
  }
  numberProblem(low, item(path, 1), problems);
  if (value.length === 2) return;
  if (first !== ">" && first !== ">=") {
    problems.add(
      path,
      `too many elements in numeric expression: "${first}" takes one number; a range starts with ">" or ">=" and ends with "<" or "<="`,
    );
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
      problems.add(
        path,
        `unsupported ${operator} pattern ${keys.length === 0 ? "{}" : list(keys)}: only {"equals-ignore-case": "<text>"} may be ` +
          `nested in ${operator}`,
      );
      return;
    }
    if (typeof value["equals-ignore-case"] !== "string") {
      problems.add(
        child(path, "equals-ignore-case"),
        `equals-ignore-case match pattern must be a string (got ${describe(value["equals-ignore-case"])})`,
      );
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
      problems.add(
        innerPath,
        `unsupported anything-but pattern "${operator}"; anything-but takes a value, a list, or one of ${list(ANYTHING_BUT_OPERATORS)}`,
      );
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
  problems.add(
    path,
    `value of anything-but must be a string, a number, a list of strings or of numbers, or an object with one of ` +
      `${list(ANYTHING_BUT_OPERATORS)} (got ${describe(value)})`,
  );
}

function validateOperator(expression: Record<string, unknown>, path: string, problems: Problems) {
  const keys = Object.keys(expression);
  if (keys.length === 0) {
    problems.add(path, `match expression has no operator; ${PATTERN_RULES.knownOperator}`);
    return;
  }
  if (keys.length > 1) {
    problems.add(path, `${PATTERN_RULES.oneOperator} (got ${list(keys)})`);
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
      if (typeof value !== "string")
        problems.add(operatorPath, `equals-ignore-case match pattern must be a string (got ${describe(value)})`);
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
      if (typeof value !== "boolean") problems.add(operatorPath, `${PATTERN_RULES.exists} (got ${describe(value)})`);
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
      problems.add(path, `unrecognized match type "${operator}"; ${PATTERN_RULES.knownOperator}`);
  }
}

function validateValueList(values: readonly unknown[], path: string, problems: Problems) {
  if (values.length === 0) {
    problems.add(path, PATTERN_RULES.emptyArray);
    return;
  }
  values.forEach((value, i) => {
    const valuePath = item(path, i);
    if (typeof value === "string" || typeof value === "boolean" || value === null) return;
    if (typeof value === "number") {
      if (!Number.isFinite(value))
        problems.add(valuePath, `match value must be a string, number, true, false, or null (got ${describe(value)})`);
      return;
    }
    if (isPlainObject(value)) {
      validateOperator(value, valuePath, problems);
      return;
    }
    problems.add(valuePath, `${PATTERN_RULES.matchValue} (got ${describe(value)})`);
  });
}

function validateOr(value: unknown, path: string, problems: Problems) {
  if (!Array.isArray(value)) {
    problems.add(path, `${PATTERN_RULES.or} (got ${describe(value)})`);
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
    problems.add(path, PATTERN_RULES.emptyObject);
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
      problems.add(fieldPath, `"${key}" ${PATTERN_RULES.reservedInOr}`);
    }
    if (Array.isArray(value)) {
      validateValueList(value, fieldPath, problems);
    } else if (isPlainObject(value)) {
      validateObject(value, fieldPath, problems, insideOr);
    } else {
      problems.add(fieldPath, `"${key}" ${PATTERN_RULES.fieldValue} (got ${describe(value)})`);
    }
  }
}

function expansionProblem(pattern: Record<string, unknown>, maxComplexity: number, problems: Problems) {
  const combinations = orCombinations(pattern);
  if (combinations > MAX_OR_COMBINATIONS) {
    problems.add(
      ROOT,
      `$or expands this pattern into ${combinations} combinations, more than the ${MAX_OR_COMBINATIONS} EventBridge allows`,
    );
    return;
  }
  if (!Number.isFinite(maxComplexity)) return;
  const found = wildcardComplexity(pattern, maxComplexity);
  if (found && found.complexity > maxComplexity) {
    problems.add(
      found.path,
      `rule is too complex: wildcard complexity is at least ${found.complexity} (one value can match that many wildcard prefixes ` +
        `at once), above the limit of ${maxComplexity}; use fewer wildcard characters or fewer repeating character sequences ` +
        `after a wildcard character`,
    );
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
  // EventBridge measures the expansion of a pattern it could compile, so only a valid one.
  if (problems.found.length === 0) expansionProblem(pattern, options.maxWildcardComplexity ?? DEFAULT_MAX_WILDCARD_COMPLEXITY, problems);
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
