/** Jest's test order: the long chains first, the files that wait for another file's Terraform plan last (JavaScript: jest loads it untransformed). */
import jestSequencer from "@jest/test-sequencer";
import { statSync } from "node:fs";
import { relative } from "node:path";

const Sequencer = jestSequencer.default;

/**
 * Jest's own order needs timings from an earlier run, which a fresh clone lacks, and it would put the
 * files that mostly wait (for the shared plan, test/support/shared-plans.ts) first. So: the file that
 * starts the shared Terraform plan, the package test, the longest files of their own work, the files
 * whose own plans follow the shared plan, then the rest by size, and last the files that only read it.
 */
const FIRST = [
  "test/stacks/terraform.test.ts",
  "test/package.test.ts",
  // Work of their own while the shared plan is made, rather than a worker waiting for it.
  "test/topology/fuzz.test.ts",
  "test/readme.test.ts",
  "test/pipeline/github-actions.test.ts",
  "test/analysis/diagram-layout.test.ts",
  "test/analysis/diagram-html.test.ts",
  "test/stacks/output-folder.test.ts",
  // Plans of their own that need the shared plan's results first: the migration's later steps are a chain.
  "test/stacks/migration.test.ts",
  "test/pipeline/terraform-modules.test.ts",
  "test/pipeline/export.test.ts",
  "test/cli/eventbridge.test.ts",
  "test/main.test.ts",
];
const LAST = ["test/pipeline/export-terraform.test.ts", "test/pipeline/user-text.test.ts", "test/stacks/terraform-fuzz.test.ts"];

export default class TestOrder extends Sequencer {
  sort(tests) {
    const path = (test) => relative(test.context.config.rootDir, test.path).split("\\").join("/");
    const rank = (test) => {
      const first = FIRST.indexOf(path(test));
      if (first >= 0) return first - FIRST.length;
      return LAST.includes(path(test)) ? 1 : 0;
    };
    const size = (test) => statSync(test.path).size;
    return [...tests].sort((a, b) => rank(a) - rank(b) || size(b) - size(a));
  }
}
