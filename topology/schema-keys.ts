/** The keys the schema allows at a place of the input, for "did you mean" on an unknown key. */
import { z } from "zod";

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[] } & {
  valueType?: z.ZodType;
  in?: z.ZodType;
};

const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at `path` may be checked against (every branch of a union). */
function objectsAt(schema: unknown, path: readonly PropertyKey[]): Def[] {
  const def = defOf(schema);
  if (def.innerType) return objectsAt(def.innerType, path);
  if (def.type === "pipe" && def.in) return objectsAt(def.in, path);
  if (def.type === "union") return (def.options ?? []).flatMap((option) => objectsAt(option, path));
  if (path.length === 0) return def.type === "object" ? [def] : [];
  const [head, ...rest] = path;
  if (def.type === "object") return typeof head === "string" && def.shape?.[head] ? objectsAt(def.shape[head], rest) : [];
  if (def.type === "array" && def.element) return objectsAt(def.element, rest);
  if (def.type === "record" && def.valueType) return objectsAt(def.valueType, rest);
  return [];
}

/**
 * Every key an object at `path` of the input may hold, in schema order. The schema is read through its
 * definition only: typed `unknown`, the compiler does not relate the topology schema's type to zod's
 * (half a second of every type check).
 */
export function keysAllowedAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((def) => Object.keys(def.shape ?? {})))];
}
