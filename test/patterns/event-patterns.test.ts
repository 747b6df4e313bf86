import { readFileSync } from "fs";
import { runInNewContext } from "node:vm";
import { join } from "path";
import { matchesEventPattern } from "../../patterns/match";
import { DEFAULT_MAX_EVENT_PATTERN_LENGTH, EventPattern } from "../../patterns/pattern";
import { eventPatternProblems } from "../../patterns/validate";

/*
 * The corpus (event-pattern-corpus.json) holds one case per behaviour, each with the EventBridge
 * user guide page that justifies it in its "source" field, and a "note" where the guide leaves the
 * behaviour open and the case follows Event Ruler (https://github.com/aws/event-ruler), the
 * matching engine EventBridge runs. The guide pages used:
 *
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 *     event patterns have the structure of the events they match.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
 *     fields are ANDed, a value array is ORed, every pattern field must be in the event with the
 *     same nesting, exact case-sensitive matching.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-filtering-data-types.html
 *     all JSON types and values can be matched ("5" and 5 differ; the Macie severity example).
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 *     an event array matches when its intersection with the pattern array is not empty.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 *     null and "" are matched by [null] and [""] and are not interchangeable.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *     prefix / suffix (and their equals-ignore-case forms), equals-ignore-case, wildcard (with \*
 *     and \\ escapes, no consecutive stars), anything-but (value, lists, prefix, suffix,
 *     equals-ignore-case, wildcard), numeric, IP address, exists and $or.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *     numeric matching only for JSON numbers between -5.0e9 and +5.0e9 with six decimals; cidr for
 *     IPv4 and IPv6; exists only on leaf nodes (the c-count object example); the complex example.
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 *     "Event pattern size": 2,048 characters by default (adjustable).
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *     at most 1,000 $or combinations; "wildcards and event pattern complexity" (a rule too complex
 *     is refused).
 *
 * Cases on how far a pattern expands cite the Event Ruler source they follow instead
 * (https://github.com/aws/event-ruler, src/main/software/amazon/event/ruler/): JsonRuleCompiler
 * for $or expansion, GenericMachine and NameState for which fields share a byte machine,
 * MachineComplexityEvaluator for the complexity measured.
 */

interface MatchCase {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: Record<string, unknown>;
  readonly matches: boolean;
  readonly source: string;
  readonly note?: string;
}

interface InvalidCase {
  readonly name: string;
  readonly pattern: unknown;
  readonly path?: string;
  readonly reason: string;
  readonly source: string;
  readonly note?: string;
}

interface Corpus {
  readonly cases: readonly MatchCase[];
  readonly invalid: readonly InvalidCase[];
}

const corpus: Corpus = JSON.parse(readFileSync(join(__dirname, "event-pattern-corpus.json"), "utf8"));
const GUIDE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/";
const RULER = "https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/";
const ENVELOPE = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

describe("event pattern corpus", () => {
  test("has at least 120 cases, each citing the EventBridge user guide (or Event Ruler) and using a full event envelope", () => {
    expect(corpus.cases.length + corpus.invalid.length).toBeGreaterThanOrEqual(120);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(120);
    const names = [...corpus.cases, ...corpus.invalid].map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of [...corpus.cases, ...corpus.invalid]) {
      expect(entry.source.startsWith(GUIDE) || entry.source.startsWith(RULER)).toBe(true);
    }
    for (const entry of corpus.cases) expect(Object.keys(entry.event)).toEqual(expect.arrayContaining(ENVELOPE));
    // Both outcomes are exercised for the operators.
    expect(corpus.cases.filter((entry) => entry.matches).length).toBeGreaterThan(40);
    expect(corpus.cases.filter((entry) => !entry.matches).length).toBeGreaterThan(40);
  });

  test.each(corpus.cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    expect(eventPatternProblems(entry.pattern)).toEqual([]);
    expect(matchesEventPattern(entry.pattern, entry.event)).toBe(entry.matches);
  });

  test.each(corpus.invalid.map((entry) => [entry.name, entry] as const))("invalid: %s", (_name, entry) => {
    const problems = eventPatternProblems(entry.pattern);
    const prefix = entry.path === undefined ? "" : `${entry.path}: `;
    const found = problems.some((problem) => problem.startsWith(prefix) && problem.includes(entry.reason));
    if (!found)
      throw new Error(
        `expected a problem at ${JSON.stringify(entry.path)} containing ${JSON.stringify(entry.reason)}, got ${JSON.stringify(problems)}`,
      );
    // An invalid pattern never matches: EventBridge refuses to create the rule.
    const event = {
      version: "0",
      id: "1",
      "detail-type": "x",
      source: "aws.ec2",
      account: "123456789012",
      time: "2024-01-01T00:00:00Z",
      region: "us-east-1",
      resources: [],
      detail: {},
    };
    expect(matchesEventPattern(entry.pattern as EventPattern, event)).toBe(false);
  });
});

describe("eventPatternProblems", () => {
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#filtering-numeric-matching
  test("names the JSON path of the offending operator", () => {
    expect(eventPatternProblems({ detail: { price: [{ numeric: [">"] }] } })).toEqual([
      "detail.price[0].numeric[1]: value of > must be a number (got nothing)",
    ]);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
  test("reports every problem of a pattern, not just the first", () => {
    const problems = eventPatternProblems({
      source: "aws.ec2",
      detail: { state: [], "c-count": [{ numeric: [">", 10, "<", 5] }], FilePath: [{ wildcard: "**" }] },
    });
    expect(problems).toHaveLength(4);
    expect(problems.map((problem) => problem.split(":")[0])).toEqual([
      "source",
      "detail.state",
      "detail.c-count[0].numeric",
      "detail.FilePath[0].wildcard",
    ]);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html ("Event pattern size", adjustable)
  test("applies the event pattern size quota, which an account can raise", () => {
    const pattern = { source: ["com.example.orders"], detail: { note: ["x".repeat(3000)] } };
    expect(DEFAULT_MAX_EVENT_PATTERN_LENGTH).toBe(2048);
    expect(eventPatternProblems(pattern)).toEqual([expect.stringContaining("exceeds the event pattern size quota of 2048")]);
    expect(eventPatternProblems(pattern, { maxPatternLength: 4096 })).toEqual([]);
    expect(eventPatternProblems(pattern, { maxPatternLength: Infinity })).toEqual([]);
    // The size quota is about creating rules; matching is not affected by it.
    expect(matchesEventPattern(pattern, { source: "com.example.orders", detail: { note: "x".repeat(3000) } })).toBe(true);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-filtering-data-types.html (JSON values only)
  test("rejects values JSON cannot hold", () => {
    expect(eventPatternProblems({ detail: { price: [Number.NaN] } })).toEqual([
      expect.stringContaining("detail.price[0]: match value must be"),
    ]);
    expect(eventPatternProblems({ detail: { price: [{ numeric: [">", Number.POSITIVE_INFINITY] }] } })).toEqual([
      expect.stringContaining("detail.price[0].numeric[1]: numeric values must be finite"),
    ]);
    expect(eventPatternProblems({ detail: { when: [new Date(0)] } })).toEqual([
      expect.stringContaining("detail.when[0]: match value must be"),
    ]);
  });

  test("accepts every operator the guide documents", () => {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
    expect(
      eventPatternProblems({
        source: ["aws.s3"],
        region: [{ "anything-but": { prefix: "us-" } }],
        detail: {
          FileName: [{ suffix: { "equals-ignore-case": ".png" } }, { "anything-but": { suffix: ".tmp" } }],
          service: [{ prefix: { "equals-ignore-case": "eventb" } }, { "equals-ignore-case": "s3" }],
          FilePath: [{ wildcard: "dir/*.png" }, { "anything-but": { wildcard: "*/lib/*" } }],
          state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }],
          price: [{ numeric: [">", 10, "<=", 20] }, { numeric: ["=", 3.018e2] }],
          "source-ip": [{ cidr: "10.0.0.0/24" }, { cidr: "2001:db8::/32" }],
          ProductName: [{ exists: true }],
          LastName: [""],
          UserID: [null],
          $or: [{ Location: ["New York"] }, { Day: ["Monday"] }],
        },
      }),
    ).toEqual([]);
  });
});

describe("matchesEventPattern", () => {
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (events are JSON objects)
  test("an event that is not a JSON object matches nothing", () => {
    expect(matchesEventPattern({ source: ["aws.ec2"] }, "aws.ec2")).toBe(false);
    expect(matchesEventPattern({ source: ["aws.ec2"] }, [{ source: "aws.ec2" }])).toBe(false);
    expect(matchesEventPattern({ source: ["aws.ec2"] }, null)).toBe(false);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
  test("does not change the pattern or the event", () => {
    const pattern = { detail: { $or: [{ a: [1] }, { b: [{ numeric: [">", 0] }] }] } };
    const event = { detail: { a: [1, 2], b: 3 } };
    const before = JSON.stringify([pattern, event]);
    expect(matchesEventPattern(pattern, event)).toBe(true);
    expect(JSON.stringify([pattern, event])).toBe(before);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
  test("a field whose value is undefined in JavaScript is a missing field", () => {
    expect(matchesEventPattern({ detail: { code: [{ exists: false }] } }, { detail: { code: undefined } })).toBe(true);
    expect(matchesEventPattern({ detail: { code: [null] } }, { detail: { code: undefined } })).toBe(false);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html ($or)
  test("$or expands into alternatives that each keep their sibling fields", () => {
    const pattern = { source: ["aws.cloudwatch"], $or: [{ a: ["x"] }, { b: ["y"] }], c: ["z"] };
    expect(matchesEventPattern(pattern, { source: "aws.cloudwatch", b: "y", c: "z" })).toBe(true);
    expect(matchesEventPattern(pattern, { source: "aws.cloudwatch", b: "y" })).toBe(false);
    expect(matchesEventPattern(pattern, { source: "aws.ec2", a: "x", c: "z" })).toBe(false);
  });
});

describe("patterns built in another realm", () => {
  test("are plain objects all the same (jest and vm contexts have their own Object.prototype)", () => {
    const pattern = runInNewContext('({ source: [{ prefix: "com.example." }] })');
    expect(eventPatternProblems(pattern)).toEqual([]);
    expect(matchesEventPattern(pattern, { source: "com.example.orders" })).toBe(true);
  });
});
