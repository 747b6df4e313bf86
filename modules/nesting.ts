/** How deep a JSON value may nest, checked without recursion before anything recursive reads it. */

/**
 * The deepest a topology (or a sample event) may nest, counted from its top level. AWS documents no
 * depth quota for event patterns; its one nesting bound is 255 levels ("Schema discovery levels" in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html: schema discovery ignores
 * events nested deeper), and the default 2,048-character pattern size quota already stops a pattern
 * at about 340 levels (each level costs at least `"a":{` and `}`). 255 leaves every real pattern
 * room, and keeps the validator, the matcher and JSON.stringify far from the stack limit (a pattern
 * 8,000 levels deep overflowed it).
 */
export const MAX_NESTING = 255;

export const nestingRule = (what: string) =>
  `${what} nests deeper than ${MAX_NESTING} levels (counted from the top of the file), the most this tool reads ` +
  "(EventBridge's schema discovery stops at 255)";

/**
 * The path to the first value nested deeper than `limit` levels (objects and arrays count one level
 * each), or undefined. Iterative: a value nested far deeper than the stack allows is measured safely.
 */
export function deeperThan(value: unknown, limit = MAX_NESTING): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as (typeof stack)[number];
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= limit) return path;
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, i) => [i, item]) : Object.entries(current);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
