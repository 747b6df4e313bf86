/** The project's folder and its scenarios: what test files name, without loading cdktf or the constructs. */
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const PROJECT = resolve(__dirname, "..", "..");

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
    });
}

/** Every scenario (topology) file, as a path relative to the project; sample events and described bus policies are not scenarios. */
export const EXAMPLES = jsonFiles(join(PROJECT, "examples"))
  .map((file) => relative(PROJECT, file))
  .filter((file) => !file.startsWith("examples/events/") && !file.startsWith("examples/existing-policies/"));

/** The embedded default and every example, by the name tests show. */
export const TOPOLOGIES: readonly string[] = ["default", ...EXAMPLES];
