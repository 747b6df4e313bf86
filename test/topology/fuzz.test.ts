import fc from "fast-check";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFolder } from "../../analysis/verify";
import { synthesizeTopology } from "../../stacks/synthesize";
import { runOnTopology } from "../../cli/command-line";
import { TopologyError, TopologyInput, parseTopology } from "../../topology/load";
import { formatPath } from "../../topology/resolve";
import { nested, topologyArbitrary } from "../support/topology-arbitrary";

/** Runs per property: FUZZ_RUNS for longer local runs, FUZZ_SEED to replay one; fixed in CI. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const settings = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED, endOnFailure: false });
const counts: string[] = [];
afterAll(() => process.stdout.write(`fuzz (seed ${SEED}): ${counts.join("; ")}\n`));

type Input = any;
interface Breakage {
  readonly rule: string;
  /** Breaks one rule of a valid topology and returns the field path the problem must name. */
  readonly apply: (topology: Input, n: number) => string;
}

/** One breakage per rule of the schema and of our checks. */
const BREAKAGES: Breakage[] = [
  {
    rule: "account ID not 12 digits",
    apply: (t, n) => ((t.accounts[n % t.accounts.length].id = String(n).padStart(11, "9")), `accounts[${n % t.accounts.length}].id`),
  },
  { rule: "organization ID malformed", apply: (t) => ((t.accounts[0].organization = "org-fuzz"), "accounts[0].organization") },
  { rule: "region malformed", apply: (t) => ((t.receivers[0].region = "us-east"), "receivers[0].region") },
  { rule: "duplicate account ID", apply: (t) => ((t.accounts[1].id = t.accounts[0].id), "accounts[1].id") },
  { rule: "duplicate account name", apply: (t) => ((t.accounts[1].name = t.accounts[0].name), "accounts[1].name") },
  { rule: "sender is its own receiver", apply: (t) => ((t.senders[0].account = t.receivers[0].account), "senders[0].forwards[0].to[0]") },
  { rule: "rule name outside the charset", apply: (t) => ((t.senders[0].forwards[0].name = "forward one"), "senders[0].forwards[0].name") },
  { rule: "rule name over 64", apply: (t) => ((t.receivers[0].rules[0].name = "r".repeat(65)), "receivers[0].rules[0].name") },
  { rule: "custom bus named default", apply: (t) => ((t.receivers[0].bus = { name: "default" }), "receivers[0].bus.name") },
  { rule: "custom bus with a slash", apply: (t) => ((t.receivers[0].bus = { name: "a/b" }), "receivers[0].bus.name") },
  {
    rule: "role name over 64",
    apply: (t) => ((t.senders[0].forwards[0].role = { name: "x".repeat(65) }), "senders[0].forwards[0].role.name"),
  },
  {
    rule: "more than 5 targets",
    apply: (t) => ((t.senders[0].forwards[0].to = Array(6).fill(t.receivers[0].name)), "senders[0].forwards[0].to"),
  },
  { rule: "pattern not an object", apply: (t) => ((t.senders[0].forwards[0].pattern = ["com.example"]), "senders[0].forwards[0].pattern") },
  {
    rule: "pattern over 2,048 characters",
    apply: (t) => (
      (t.senders[0].forwards[0].pattern = { source: Array.from({ length: 200 }, (_, i) => `com.example.source-${i}`) }),
      "senders[0].forwards[0].pattern"
    ),
  },
  {
    // Deep enough to pass the limit, shallow enough for JSON.stringify (the command path writes the file).
    rule: "pattern nested beyond the depth limit",
    apply: (t, n) => (
      (t.senders[0].forwards[0].pattern = { detail: nested(256 + (n % 1500), { leaf: ["x"] }) }),
      "senders[0].forwards[0].pattern.detail.n.n"
    ),
  },
  {
    rule: '"*" in an account filter',
    apply: (t) => ((t.senders[0].forwards[0].pattern = { account: ["*"] }), "senders[0].forwards[0].pattern.account"),
  },
  {
    rule: "invalid operator",
    apply: (t) => ((t.receivers[0].rules[0].pattern = { source: [{ prefx: "a" }] }), "receivers[0].rules[0].pattern"),
  },
  { rule: "unknown key", apply: (t) => ((t.senders[0].forwards[0].patern = {}), "senders[0].forwards[0].patern") },
  {
    rule: "retry age out of range",
    apply: (t, n) => (
      (t.senders[0].forwards[0].retry = { maximumEventAgeSeconds: n % 2 ? 59 : 86401 }),
      "senders[0].forwards[0].retry.maximumEventAgeSeconds"
    ),
  },
  {
    rule: "retry attempts out of range",
    apply: (t, n) => (
      (t.senders[0].forwards[0].retry = { maximumRetryAttempts: n % 2 ? -1 : 186 }),
      "senders[0].forwards[0].retry.maximumRetryAttempts"
    ),
  },
  {
    rule: "forward to a receiver that does not grant it",
    apply: (t) => {
      t.receivers[0].grants = [{ account: "999999999999" }];
      t.receivers[0].rules.forEach((rule: Input) => (rule.senders = ["999999999999"]));
      return "senders[0].forwards[0].to[0]";
    },
  },
  {
    rule: "organization grant without a sender role",
    apply: (t) => {
      t.receivers.forEach((receiver: Input) => (receiver.grants = [{ organization: "o-fuzzorg0001" }]));
      t.senders[0].region = t.receivers[0].region;
      t.senders[0].forwards[0].role = false;
      t.senders[0].forwards[0].existingTarget = true;
      return "senders[0].forwards[0].role";
    },
  },
  {
    rule: "cross-region forward without a sender role",
    apply: (t) => {
      t.senders[0].region = t.receivers[0].region === "us-east-1" ? "eu-west-1" : "us-east-1";
      t.senders[0].forwards[0].role = false;
      t.senders[0].forwards[0].existingTarget = true;
      return "senders[0].forwards[0].role";
    },
  },
  {
    rule: "bus policy over 10,240 characters",
    apply: (t) => {
      t.receivers[0].grants = [...t.receivers[0].grants, ...Array.from({ length: 120 }, (_, i) => ({ account: String(500000000000 + i) }))];
      return "receivers[0].grants";
    },
  },
  {
    rule: "everybody without the opt-in",
    apply: (t) => {
      t.receivers[0].grants.push({ everybody: true });
      return `receivers[0].grants[${t.receivers[0].grants.length - 1}].everybody`;
    },
  },
  {
    rule: "a rule naming a target that does not exist",
    apply: (t) => ((t.receivers[0].rules[0].targets = ["nowhere"]), "receivers[0].rules[0].targets[0]"),
  },
  { rule: "reserved tag key", apply: (t) => ((t.tags = { "aws:team": "x" }), 'tags["aws:team"]') },
  {
    rule: "archive name over 48",
    apply: (t) => ((t.receivers[0].archive = { name: "a".repeat(49), retentionDays: 7 }), "receivers[0].archive.name"),
  },
  {
    rule: "encryption key of another account",
    apply: (t) => {
      t.receivers[0].bus = { name: "encrypted" };
      t.receivers[0].encryption = { keyArn: `arn:aws:kms:${t.receivers[0].region}:999999999999:key/fuzz-1` };
      return "receivers[0].encryption.keyArn";
    },
  },
  {
    rule: "alarm topic in another region",
    apply: (t) => (
      (t.senders[0].alarmTopicArn =
        `arn:aws:sns:${t.senders[0].region === "us-east-1" ? "eu-west-1" : "us-east-1"}:` +
        `${t.accounts.find((a: Input) => a.name === t.senders[0].account).id}:alerts`),
      "senders[0].alarmTopicArn"
    ),
  },
];

describe("generated valid topologies", () => {
  test("always load", () => {
    fc.assert(
      fc.property(topologyArbitrary, (input) => void parseTopology(structuredClone(input), "fuzz")),
      settings(RUNS),
    );
    counts.push(`${RUNS} valid topologies loaded`);
  });

  test("always synthesize, and the verifier finds nothing but warnings on existing role-less targets and undescribed default buses", () => {
    const dir = mkdtempSync(join(tmpdir(), "eventbridge-fuzz-"));
    // A synthesis and a verify take about 35 ms each: a twentieth of the loads keeps this test near 4 s.
    const runs = Math.max(1, Math.round(RUNS / 20));
    try {
      fc.assert(
        fc.property(topologyArbitrary, (input) => {
          synthesizeTopology(parseTopology(structuredClone(input), "fuzz"), "out", dir);
          // Role-less forwards describe targets that already exist: the verifier warns of AWS's rule. A default bus's
          // policy written without existingPolicy replaces what it was not shown: a warning too. Nothing else.
          const warned = ["role-required", "bus-policy-not-imported"];
          // Random forward and receiver patterns need not meet: what flows along a forward is the pattern algebra's to judge
          // (test/patterns/algebra.test.ts), so its findings are left out here.
          const flows = ["dead-forward", "unmatched-forwarded-events", "dead-receiver-rule"];
          const findings = verifyFolder(join(dir, "out")).findings.filter((finding) => !flows.includes(finding.check));
          expect(findings.filter((finding) => !warned.includes(finding.check) || finding.severity !== "warning")).toEqual([]);
        }),
        settings(runs),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    counts.push(`${runs} synthesized and verified`);
  });
});

describe("generated invalid topologies, one rule broken at a time", () => {
  test.each(BREAKAGES.map((breakage) => [breakage.rule, breakage] as const))(
    "%s: refused with the field path and value, nothing written",
    (_rule, breakage) => {
      const runs = Math.max(1, Math.round(RUNS / BREAKAGES.length));
      const dir = mkdtempSync(join(tmpdir(), "eventbridge-fuzz-invalid-"));
      try {
        fc.assert(
          fc.property(topologyArbitrary, fc.nat(), (valid: TopologyInput, n: number) => {
            const input = structuredClone(valid) as Input;
            const path = breakage.apply(input, n);
            let error: unknown;
            try {
              parseTopology(input, "fuzz.json");
            } catch (caught) {
              error = caught;
            }
            expect(error).toBeInstanceOf(TopologyError);
            const problems = (error as TopologyError).problems;
            expect(problems.map((problem) => formatPath(problem.path))).toContain(path);
            const line = (error as TopologyError).message.split("\n").find((text) => text.startsWith(`fuzz.json: ${path}: `));
            expect(line).toMatch(/\((got .+|missing|the pattern: .+)\)$/);
          }),
          settings(runs),
        );
        // The command path: exit code 1, and the command that would write output never runs.
        const broken = fc.sample(topologyArbitrary, { numRuns: 1, seed: SEED })[0] as Input;
        breakage.apply(broken, 1);
        const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
        const file = join(dir, "broken.json");
        writeFileSync(file, JSON.stringify(broken));
        const code = runOnTopology(file, () => synthesizeTopology(parseTopology({}), "out", dir));
        errors.mockRestore();
        expect(code).toBe(1);
        expect(existsSync(join(dir, "out"))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      counts.push(`${runs} × ${breakage.rule}`);
    },
  );
});
