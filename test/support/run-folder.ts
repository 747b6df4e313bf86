/** The run's folder: made by the jest global setup, so the test files of one run share it; else this process's own. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let ownRunFolder: string | undefined;

/** The folder the global teardown removes, where test files share what they make once (plans, cdktf's testing outdir). */
export function runFolder(): string {
  if (process.env.EVENTBRIDGE_TEST_RUN) return process.env.EVENTBRIDGE_TEST_RUN;
  if (!ownRunFolder) {
    const dir = (ownRunFolder = mkdtempSync(join(tmpdir(), "eventbridge-test-run-")));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return ownRunFolder;
}
