import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTypeScript } from "./support/run";
import { PROJECT } from "./support/synth";

describe("README", () => {
  test("the TypeScript example synthesizes a working forward", () => {
    const readme = readFileSync(join(PROJECT, "README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "eventbridge-readme-"));
    try {
      const script = join(dir, "example.ts");
      const resolved = (code as string)
        .replace(/from "cdktf-eventbridge-cross-account"/g, `from "${PROJECT}/index"`)
        .replace(/from "cdktf"/g, `from "${require.resolve("cdktf")}"`);
      writeFileSync(script, resolved);
      const run = runTypeScript(script, [], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: join(dir, "out") } });
      expect(run.stderr).toBe("");
      const json = JSON.parse(readFileSync(join(dir, "out", "stacks", "wiring", "cdk.tf.json"), "utf8"));
      const target = Object.values(json.resource.aws_cloudwatch_event_target)[0] as { arn: string; depends_on: string[] };
      expect(target.arn).toBe("arn:aws:events:us-east-1:111111111111:event-bus/central");
      expect(target.depends_on).toContain("aws_cloudwatch_event_bus_policy.central-policy");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
