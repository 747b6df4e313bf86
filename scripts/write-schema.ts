/** `npm run schema`: writes schema/topology.schema.json from the zod schema. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { topologyJsonSchema } from "../topology/schema";

/** The JSON Schema editors use for topology files, generated from the schema the loader enforces. */
export function renderTopologySchema(): string {
  return `${JSON.stringify({ title: "Cross-account EventBridge topology", ...topologyJsonSchema() }, null, 2)}\n`;
}

if (require.main === module) {
  const file = join(__dirname, "..", "schema", "topology.schema.json");
  writeFileSync(file, renderTopologySchema());
  console.log(`wrote ${join("schema", "topology.schema.json")}`);
}
