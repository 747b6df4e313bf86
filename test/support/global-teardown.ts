/** Jest's global teardown: removes the run's folder of shared Terraform plans. */
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  if (process.env.EVENTBRIDGE_TEST_RUN) rmSync(process.env.EVENTBRIDGE_TEST_RUN, { recursive: true, force: true });
}
