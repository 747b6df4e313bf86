import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../support/run";
import { PROJECT } from "../support/project";

/** `eventbridge <command>` is each npm script's command, with the same output lines and exit codes. */
const eventbridge = (args: string[], cwd: string) => runCommand(join(PROJECT, "cli", "eventbridge.ts"), args, { cwd });
const npmScript = (entry: string, args: string[], cwd: string) => runCommand(join(PROJECT, entry), args, { cwd });

describe("the eventbridge command", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-cli-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test("--help lists every subcommand; no or an unknown subcommand is exit 2", () => {
    const help = eventbridge(["--help"], cwd);
    expect(help.code).toBe(0);
    for (const name of ["synth", "export", "verify", "simulate", "diagram"]) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(eventbridge([], cwd)).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: eventbridge <command>") });
    expect(eventbridge(["deploy"], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"deploy" is not a command of eventbridge'),
    });
  });

  test.each(["synth", "export", "verify", "simulate", "diagram"])("%s --help shows its own usage", (name) => {
    const run = eventbridge([name, "--help"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: eventbridge ${name} `));
  });

  test("synth, export, verify, simulate and diagram print what the npm scripts print", () => {
    const synth = eventbridge(["synth", join(PROJECT, "examples", "account-grants.json"), "--out", "a"], cwd);
    const start = npmScript("main.ts", [join(PROJECT, "examples", "account-grants.json"), "--out", "b"], cwd);
    expect(synth.code).toBe(0);
    expect(synth.stdout.replace(/ a\//g, " b/")).toBe(start.stdout);
    const exported = eventbridge(["export", "--format", "hcl", "--out", "tf"], cwd);
    expect(exported).toMatchObject({
      code: 0,
      stdout: npmScript("cli/export.ts", ["--format", "hcl", "--out", "tf2"], cwd).stdout.replace(/ tf2\//g, " tf/"),
    });
    expect(eventbridge(["verify", "a"], cwd)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("verify: 3 stacks, 4 targets: 0 errors, 1 warning"),
    });
    const event = join(PROJECT, "examples", "events", "order-created.json");
    const simulated = eventbridge(["simulate", "--dir", "a", "--event", event, "--account", "222222222222"], cwd);
    expect(simulated.code).toBe(0);
    expect(simulated.stdout).toBe(npmScript("cli/simulate.ts", ["--dir", "a", "--event", event, "--account", "222222222222"], cwd).stdout);
    expect(eventbridge(["diagram", "a", "--out", "drawn"], cwd).code).toBe(0);
    expect(readFileSync(join(cwd, "drawn", "topology.md"), "utf8")).toContain("```mermaid");
    expect(eventbridge(["export", "--format", "yaml"], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage: eventbridge export"),
    });
  });
});
