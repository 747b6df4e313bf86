/** Through npm, as a user runs them: clean machine-readable stdout, and paths resolved where the user typed them (issue 14). */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology } from "../../topology/load";
import { PROJECT } from "../support/project";

/** npm as a user runs it from `cwd`, with none of the npm_* variables of the `npm test` that runs this. */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$)/i.test(key)));
  const run = spawnSync("npm", args, { cwd, env, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm scripts", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "eventbridge-npm-"));
    synthesizeTopology(loadTopology(undefined), join(dir, "stacks"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("npm run verify -- --format json prints only JSON on stdout, without npm's banner", () => {
    const run = npm(["run", "verify", "--", join(dir, "stacks"), "--format", "json"], PROJECT);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stacks: 3, errors: 0 });
    expect(run.stderr).not.toContain("> cdktf-eventbridge-cross-account@");
  });

  test("a failing verify through npm prints one JSON document on stdout, and exits 1", () => {
    const broken = join(dir, "broken");
    cpSync(join(dir, "stacks"), broken, { recursive: true });
    const policy = join(broken, "stacks", "observability", "cdk.tf.json");
    const stack = JSON.parse(readFileSync(policy, "utf8"));
    delete stack.resource.aws_cloudwatch_event_bus_policy;
    writeFileSync(policy, JSON.stringify(stack));
    const run = npm(["run", "verify", "--", broken, "--format", "json"], PROJECT);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors).toBeGreaterThan(0);
  });

  test("npm's own messages are off, and --loglevel=notice brings them back", () => {
    const run = npm(["run", "verfy"], PROJECT);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toBe("");
    expect(npm(["run", "verfy", "--loglevel=notice"], PROJECT).stderr).toContain('Missing script: "verfy"');
  });

  test("a file given from another folder is read there, and messages show its resolved path", () => {
    const text = readFileSync(join(PROJECT, "examples", "custom-buses.json"), "utf8");
    writeFileSync(join(dir, "mine.json"), text.replace(/,\n(\s*)"accounts"/, '\n$1"accounts"'));
    const broken = npm(["--prefix", PROJECT, "start", "--", "mine.json", "--out", "out"], dir);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(
      new RegExp(`^${join(dir, "mine.json")}: \\(top level\\): is not valid JSON at line \\d+, column \\d+: `, "m"),
    );
    writeFileSync(join(dir, "mine.json"), text.replace('"$schema": "../schema/topology.schema.json",', ""));
    const run = npm(["--prefix", PROJECT, "start", "--", "mine.json", "--out", "out"], dir);
    expect(run.stderr).not.toContain("error");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(dir, "out")}/stacks/custom-buses/cdk.tf.json`);
    expect(existsSync(join(dir, "out", "stacks", "custom-buses", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(PROJECT, "out"))).toBe(false);
  });
});
