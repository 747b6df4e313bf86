/** How a folder of stacks is read: its Terraform JSON files, their apply order, one stack's documents merged. */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { STACKS_FILE, StackOrder } from "../pipeline/apply-order";
import { Json, Resources, parseJson } from "./model";

/** Folders holding *.tf.json: cdktf's stacks/<name>/cdk.tf.json, an export's <name>/main.tf.json, or a plain folder. */
export function stackFiles(dir: string): { name: string; files: string[] }[] {
  const found: { name: string; files: string[] }[] = [];
  const walk = (folder: string) => {
    const entries = readdirSync(folder).sort();
    const files = entries.filter((entry) => entry.endsWith(".tf.json") && !entry.includes("override")).map((entry) => join(folder, entry));
    if (files.length > 0) found.push({ name: relative(dir, folder).replace(/^stacks\//, "") || ".", files });
    for (const entry of entries) {
      if (!entry.startsWith(".") && entry !== "node_modules" && statSync(join(folder, entry)).isDirectory()) walk(join(folder, entry));
    }
  };
  walk(dir);
  return found;
}

const readIfThere = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : undefined);

/** The apply order: cdktf's manifest.json, or the stacks.json of an export. */
export function stackDependencies(dir: string): Map<string, string[]> {
  const manifest = parseJson<{ stacks?: Record<string, { dependencies?: string[] }> }>(readIfThere(join(dir, "manifest.json")));
  if (manifest?.stacks) return new Map(Object.entries(manifest.stacks).map(([name, stack]) => [name, stack.dependencies ?? []]));
  const exported = parseJson<{ stacks?: StackOrder[] }>(readIfThere(join(dir, STACKS_FILE)));
  return new Map((exported?.stacks ?? []).map((stack) => [stack.name, [...stack.dependencies]]));
}

export type StackContents = { resource: Resources; provider: Json[]; imports: Set<string> };

export function merge(documents: Json[]): StackContents {
  const resource: Resources = {};
  const provider: Json[] = [];
  const imports = new Set<string>();
  for (const document of documents) {
    for (const [type, byName] of Object.entries((document.resource ?? {}) as Resources)) resource[type] = { ...resource[type], ...byName };
    const aws = (document.provider as { aws?: Json[] | Json } | undefined)?.aws;
    if (aws) provider.push(...(Array.isArray(aws) ? aws : [aws]));
    // Top-level import blocks (Terraform 1.5+), one object or a list; `to` is the address as a string.
    const blocks = (Array.isArray(document.import) ? document.import : document.import ? [document.import] : []) as Json[];
    for (const block of blocks) if (typeof block.to === "string") imports.add(block.to);
  }
  return { resource, provider, imports };
}
