/** The README's snippets and commands, run: their outputs are what the README shows. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { README, README_PROJECT, anchor, codeBlocks, plainEnv, runNpmCommand, section, transcripts } from "./support/readme";
import { runTypeScript } from "./support/run";
import { PROJECT } from "./support/project";

const typescriptBlocks = codeBlocks(README, "ts");
const FIRST_TOPOLOGY = section("## Your first topology");
const MY_TOPOLOGY = codeBlocks(FIRST_TOPOLOGY, "json")[0];

/** Runs a README snippet with the package's own name mapped to this checkout. */
function runSnippet(code: string, dir: string, env: NodeJS.ProcessEnv = process.env) {
  const script = join(dir, "example.ts");
  writeFileSync(
    script,
    code
      .replace(/from "cdktf-eventbridge-cross-account"/g, `from "${PROJECT}/index"`)
      .replace(/from "cdktf"/g, `from "${require.resolve("cdktf")}"`),
  );
  return runTypeScript(script, [], { cwd: dir, env });
}

/** Each test's scratch folder: where its commands and snippets write, removed after it. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "eventbridge-readme-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("README", () => {
  test("the Terraform module sources of the HCL examples are pinned to a release tag", () => {
    const sources = [...README.matchAll(/source\s*=\s*"(github\.com\/[^"]*)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/\/\/terraform-modules\/[a-z-]+\?ref=v\d+\.\d+\.\d+$/);
  });

  test("the constructs example synthesizes a working forward", () => {
    const code = typescriptBlocks.find((block) => block.includes("app.synth()"));
    expect(code).toBeDefined();
    const run = runSnippet(code as string, dir, { ...process.env, CDKTF_OUTDIR: join(dir, "out") });
    expect(run.stderr).toBe("");
    const json = JSON.parse(readFileSync(join(dir, "out", "stacks", "wiring", "cdk.tf.json"), "utf8"));
    const target = Object.values(json.resource.aws_cloudwatch_event_target)[0] as { arn: string; depends_on: string[] };
    expect(target.arn).toBe("arn:aws:events:us-east-1:111111111111:event-bus/central");
    expect(target.depends_on).toContain("aws_cloudwatch_event_bus_policy.central-policy");
  });

  /** Runs the README's example that calls `call`, printing each line commented `; // <claim>`: what it printed, and the claims. */
  function printedAndClaimed(call: string): { printed: string[]; claims: string[] } {
    const code = typescriptBlocks.find((block) => block.includes(call));
    expect(code).toBeDefined();
    const lines = (code as string).split("\n");
    const claims = lines.filter((line) => line.includes("; // ")).map((line) => line.split("; // ")[1]);
    expect(claims).toHaveLength(2);
    const printing = lines
      .map((line) => (line.includes("; // ") ? `console.log(JSON.stringify(${line.split("; // ")[0]}));` : line))
      .join("\n");
    const run = runSnippet(printing, dir);
    expect(run.stderr).toBe("");
    return { printed: run.stdout.trim().split("\n"), claims };
  }

  test("the pattern matcher example gives the results its comments state", () => {
    const { printed, claims } = printedAndClaimed("matchesEventPattern(");
    expect(printed[0]).toBe(claims[0]);
    const stated = claims[1].replace(/\.\.\.'\]$/, "").replace(/^\['/, "");
    expect(JSON.parse(printed[1])[0].startsWith(stated)).toBe(true);
  });

  test("the pattern algebra example gives the answers its comments state", () => {
    const { printed, claims } = printedAndClaimed("isSubsumed(");
    expect(printed).toEqual(claims);
  });
});

type Topology = Record<string, Record<string, unknown>[]>;
const receiver = (topology: Topology) => topology.receivers[0] as { grants: unknown[]; rules: Record<string, unknown>[] };
const nested = (depth: number): object => (depth === 0 ? {} : { x: nested(depth - 1) });

/** How each Troubleshooting entry breaks the first topology (the entry's prose says the same), by its heading. */
const BROKEN: Record<string, (text: string) => string | undefined> = {
  '"cannot be read: no such file"': () => undefined,
  '"is not valid JSON at line …, column …"': (text) => text.replace(/\} \},\n/, "} }\n"),
  '"unknown key … did you mean"': (text) =>
    edit(text, (t) => {
      const rule = receiver(t).rules[0];
      rule.target = rule.targets;
      delete rule.targets;
    }),
  '"must be a name from accounts … did you mean"': (text) => edit(text, (t) => void (receiver(t).rules[0].senders = ["shpo"])),
  '"lets in an organization, but account … names no organization"': (text) =>
    edit(text, (t) => void (receiver(t).grants = [{ organization: "o-exampleorg01" }])),
  '"EventBridge would reject this pattern"': (text) =>
    edit(text, (t) => void ((t.senders[0].forwards as Record<string, unknown>[])[0].pattern = { source: [{ prefx: "com.example." }] })),
  '"nests deeper than 255 levels"': (text) => edit(text, (t) => void (receiver(t).rules[0].pattern = { detail: nested(300) })),
  '"the role is in account …, not in …"': (text) =>
    edit(text, (t) => void (t.accounts[0].credentials = { assumeRole: { roleArn: "arn:aws:iam::111111111111:role/terraform-deployer" } })),
  '`simulate` says "--account is missing" or "--account: … is invalid"': () => undefined,
};

function edit(text: string, change: (topology: Topology) => void): string {
  const topology = JSON.parse(text);
  change(topology);
  return JSON.stringify(topology, null, 2);
}

/** What a command printed as the README shows it: the temporary project as README_PROJECT; "..." ends a shortened output. */
function expectPrinted(printed: string, shown: string[], dir: string) {
  const lines = printed.split(dir).join(README_PROJECT).trimEnd().split("\n");
  if (shown.at(-1) === "...") expect(lines.slice(0, shown.length - 1)).toEqual(shown.slice(0, -1));
  else expect(lines).toEqual(shown);
}

describe("README for a new user", () => {
  test("the README states the suite's time once, within what CONTRIBUTING.md measured", () => {
    const stated = [...README.matchAll(/about (\d+) s on 2 cores from a fresh clone/g)].map((match) => Number(match[1]));
    expect(stated).toHaveLength(1);
    expect(README).not.toMatch(/\bminutes? on 2 cores\b/);
    const contributing = readFileSync(join(PROJECT, "CONTRIBUTING.md"), "utf8").replace(/\s+/g, " ");
    const measured = /The suite takes (\d+) to (\d+) s of wall time/.exec(contributing);
    if (!measured) throw new Error("CONTRIBUTING.md states no measured time of the suite");
    expect(stated[0]).toBeGreaterThanOrEqual(Number(measured[1]) * 0.95);
    expect(stated[0]).toBeLessThanOrEqual(Number(measured[2]) * 1.05);
  });

  test("no path of this machine appears in the README", () => {
    expect(README).not.toContain(PROJECT);
    expect(README).not.toContain(tmpdir());
  });

  test("every link of the contents and of the text leads to a heading", () => {
    const anchors = new Set([...README.matchAll(/^#{2,4} (.+)$/gm)].map((match) => anchor(match[1])));
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
    const contents = section("## Contents");
    for (const heading of README.match(/^## .+$/gm) ?? []) {
      if (heading !== "## Contents") expect(contents).toContain(`(#${anchor(heading.slice(3))})`);
    }
  });

  test("Your first topology: each command prints what the README shows", () => {
    writeFileSync(join(dir, "my-topology.json"), MY_TOPOLOGY);
    const steps = transcripts(FIRST_TOPOLOGY);
    expect(steps.map((step) => step.command)).toEqual([
      "npm start -- my-topology.json --out my-out",
      "npm run verify -- my-out",
      "npm run diagram -- my-out --out my-diagram",
      "npm run simulate -- --dir my-out --witness shop-to-central",
    ]);
    for (const step of steps) {
      const run = runNpmCommand(step.command, dir);
      expect({ command: step.command, code: run.code, stderr: run.stderr }).toEqual({ command: step.command, code: 0, stderr: "" });
      expectPrinted(run.stdout, step.output, dir);
    }
    expect(readdirSync(join(dir, "my-diagram")).sort()).toEqual([
      ".eventbridge-output.json",
      "topology.html",
      "topology.md",
      "topology.svg",
    ]);
  }, 60_000);

  const entries = section("## Troubleshooting")
    .split(/^### /m)
    .slice(1)
    .map((entry) => ({ heading: entry.slice(0, entry.indexOf("\n")), steps: transcripts(entry) }))
    .filter((entry) => entry.steps.length > 0);

  test("every Troubleshooting entry that shows a message is reproduced below", () => {
    expect(entries.map((entry) => entry.heading).sort()).toEqual(Object.keys(BROKEN).sort());
  });

  test.each(entries)("Troubleshooting $heading: the message is what the broken topology gets", ({ heading, steps }) => {
    const broken = BROKEN[heading](MY_TOPOLOGY);
    if (broken !== undefined) writeFileSync(join(dir, "my-topology.json"), broken);
    mkdirSync(join(dir, "examples"));
    for (const step of steps) {
      const typedIn = heading.includes("no such file") ? join(dir, "examples") : undefined;
      const run = runNpmCommand(step.command, dir, typedIn);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe("");
      expectPrinted(run.stderr, step.output, dir);
    }
    expect(readdirSync(dir).filter((name) => name !== "my-topology.json" && name !== "examples")).toEqual([]);
  });

  test("cdktf synth --app with your own file synthesizes it, and the deploy lines use the same app", () => {
    const deploying = codeBlocks(section("## Deploying with `cdktf deploy`"), "sh").join("\n");
    const apps = [...deploying.matchAll(/^npx cdktf (synth|deploy) --app "([^"]+)"/gm)].map((match) => [match[1], match[2]]);
    expect(apps.map(([command]) => command)).toEqual(["synth", "deploy", "deploy"]);
    expect(new Set(apps.map(([, app]) => app)).size).toBe(1);
    const app = apps[0][1];
    expect(app).toBe(`${JSON.parse(readFileSync(join(PROJECT, "cdktf.json"), "utf8")).app} my-topology.json`);

    writeFileSync(join(dir, "my-topology.json"), MY_TOPOLOGY);
    const cdktf = join(PROJECT, "node_modules", ".bin", "cdktf");
    const withFile = app.replace("my-topology.json", join(dir, "my-topology.json"));
    const run = spawnSync(cdktf, ["synth", "--app", withFile, "--output", join(dir, "cdktf.out")], {
      cwd: PROJECT,
      encoding: "utf8",
      env: { ...plainEnv(), CHECKPOINT_DISABLE: "1", CI: "1" },
    });
    expect(run.status).toBe(0);
    expect(readdirSync(join(dir, "cdktf.out", "stacks")).sort()).toEqual(["audit", "shop"]);
  }, 90_000);

  test("the pipeline's export names a file of this project, and writes what the README lists", () => {
    const pipeline = section("## Handing the Terraform to a pipeline");
    const command = codeBlocks(pipeline, "sh")[0].trim();
    expect(command).toBe("npm run export -- topology/default.json --format hcl --out terraform");
    mkdirSync(join(dir, "topology"));
    writeFileSync(join(dir, "topology", "default.json"), readFileSync(join(PROJECT, "topology", "default.json")));
    expect(runNpmCommand(command, dir).code).toBe(0);
    const listed = [...codeBlocks(pipeline, "")[0].matchAll(/(terraform\/[\w./-]+\.\w+)/g)].map((match) => match[1]);
    expect(listed.length).toBeGreaterThan(5);
    for (const file of listed) expect(readFileSync(join(dir, file), "utf8").length).toBeGreaterThan(0);
  }, 60_000);
});
