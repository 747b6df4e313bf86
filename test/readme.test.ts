import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTypeScript } from "./support/run";
import { PROJECT } from "./support/synth";

const README = readFileSync(join(PROJECT, "README.md"), "utf8");
const typescriptBlocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);

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

describe("README", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "eventbridge-readme-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

  test("the pattern matcher example gives the results its comments state", () => {
    const code = typescriptBlocks.find((block) => block.includes("matchesEventPattern("));
    expect(code).toBeDefined();
    const lines = (code as string).split("\n");
    const claims = lines.filter((line) => line.includes("; // ")).map((line) => line.split("; // "));
    expect(claims).toHaveLength(2);
    const printing = lines
      .map((line) => (line.includes("; // ") ? `console.log(JSON.stringify(${line.split("; // ")[0]}));` : line))
      .join("\n");
    const run = runSnippet(printing, dir);
    expect(run.stderr).toBe("");
    const printed = run.stdout.trim().split("\n");
    expect(printed[0]).toBe(claims[0][1]);
    const stated = claims[1][1].replace(/\.\.\.'\]$/, "").replace(/^\['/, "");
    expect(JSON.parse(printed[1])[0].startsWith(stated)).toBe(true);
  });

  test("the pattern algebra example gives the answers its comments state", () => {
    const code = typescriptBlocks.find((block) => block.includes("isSubsumed("));
    expect(code).toBeDefined();
    const lines = (code as string).split("\n");
    const claims = lines.filter((line) => line.includes("; // ")).map((line) => line.split("; // ")[1]);
    expect(claims).toHaveLength(2);
    const printing = lines
      .map((line) => (line.includes("; // ") ? `console.log(JSON.stringify(${line.split("; // ")[0]}));` : line))
      .join("\n");
    const run = runSnippet(printing, dir);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n")).toEqual(claims);
  });
});
