import { orCombinations, wildcardComplexity } from "../../patterns/complexity";
import { DEFAULT_MAX_WILDCARD_COMPLEXITY, MAX_OR_COMBINATIONS } from "../../patterns/pattern";
import { eventPatternProblems } from "../../patterns/validate";
import { WildcardMachine, wildcardTokens } from "../../patterns/wildcard-machine";

/*
 * How far a pattern expands once EventBridge compiles it. The corpus (event-pattern-corpus.json)
 * holds the cases at the edges of both limits; these tests pin the machinery to Event Ruler's own
 * expectations (https://github.com/aws/event-ruler).
 */

const wildcards = (...values: string[]) => values.map((wildcard) => ({ wildcard }));

describe("wildcard complexity", () => {
  // Every single-field expectation of src/test/software/amazon/event/ruler/MachineComplexityEvaluatorTest.java
  // whose patterns end in a literal. Those tests add bare values to a ByteMachine; rules from JSON
  // add them in quotes, so the quotes are stripped here.
  test.each([
    [2, ["*ab"]],
    [3, ["*aa"]],
    [2, ["a*b"]],
    [3, ["a*bb"]],
    [4, ["a*bbb"]],
    [3, ["a*bcb"]],
    [4, ["*ab*ad"]],
    [3, ["*ab*d"]],
    [5, ["a*b*bb"]],
    [4, ["a*b*cb"]],
    [3, ["a*b*cd"]],
    [4, ["a*b*b"]],
    [1, ["abc"]],
    [3, ["ab*c", "x*xx"]],
    [4, ["*abc", "*abcde"]],
    [4, ["a*bcd", "ab*cd"]],
    [4, ["a*bc", "a*bcde"]],
    [7, ["a*aaa", "aa*aa"]],
    [6, ["a*aaa", "aaa*a"]],
    [5, ["a*aax", "aaa*x"]],
    [6, ["ab*cd", "ab*wx", "ab*yz"]],
    [2, ["ab*c", "ab*c"]],
    [10, ["F*eatureFeature", "Fe*atureFeature", "Fea*tureFeature"]],
  ])("is %d for %j, in either order of insertion", (expected, patterns) => {
    for (const order of [patterns, [...patterns].reverse()]) {
      const machine = new WildcardMachine<string>();
      for (const pattern of order) machine.insert(wildcardTokens(pattern).slice(1, -1), pattern, "next", () => "next");
      expect(machine.complexity(Infinity)).toBe(expected);
    }
  });

  // MachineComplexityEvaluatorTest.testEvaluateNestedMachinesViaNextNameStates: the most complex
  // field wins, whichever name state it sits behind.
  test("is the highest over the fields of a rule", () => {
    const pattern = {
      abc: [{ prefix: "a" }, "abcdef", { suffix: "z" }],
      def: [{ prefix: "b" }, { wildcard: "a*a*a*a*a*a*" }, { suffix: "c" }],
      ghi: [{ prefix: "a" }, "abcdef", { suffix: "z" }],
    };
    expect(wildcardComplexity(pattern, Infinity)).toEqual({ path: "def", complexity: 11 });
    expect(wildcardComplexity({ source: ["aws.s3"], detail: { name: ["a.png"] } }, Infinity)).toBeUndefined();
  });

  test("counts a value repeated in one field once, unless a cased letter after a * makes Ruler build its path twice", () => {
    expect(wildcardComplexity({ name: wildcards("*.png") }, Infinity)?.complexity).toBe(2);
    expect(wildcardComplexity({ name: wildcards("*.png", "*.png") }, Infinity)?.complexity).toBe(3);
    expect(wildcardComplexity({ name: wildcards("*.123", "*.123") }, Infinity)?.complexity).toBe(2);
  });

  test("refuses past the default limit of 10, which a caller can change or skip", () => {
    const eleven = { detail: { name: wildcards("*.png", "*.jpg", "*.gif", "*.bmp", "*.svg", "README") } };
    expect(DEFAULT_MAX_WILDCARD_COMPLEXITY).toBe(10);
    expect(eventPatternProblems(eleven)).toEqual([
      "detail.name: rule is too complex: wildcard complexity is at least 11 (one value can match that many wildcard prefixes at " +
        "once), above the limit of 10; use fewer wildcard characters or fewer repeating character sequences after a wildcard character",
    ]);
    expect(eventPatternProblems(eleven, { maxWildcardComplexity: 11 })).toEqual([]);
    expect(eventPatternProblems(eleven, { maxWildcardComplexity: Infinity })).toEqual([]);
    expect(eventPatternProblems({ name: wildcards("*.png", "*.jpg") }, { maxWildcardComplexity: 3 })).toEqual([
      expect.stringContaining("name: rule is too complex: wildcard complexity is at least 4"),
    ]);
  });

  test("is only measured on a pattern EventBridge could compile", () => {
    const twelve = wildcards("*.png", "*.jpg", "*.gif", "*.bmp", "*.svg", "*.tif");
    expect(eventPatternProblems({ detail: { name: twelve, state: [{ contains: "run" }] } })).toEqual([
      expect.stringContaining('detail.state[0]: unrecognized match type "contains"'),
    ]);
  });

  test("stops after a bounded amount of work for a limit far above EventBridge's", () => {
    const field = Array.from({ length: 30 }, (_, i) => ({ wildcard: `*a*${i}*b*` }));
    expect(wildcardComplexity({ name: field }, 1000)?.complexity).toBeGreaterThan(DEFAULT_MAX_WILDCARD_COMPLEXITY);
  });
});

describe("$or combinations", () => {
  test("multiply across $or and add up the alternatives of one $or, nested ones included", () => {
    expect(orCombinations({ source: ["a", "b", "c"], detail: { state: ["x", "y"] } })).toBe(1);
    expect(orCombinations({ $or: [{ a: [1] }, { b: [2] }], detail: { $or: [{ c: [3] }, { d: [4] }, { e: [5] }] } })).toBe(6);
    expect(orCombinations({ $or: [{ a: [1], $or: [{ b: [2] }, { c: [3] }] }, { d: [4] }] })).toBe(3);
  });

  test("refuses a pattern past 1,000, and measures no wildcard on it", () => {
    const alternatives = (name: string, count: number) => Array.from({ length: count }, (_, i) => ({ [name]: [i] }));
    const pattern = { $or: alternatives("a", 11), detail: { $or: alternatives("b", 10), item: { $or: alternatives("c", 10) } } };
    expect(MAX_OR_COMBINATIONS).toBe(1000);
    expect(eventPatternProblems({ ...pattern, name: wildcards("*a*a*a*a*a*a*") })).toEqual([
      "(root): $or expands this pattern into 1100 combinations, more than the 1000 EventBridge allows",
    ]);
  });
});
