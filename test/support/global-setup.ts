/** Jest's global setup: the run's folder, where test files share Terraform plans (shared-plans.ts), and a filled provider cache. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformAvailability, warmProviderCache } from "./terraform";

export default function globalSetup(): void {
  // Set before jest starts its workers, so every test file of the run sees it.
  process.env.EVENTBRIDGE_TEST_RUN = mkdtempSync(join(tmpdir(), "eventbridge-test-run-"));
  // Filled once, before the workers' inits link to it side by side.
  if (terraformAvailability().ok) warmProviderCache();
}
