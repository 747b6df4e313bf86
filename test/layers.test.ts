import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { PROJECT } from "./support/project";

/**
 * Imports only point down the layers: framework/ and patterns/ < modules/ < topology/ < stacks/ <
 * pipeline/ and analysis/ < cli/ < main.ts and index.ts (scripts/ and test/ may use anything).
 */
const LAYERS: Record<string, number> = {
  framework: 0,
  patterns: 0,
  modules: 1,
  topology: 2,
  stacks: 3,
  pipeline: 4,
  analysis: 4,
  cli: 5,
  ".": 6,
};

const layerOf = (file: string): string => {
  const top = relative(PROJECT, file).split(sep)[0];
  return top in LAYERS ? top : ".";
};

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const FILES = [
  ...Object.keys(LAYERS)
    .filter((layer) => layer !== ".")
    .flatMap((layer) => sources(join(PROJECT, layer))),
  join(PROJECT, "main.ts"),
  join(PROJECT, "index.ts"),
];

/** The imports of a file's text that point up the layers, as "<file> imports <target>". */
function upwardImports(file: string, text: string): string[] {
  return [...text.matchAll(/(?:from\s+|require\()"(\.[^"]*)"/g)]
    .map((match) => resolve(dirname(file), match[1]))
    .filter((target) => LAYERS[layerOf(target)] > LAYERS[layerOf(file)])
    .map((target) => `${relative(PROJECT, file)} imports ${relative(PROJECT, target)}`);
}

describe("layers", () => {
  test("every layer has sources, so the check reads the tree it guards", () => {
    for (const layer of Object.keys(LAYERS)) expect(FILES.some((file) => layerOf(file) === layer)).toBe(true);
  });

  test("no import runs from a lower layer to a higher one", () => {
    expect(FILES.flatMap((file) => upwardImports(file, readFileSync(file, "utf8")))).toEqual([]);
  });

  test("the check finds an upward import, and lets a downward one pass", () => {
    const file = join(PROJECT, "modules", "event-pattern.ts");
    expect(upwardImports(file, 'import { verifyGraph } from "../analysis/checks";\nimport { Placement } from "./arns";')).toEqual([
      `modules${sep}event-pattern.ts imports analysis${sep}checks`,
    ]);
    expect(upwardImports(join(PROJECT, "analysis", "checks.ts"), 'import { containsStar } from "../modules/event-pattern";')).toEqual([]);
  });
});
