import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderTopologySchema } from "../../scripts/write-schema";
import { EXAMPLES, PROJECT } from "../support/project";

describe("published JSON Schema", () => {
  test("is the one the loader enforces (run npm run schema after changing topology/schema.ts)", () => {
    expect(readFileSync(join(PROJECT, "schema", "topology.schema.json"), "utf8")).toBe(renderTopologySchema());
  });

  test("is what every example points its editor at", () => {
    for (const example of EXAMPLES) {
      const { $schema } = JSON.parse(readFileSync(join(PROJECT, example), "utf8"));
      expect(join(PROJECT, example, "..", $schema)).toBe(join(PROJECT, "schema", "topology.schema.json"));
    }
  });

  test("forbids unknown keys everywhere, so editors flag typos as the loader does", () => {
    const schema = JSON.parse(renderTopologySchema());
    const objects: { additionalProperties?: unknown; properties?: object }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const object = node as { type?: string; properties?: object; additionalProperties?: unknown };
        if (object.type === "object" && object.properties) objects.push(object);
        Object.values(object).forEach(walk);
      }
    };
    walk(schema);
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.additionalProperties).toBe(false);
  });
});
