/** Validation blocks of the modules' event pattern inputs: the loader's pattern rules, as far as Terraform's functions reach. */
import { PATTERN_IS_OBJECT_RULE, PATTERN_LENGTH_RULE, PATTERN_OBJECT_RULE, STAR_IN_ACCOUNT_FILTER } from "../../modules/event-pattern";
import { MAX_PATTERN_LENGTH } from "../../modules/limits";
import { OPERATORS, PATTERN_RULES, RESERVED_IN_OR } from "../../patterns/pattern";
import { ModuleValidation, sentence } from "./spec";

/**
 * How many levels of the pattern the checks walk. Terraform has no recursion, so the walk is written
 * out level by level: a top-level field is level 1, each nested object and each `$or` alternative one
 * level more (`detail.a.b.c` is level 4; `{"$or": [{"source": [...]}]}` puts `source` at level 3).
 * Fields below it go unchecked by Terraform; AWS still refuses them at apply.
 */
const PATTERN_CHECK_DEPTH = 6;

const hclList = (names: Iterable<string>) => `[${[...names].map((name) => JSON.stringify(name)).join(", ")}]`;

/**
 * Every field and `$or` alternative down to `depth`, as `{ k, v, o }`: the field name (null for an
 * alternative), its value, and whether it is inside a `$or`. Objects are walked by their fields, a
 * `$or` by its alternatives; a list of values to match is not walked (its objects are operators).
 */
function nodes(pattern: string, depth: number): string {
  const walk = (level: number, source: string): string => {
    const key = level === 1 ? "k1" : `k${level - 1} == "$or" ? null : k${level}`;
    const insideOr = level === 1 ? "false" : Array.from({ length: level - 1 }, (_, i) => `k${i + 1} == "$or"`).join(" || ");
    const node = `{ k = ${key}, v = v${level}, o = ${insideOr} }`;
    if (level === depth) return `[for k${level}, v${level} in ${source} : [${node}]]`;
    const children = `try(merge(v${level}), [for a in v${level} : a if k${level} == "$or"], {})`;
    return `[for k${level}, v${level} in ${source} : [${node}, ${walk(level + 1, children)}]]`;
  };
  return `flatten(${walk(1, `jsondecode(${pattern})`)})`;
}

const FIELD = 'n.k != null && n.k != "$or"';
const CONTAINER = "(can(keys(n.v)) || can(concat(n.v, [])))";

/** Each check over the walk: a condition on every node it selects, and the loader's sentence. */
function walkChecks(all: string): ModuleValidation[] {
  const values = (test: string) => `alltrue(flatten([for n in ${all} : [for e in n.v : ${test}] if ${FIELD} && can(concat(n.v, []))]))`;
  return [
    {
      condition: `alltrue([for n in ${all} : ${CONTAINER} if ${FIELD}])`,
      message: `every field of the pattern ${PATTERN_RULES.fieldValue}`,
    },
    {
      condition: `alltrue([for n in ${all} : length(n.v) > 0 if n.k != "$or" && ${CONTAINER}])`,
      message: `${PATTERN_RULES.emptyArray}; ${PATTERN_RULES.emptyObject}`,
    },
    {
      // An object is an operator with one known key; anything else but a nested list is a value.
      condition: values(`try(length(keys(e)) == 1 && contains(${hclList(OPERATORS)}, join("", keys(e))), !can(concat(e, [])))`),
      message: `${PATTERN_RULES.matchValue}; ${PATTERN_RULES.oneOperator}, ${PATTERN_RULES.knownOperator}`,
    },
    { condition: values("try(e.exists == true || e.exists == false, true)"), message: PATTERN_RULES.exists },
    {
      condition:
        `alltrue([for n in ${all} : ` +
        'try(can(concat(n.v, [])) && length(n.v) >= 2 && alltrue([for a in n.v : can(keys(a))]), false) if n.k == "$or"])',
      message: PATTERN_RULES.or,
    },
    {
      condition: `alltrue([for n in ${all} : !contains(${hclList(RESERVED_IN_OR)}, n.k) if n.o && ${FIELD}])`,
      message: `a field name inside $or is none of ${hclList(RESERVED_IN_OR).slice(1, -1)}: such a name ${PATTERN_RULES.reservedInOr}`,
    },
  ];
}

/**
 * Validations every event pattern input shares: a JSON object (non-empty unless the module adds to it),
 * within the size limit, never "*" as an account, and the loader's rules on fields, values and `$or`
 * down to PATTERN_CHECK_DEPTH. Each but the first passes a pattern that is no JSON object, which the first refuses.
 */
export function patternValidations(variable: string, options: { mayBeEmpty?: boolean } = {}): ModuleValidation[] {
  const decoded = `jsondecode(${variable})`;
  const parsed = `!can(keys(${decoded}))`;
  const checks = [
    ...walkChecks(nodes(variable, PATTERN_CHECK_DEPTH)),
    { condition: `!strcontains(jsonencode(try(${decoded}.account, [])), "\\"*\\"")`, message: STAR_IN_ACCOUNT_FILTER },
  ];
  return [
    options.mayBeEmpty
      ? { condition: `can(keys(${decoded}))`, message: sentence(`${PATTERN_IS_OBJECT_RULE} (use jsonencode)`) }
      : { condition: `try(length(keys(${decoded})) > 0, false)`, message: sentence(`${PATTERN_OBJECT_RULE} (use jsonencode)`) },
    { condition: `length(${variable}) <= ${MAX_PATTERN_LENGTH}`, message: sentence(PATTERN_LENGTH_RULE) },
    ...checks.map((check) => ({ condition: `${parsed} || try(${check.condition}, false)`, message: sentence(check.message) })),
  ];
}
