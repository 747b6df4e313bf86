/** Jest's global setup: the run's folder, where test files share Terraform plans (test/support/shared-plans.ts). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function globalSetup(): void {
  // Set before jest starts its workers, so every test file of the run sees it.
  process.env.EVENTBRIDGE_TEST_RUN = mkdtempSync(join(tmpdir(), "eventbridge-test-run-"));
}
