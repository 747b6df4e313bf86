/** The pattern algebra: a corpus of decided and undecided pairs, and property tests against the matcher. */
import fc from "fast-check";
import { Answer, intersection, intersects, isSubsumed, subsumption } from "../../patterns/algebra";
import { matchesEventPattern } from "../../patterns/match";
import { EventPattern } from "../../patterns/pattern";
import { eventPatternProblems } from "../../patterns/validate";
import corpus from "./algebra-corpus.json";

interface Case {
  readonly name: string;
  readonly a: EventPattern;
  readonly b: EventPattern;
  readonly intersects: Answer["answer"];
  readonly subsumed: Answer["answer"];
}

const matches = (pattern: EventPattern, event: unknown) => matchesEventPattern(pattern, event);

/** Every decided answer that has a witness carries one the matcher confirms. */
function checkIntersection(answer: Answer, patterns: readonly EventPattern[]) {
  if (answer.answer === "yes") {
    expect(answer.witness).toBeDefined();
    for (const pattern of patterns) expect(matches(pattern, answer.witness)).toBe(true);
  }
}

function checkSubsumption(answer: Answer, inner: readonly EventPattern[], outer: readonly EventPattern[]) {
  if (answer.answer === "no") {
    expect(answer.witness).toBeDefined();
    for (const pattern of inner) expect(matches(pattern, answer.witness)).toBe(true);
    for (const pattern of outer) expect(matches(pattern, answer.witness)).toBe(false);
  }
}

describe("pattern algebra corpus", () => {
  test.each((corpus.cases as Case[]).map((c) => [c.name, c] as const))("%s", (_, c) => {
    for (const pattern of [c.a, c.b]) expect(eventPatternProblems(pattern)).toEqual([]);
    const both = intersects(c.a, c.b);
    expect(both.answer).toBe(c.intersects);
    checkIntersection(both, [c.a, c.b]);
    expect(intersects(c.b, c.a).answer).toBe(c.intersects);
    const within = isSubsumed(c.a, c.b);
    expect(within.answer).toBe(c.subsumed);
    checkSubsumption(within, [c.a], [c.b]);
    expect(both.reason).not.toBe("");
    expect(within.reason).not.toBe("");
  });

  test("every operator is covered by the corpus", () => {
    const text = JSON.stringify(corpus.cases);
    for (const operator of ["prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "cidr", "wildcard", "$or"]) {
      expect(text).toContain(`"${operator}"`);
    }
    expect(text).toContain("null");
  });

  test("subsumption against several patterns and intersection of several", () => {
    const forward = { source: ["com.shop"], "detail-type": ["A", "B"] };
    const rules = [{ "detail-type": ["A"] }, { "detail-type": ["B"], source: [{ prefix: "com." }] }];
    expect(subsumption([forward], rules).answer).toBe("yes");
    const partly = subsumption([forward], rules.slice(0, 1));
    expect(partly.answer).toBe("no");
    checkSubsumption(partly, [forward], rules.slice(0, 1));
    expect(partly.answer === "no" && partly.witness?.["detail-type"]).toBe("B");
    const three = [forward, { account: ["111122223333"] }, { "detail-type": ["B"] }];
    const answer = intersection(three);
    checkIntersection(answer, three);
    expect(answer.answer === "yes" && answer.witness?.account).toBe("111122223333");
    expect(intersection([...three, { "detail-type": ["C"] }]).answer).toBe("no");
  });

  test("an invalid pattern is not reasoned about", () => {
    expect(intersects({ source: [] }, { source: ["a"] })).toEqual({ answer: "unknown", reason: expect.stringContaining("invalid") });
  });
});

// Small pools, so that generated patterns and events often meet.
const strings = ["a", "ab", "abc", "b", "ba", "A", "AB", "x.y", "10.0.0.1"];
const numbers = [0, 1, 2.5, 3, 10, -1];
const stringValue = fc.oneof(
  fc.constantFrom(...strings),
  fc.constantFrom(...strings).map((prefix) => ({ prefix })),
  fc.constantFrom(...strings).map((suffix) => ({ suffix })),
  fc.constantFrom(...strings).map((text) => ({ "equals-ignore-case": text })),
  fc.constantFrom("a*", "*b", "a*c", "*.*").map((wildcard) => ({ wildcard })),
  fc.constantFrom(...strings).map((text) => ({ "anything-but": [text] })),
  fc.constantFrom(...strings).map((text) => ({ "anything-but": { prefix: text } })),
  fc.constantFrom(...strings).map((text) => ({ "anything-but": { suffix: text } })),
  fc.constantFrom("10.0.0.0/24", "10.0.0.0/8").map((cidr) => ({ cidr })),
  fc.boolean().map((exists) => ({ exists })),
);
const anyValue = fc.oneof(
  stringValue,
  fc.constantFrom(...numbers),
  fc.constant(null),
  fc.constantFrom(...numbers).map((n) => ({ numeric: [">", n] })),
  fc.tuple(fc.constantFrom(...numbers), fc.constantFrom(...numbers)).map(([low, high]) => ({ numeric: [">=", low, "<", high] })),
  fc.constantFrom(...numbers).map((n) => ({ "anything-but": [n] })),
);
const values = (value: fc.Arbitrary<unknown>) => fc.uniqueArray(value, { minLength: 1, maxLength: 2, selector: (v) => JSON.stringify(v) });
const fields = fc.record(
  {
    source: values(stringValue),
    "detail-type": values(stringValue),
    resources: values(stringValue),
    detail: fc.record({ a: values(anyValue), b: values(anyValue) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const pattern: fc.Arbitrary<EventPattern> = fc
  .oneof(
    fields,
    fc.tuple(fields, fields).map(([x, y]) => ({ $or: [x, y] })),
  )
  .filter((p) => eventPatternProblems(p as EventPattern).length === 0);

const leaf = fc.oneof(fc.constantFrom(...strings), fc.constantFrom(...numbers), fc.constant(null));
const event = fc.record({
  source: fc.constantFrom(...strings),
  "detail-type": fc.constantFrom(...strings),
  resources: fc.array(fc.constantFrom(...strings), { maxLength: 2 }),
  detail: fc.record({ a: fc.oneof(leaf, fc.array(leaf, { maxLength: 2 })), b: leaf }, { requiredKeys: [] }),
});

describe("pattern algebra against the matcher (property tests)", () => {
  test("intersection: a witness matches both; no event matches both when the answer is no", () => {
    fc.assert(
      fc.property(pattern, pattern, fc.array(event, { minLength: 20, maxLength: 20 }), (a, b, events) => {
        const answer = intersects(a, b);
        checkIntersection(answer, [a, b]);
        if (answer.answer === "no") for (const e of events) expect(matches(a, e) && matches(b, e)).toBe(false);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test("subsumption: a counterexample escapes; every event of a matches b when the answer is yes", () => {
    fc.assert(
      fc.property(pattern, pattern, fc.array(event, { minLength: 20, maxLength: 20 }), (a, b, events) => {
        const answer = isSubsumed(a, b);
        checkSubsumption(answer, [a], [b]);
        if (answer.answer === "yes") for (const e of events) expect(!matches(a, e) || matches(b, e)).toBe(true);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test("a pattern intersects itself and is within itself, unless it matches nothing", () => {
    fc.assert(
      fc.property(pattern, (a) => {
        const self = intersects(a, a);
        checkIntersection(self, [a]);
        expect(isSubsumed(a, a).answer).not.toBe("no");
      }),
      { numRuns: 200, seed: 13 },
    );
  });
});
