/** The first-hour traps of the loader (issue 14): each message names the field, the value, the rule and the fix. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { editDistance, closestName } from "../../modules/suggest";
import { TopologyError, loadTopologyFile } from "../../topology/load";
import { formatPath } from "../../topology/resolve";
import { runTypeScript } from "../support/run";
import { PROJECT } from "../support/project";
import { Input, problemsOf, rejectsFrom } from "../support/topology-problems";

const example = (name: string) => JSON.parse(readFileSync(join(PROJECT, "examples", name), "utf8"));
const ORGANIZATION = example("organization-grant.json");
const ACCOUNT_GRANTS = example("account-grants.json");
const lines = (error: TopologyError) => error.message.split("\n");

describe("did you mean", () => {
  test("the distance counts a swap of neighbours as one edit, and the closest name must be close", () => {
    expect(editDistance("targest", "targets")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closestName("targest", ["name", "targets", "rules"])).toBe("targets");
    expect(closestName("roleARN", ["roleArn", "externalId"])).toBe("roleArn");
    expect(closestName("payments", ["orders", "observability"])).toBeUndefined();
  });

  test("a misspelled key names the key it meant", () => {
    rejectsFrom(
      ORGANIZATION,
      (t) => (t.receivers[0].targest = t.receivers[0].targets),
      "receivers[0].targest",
      ORGANIZATION.receivers[0].targets,
      'unknown key: a typo is never ignored (see schema/topology.schema.json for the keys allowed here); did you mean "targets"?',
    );
    rejectsFrom(
      ORGANIZATION,
      (t) => (t.accounts[0].credentials.assumeRole.rolearn = "x"),
      "accounts[0].credentials.assumeRole.rolearn",
      "x",
      'did you mean "roleArn"?',
    );
  });

  test("a key far from every allowed one gets no guess", () => {
    const { problems } = problemsOf(ORGANIZATION, (t: Input) => (t.receivers[0].colour = "blue"));
    expect(problems.map((p) => p.rule)).toEqual([
      "unknown key: a typo is never ignored (see schema/topology.schema.json for the keys allowed here)",
    ]);
  });

  test("a misspelled sender account, forward receiver, rule target or rule sender names the one it meant, in one problem", () => {
    const cases: [(t: Input) => void, string, string, string][] = [
      [
        (t) => (t.senders[0].account = "app-onee"),
        "senders[0].account",
        "app-onee",
        'must be the name of an entry in accounts (Terraform needs its credentials); did you mean "app-one"?',
      ],
      [
        (t) => (t.senders[0].forwards[0].to = ["security-hubb"]),
        "senders[0].forwards[0].to[0]",
        "security-hubb",
        'must be the name of a receiver; did you mean "security-hub"?',
      ],
      [
        (t) => (t.receivers[0].rules[0].targets[0] = "findings-topik"),
        "receivers[0].rules[0].targets[0]",
        "findings-topik",
        'must be the id of a target of receiver "security-hub"; did you mean "findings-topic"?',
      ],
    ];
    for (const [mutate, path, value, rule] of cases) {
      const { problems } = problemsOf(ORGANIZATION, mutate);
      expect(problems.map((p) => [formatPath(p.path), p.value, p.rule])).toEqual([[path, value, rule]]);
    }
  });
});

describe("one root cause, not a cascade", () => {
  test("a misspelled rule sender is the one problem: no account filter error follows", () => {
    const { error, problems } = problemsOf(ACCOUNT_GRANTS, (t) => (t.receivers[0].rules[1].senders = ["billingx"]));
    expect(problems.map((p) => [formatPath(p.path), p.value, p.rule])).toEqual([
      ["receivers[0].rules[1].senders[0]", "billingx", 'must be a name from accounts or a 12-digit account ID; did you mean "billing"?'],
    ]);
    expect(error.message).not.toContain("empty arrays");
  });

  test("an organization grant whose accounts name no organization: one message naming accounts[i].organization", () => {
    const { error, problems } = problemsOf(ORGANIZATION, (t) => t.accounts.forEach((account: Input) => delete account.organization));
    expect(problems).toHaveLength(1);
    expect(formatPath(problems[0].path)).toBe("receivers[0].grants[0].organization");
    expect(problems[0].value).toBe("o-a1b2c3d4e5");
    expect(lines(error)).toEqual([
      't.json: receivers[0].grants[0].organization: receiver "security-hub" lets in an organization, but accounts app-one, app-two ' +
        'forwarding to it name no organization: set accounts[1].organization, accounts[2].organization to "o-a1b2c3d4e5" (or add an ' +
        'account grant) (got "o-a1b2c3d4e5")',
    ]);
    expect(error.message).not.toContain("add a grant at");
  });

  test("an account of another organization still gets the per-forward message", () => {
    const { problems } = problemsOf(ORGANIZATION, (t) => (t.accounts[1].organization = "o-zzzzzzzzzz"));
    expect(problems.map((p) => p.rule)).toEqual([
      expect.stringContaining("does not grant account app-one (555555555555) or its organization o-zzzzzzzzzz"),
    ]);
  });
});

describe("pattern errors", () => {
  test("show the pattern as written, and say got once", () => {
    const { error } = problemsOf(ORGANIZATION, (t) => (t.receivers[0].rules[0].pattern = { source: [{ prefix: 5 }] }));
    const [line] = lines(error);
    expect(line).toBe(
      "t.json: receivers[0].rules[0].pattern: EventBridge would reject this pattern: source[0].prefix: prefix match pattern must be a " +
        'string or {"equals-ignore-case": "<text>"} (got number 5) (the pattern: {"source":[{"prefix":5}]})',
    );
    expect(line.match(/\(got /g)).toHaveLength(1);
    expect(line).not.toContain("555555555555");
  });

  test("a pattern valid alone but too long with the account filter says so", () => {
    const note = "n".repeat(2048 - 60);
    const { problems } = problemsOf(ORGANIZATION, (t) => (t.receivers[0].rules[0].pattern = { detail: { note: [note] } }));
    expect(problems.map((p) => p.rule)).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^an event pattern holds at most 2048 characters ` +
            String.raw`\(with the account filter written from senders: \["555555555555","666666666666"\]\)`,
        ),
      ),
    ]);
  });
});

describe("checks the loader lacked", () => {
  test("a role ARN in another account than the account it is for", () => {
    rejectsFrom(
      ORGANIZATION,
      (t) => (t.accounts[1].credentials.assumeRole.roleArn = "arn:aws:iam::444444444444:role/terraform-deployer"),
      "accounts[1].credentials.assumeRole.roleArn",
      "arn:aws:iam::444444444444:role/terraform-deployer",
      "the role is in account 444444444444, not in app-one (555555555555): Terraform would create this account's resources in the " +
        "role's account; name a role of 555555555555",
    );
  });
});

describe("files", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "eventbridge-errors-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("a JSON syntax error names the resolved file, the line and the column", () => {
    const text = readFileSync(join(PROJECT, "examples", "organization-grant.json"), "utf8").replace(
      '"name": "security",',
      '"name": "security"',
    );
    writeFileSync(join(dir, "broken.json"), text);
    const cwd = process.cwd();
    process.chdir(dir);
    let caught: unknown;
    try {
      loadTopologyFile("broken.json");
    } catch (error) {
      caught = error;
    } finally {
      process.chdir(cwd);
    }
    const line = text.split("\n").findIndex((l) => l.includes('"id": "444444444444"')) + 1;
    expect((caught as Error).message).toBe(
      `${join(dir, "broken.json")}: (top level): is not valid JSON at line ${line}, column 7: Expected ',' or '}' after property value`,
    );
  });

  test("a file that is not there is named by its resolved path", () => {
    expect(() => loadTopologyFile(join(dir, "nope.json"))).toThrow(`${join(dir, "nope.json")}: (top level): cannot be read: no such file`);
  });

  test("a pattern nested 8,000 levels deep is a one-line refusal, no stack trace", () => {
    // A placeholder, not the pattern's own text: the receiver's rule has the same pattern, earlier in the file.
    const topology = { ...ORGANIZATION, senders: structuredClone(ORGANIZATION.senders) };
    topology.senders[0].forwards[0].pattern = "DEEP";
    const text = JSON.stringify(topology).replace('"DEEP"', `${'{"detail":'.repeat(8000)}{"source":["x"]}${"}".repeat(8000)}`);
    expect(text.length).toBeGreaterThan(80_000);
    writeFileSync(join(dir, "deep.json"), text);
    const run = runTypeScript(join(PROJECT, "main.ts"), ["deep.json", "--out", "out"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "deep.json: senders[0].forwards[0].pattern.detail.detail.detail: a value under this field nests deeper than 255 levels " +
        "(counted from the top of the file), the most this tool reads (EventBridge's schema discovery stops at 255) " +
        '(got "more than 255 levels")\n',
    );
  });
});
