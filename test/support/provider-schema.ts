import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/**
 * The schema of an AWS provider release as its CDK bindings carry it: each resource's Config
 * interface lists its arguments (camelCase of the Terraform names) with their types, nested block
 * interfaces their blocks, and the class getters the attributes it exports.
 */
export type Kind = "string" | "number" | "boolean" | "list" | "map" | "block" | "blocks" | "any";

interface Shape {
  readonly arguments: Map<string, { kind: Kind; block?: string }>;
}

interface ResourceSchema {
  readonly interfaces: Map<string, Shape>;
  readonly config: string;
  readonly getters: Set<string>;
}

/** Arguments every resource takes from Terraform itself, not from the provider. */
const META_ARGUMENTS = new Set(["provider", "depends_on", "lifecycle", "count", "for_each", "//", "connection", "provisioner"]);

export const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const pascal = (dir: string) => dir.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

function kindOf(typeText: string, interfaces: ReadonlySet<string>): { kind: Kind; block?: string } {
  const type = typeText
    .replace(/\s*\|\s*\w+\.IResolvable/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (type === "string" || type === "number" || type === "boolean") return { kind: type };
  if (/^(string|number|boolean)\[\]$/.test(type)) return { kind: "list" };
  if (/^\{ \[key: string\]: \w+;? \}$/.test(type)) return { kind: "map" };
  const block = /^(\w+)(\[\])?$/.exec(type);
  if (block && interfaces.has(block[1])) return { kind: block[2] ? "blocks" : "block", block: block[1] };
  return { kind: "any" };
}

function parseBinding(file: string, config: string): ResourceSchema {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const declared = source.statements.filter(ts.isInterfaceDeclaration);
  const names = new Set(declared.map((declaration) => declaration.name.text));
  const interfaces = new Map<string, Shape>();
  for (const declaration of declared) {
    const args = new Map<string, { kind: Kind; block?: string }>();
    for (const member of declaration.members) {
      if (ts.isPropertySignature(member) && member.type) args.set(member.name.getText(source), kindOf(member.type.getText(source), names));
    }
    interfaces.set(declaration.name.text, { arguments: args });
  }
  const getters = new Set<string>();
  for (const declaration of source.statements.filter(ts.isClassDeclaration)) {
    for (const member of declaration.members) if (ts.isGetAccessorDeclaration(member)) getters.add(member.name.getText(source));
  }
  return { interfaces, config, getters };
}

/** One mismatch between what we write and the schema, named by its Terraform path. */
export type SchemaProblem = string;

export class ProviderSchema {
  private readonly cache = new Map<string, ResourceSchema | undefined>();

  /** @param lib the bindings' lib folder, e.g. node_modules/@cdktn/provider-aws/lib */
  constructor(private readonly lib: string) {}

  private schemaOf(kind: "resource" | "data" | "provider", type: string): ResourceSchema | undefined {
    const key = `${kind}.${type}`;
    if (!this.cache.has(key)) {
      const dir = kind === "provider" ? "provider" : `${kind === "data" ? "data-aws-" : ""}${type.replace(/^aws_/, "").replace(/_/g, "-")}`;
      const file = join(this.lib, dir, "index.d.ts");
      const config = kind === "provider" ? "AwsProviderConfig" : `${pascal(dir)}Config`;
      this.cache.set(key, existsSync(file) ? parseBinding(file, config) : undefined);
    }
    return this.cache.get(key);
  }

  /** What in one resource, data source or provider block the schema lacks or types differently. */
  check(kind: "resource" | "data" | "provider", type: string, body: Record<string, unknown>): SchemaProblem[] {
    const schema = this.schemaOf(kind, type);
    if (!schema) return [`${kind} ${type}: not in this provider`];
    return this.checkShape(schema, schema.config, body, `${kind === "resource" ? "" : `${kind}.`}${type}`);
  }

  /** Whether a resource or data source exports this attribute (for references such as aws_x.y.arn). */
  exports(kind: "resource" | "data", type: string, attribute: string): boolean {
    return this.schemaOf(kind, type)?.getters.has(camel(attribute)) ?? false;
  }

  private checkShape(schema: ResourceSchema, shapeName: string, body: Record<string, unknown>, path: string): SchemaProblem[] {
    const shape = schema.interfaces.get(shapeName);
    if (!shape) return [`${path}: no ${shapeName} in the bindings`];
    return Object.entries(body).flatMap(([name, value]): SchemaProblem[] => {
      if (META_ARGUMENTS.has(name)) return [];
      const argument = shape.arguments.get(camel(name));
      if (!argument) return [`${path}.${name}: not an argument of this provider`];
      return this.checkValue(schema, argument, value, `${path}.${name}`);
    });
  }

  private checkValue(schema: ResourceSchema, argument: { kind: Kind; block?: string }, value: unknown, path: string): SchemaProblem[] {
    if (typeof value === "string" && /^\$\{[^}]*\}$/.test(value)) return [];
    const blocks = Array.isArray(value) ? value : [value];
    switch (argument.kind) {
      case "any":
        return [];
      case "string":
      case "number":
      case "boolean":
        return typeof value === argument.kind ? [] : [`${path}: ${argument.kind} in this provider, written as ${JSON.stringify(value)}`];
      case "list":
        return Array.isArray(value) ? [] : [`${path}: a list in this provider, written as ${JSON.stringify(value)}`];
      case "map":
        return typeof value === "object" && value !== null && !Array.isArray(value) ? [] : [`${path}: a map in this provider`];
      case "block":
      case "blocks":
        if (!blocks.every((block) => typeof block === "object" && block !== null && !Array.isArray(block)))
          return [`${path}: a block in this provider`];
        return blocks.flatMap((block) => this.checkShape(schema, argument.block as string, block as Record<string, unknown>, path));
    }
  }
}
