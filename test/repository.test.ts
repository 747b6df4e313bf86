/** What a fresh clone holds besides code: the license the package declares, and git ignoring what the commands write (issue 14). */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT } from "./support/project";

describe("repository", () => {
  test("LICENSE is the Apache License 2.0 text as apache.org publishes it, the license package.json declares", () => {
    const text = readFileSync(join(PROJECT, "LICENSE"), "utf8");
    // The MD5 of https://www.apache.org/licenses/LICENSE-2.0.txt.
    expect(createHash("md5").update(text).digest("hex")).toBe("3b83ef96387f14655fc854ddc3c6bd57");
    expect(JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")).license).toBe("Apache-2.0");
  });

  test("git ignores the folders the commands write by default", () => {
    const paths = [
      "export/orders/main.tf.json",
      "build/org/manifest.json",
      "cdktf.out/manifest.json",
      "diagram/topology.svg",
      "my-out/manifest.json",
      "my-diagram/topology.html",
    ];
    const run = spawnSync("git", ["check-ignore", "--no-index", ...paths, "cdktf-eventbridge-cross-account-0.6.0.tgz"], {
      cwd: PROJECT,
      encoding: "utf8",
    });
    expect(run.stdout.trim().split("\n")).toEqual([...paths, "cdktf-eventbridge-cross-account-0.6.0.tgz"]);
  });
});
