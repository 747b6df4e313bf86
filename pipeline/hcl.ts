/**
 * Renders the Terraform JSON of our stacks as native HCL, formatted as `terraform fmt` formats it:
 * references unquoted (provider = aws.orders_us_east_1, depends_on = [aws_x.y]), policy and pattern
 * documents as jsonencode(...) of an HCL object, and `=` aligned across runs of single-line attributes.
 */
import { terraformLiteral, terraformLiteralValue } from "../modules/terraform-literal";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Attributes that hold a JSON document as a string: rendered as jsonencode of the parsed document. */
const JSON_DOCUMENTS = new Set(["policy", "assume_role_policy", "event_pattern", "policy_document"]);
/** Attributes whose object value is a map, not a nested block. */
const MAP_ATTRIBUTES = new Set(["tags", "tags_all", "dimensions"]);
const REFERENCE = /^\$\{([^{}]+)\}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if"]);

/** One rendered line: an attribute that fits on it takes part in `=` alignment. */
interface Line {
  readonly indent: number;
  readonly text: string;
  /** For a single-line attribute: its key, so runs of them can be aligned. */
  readonly key?: string;
  readonly value?: string;
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

// HCL quoted strings take control characters only as escapes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** An HCL quoted string; `literal` text (inside jsonencode) has its template sequences escaped too. */
function quote(text: string, literal: boolean): string {
  let escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(CONTROL, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (literal) escaped = terraformLiteral(escaped);
  return `"${escaped}"`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) ? name : quote(name, false);
}

/** A string of the Terraform JSON: a lone ${...} is a bare expression; anything else a template. */
function expression(text: string): string {
  const reference = REFERENCE.exec(text);
  return reference ? reference[1] : quote(text, false);
}

function isPrimitive(value: Json): value is null | boolean | number | string {
  return value === null || typeof value !== "object";
}

function primitive(value: Json, literal: boolean): string {
  if (typeof value === "string") return literal ? quote(value, true) : expression(value);
  return JSON.stringify(value);
}

/**
 * A value as lines: the first line continues "key = ", later lines are indented from `indent`.
 * `literal` values (inside jsonencode) never hold references.
 */
function value(node: Json, indent: number, literal: boolean): Line[] | string {
  if (isPrimitive(node)) return primitive(node, literal);
  if (Array.isArray(node)) {
    if (node.every(isPrimitive)) return `[${node.map((item) => primitive(item, literal)).join(", ")}]`;
    const lines: Line[] = [{ indent, text: "[" }];
    for (const item of node) {
      const rendered = value(item, indent + 1, literal);
      if (typeof rendered === "string") lines.push({ indent: indent + 1, text: `${rendered},` });
      else {
        lines.push({ ...rendered[0], indent: indent + 1 }, ...rendered.slice(1, -1));
        const last = rendered[rendered.length - 1];
        lines.push({ indent: last.indent, text: `${last.text},` });
      }
    }
    lines.push({ indent, text: "]" });
    return lines;
  }
  const entries = Object.entries(node);
  if (entries.length === 0) return "{}";
  return [
    { indent, text: "{" },
    ...entries.flatMap(([name, item]) => attribute(key(name), item, indent + 1, literal)),
    { indent, text: "}" },
  ];
}

function attribute(name: string, node: Json, indent: number, literal = false): Line[] {
  const rendered = value(node, indent, literal);
  if (typeof rendered === "string") return [{ indent, text: `${name} = ${rendered}`, key: name, value: rendered }];
  return [{ indent, text: `${name} = ${rendered[0].text}` }, ...rendered.slice(1)];
}

/** Meta-arguments that Terraform JSON already writes as plain references (aws.alias, aws_x.y). */
function bare(name: string, reference: string, indent: number): Line {
  return { indent, text: `${name} = ${reference}`, key: name, value: reference };
}

function jsonDocument(name: string, text: string, indent: number): Line[] {
  let document: Json;
  try {
    // The JSON string is a template: its document is what Terraform makes of it, escapes undone.
    document = JSON.parse(terraformLiteralValue(text));
  } catch {
    return attribute(name, text, indent);
  }
  const rendered = value(document, indent, true);
  if (typeof rendered === "string")
    return [{ indent, text: `${name} = jsonencode(${rendered})`, key: name, value: `jsonencode(${rendered})` }];
  const last = rendered[rendered.length - 1];
  return [
    { indent, text: `${name} = jsonencode(${rendered[0].text}` },
    ...rendered.slice(1, -1),
    { indent: last.indent, text: `${last.text})` },
  ];
}

/** The body of a block: meta-arguments, attributes, nested blocks, then depends_on. */
function body(node: JsonObject, indent: number): Line[] {
  const attributes: Line[] = [];
  const blocks: Line[][] = [];
  let provider: Line[] = [];
  let dependsOn: Line[] = [];
  for (const [name, item] of Object.entries(node)) {
    if (name === "//") continue;
    if (name === "provider" && typeof item === "string") provider = [bare(name, item, indent)];
    else if (name === "depends_on" && Array.isArray(item)) dependsOn = [bare(name, `[${item.join(", ")}]`, indent)];
    else if (JSON_DOCUMENTS.has(name) && typeof item === "string") attributes.push(...jsonDocument(name, item, indent));
    else if (isObject(item) && !MAP_ATTRIBUTES.has(name)) blocks.push(block(name, [], item, indent));
    else if (Array.isArray(item) && item.length > 0 && item.every(isObject)) {
      for (const each of item) blocks.push(block(name, [], each as JsonObject, indent));
    } else attributes.push(...attribute(name, item, indent));
  }
  const lines = [...provider, ...attributes];
  for (const nested of blocks) lines.push(...(lines.length > 0 ? [{ indent: 0, text: "" }] : []), ...nested);
  if (dependsOn.length > 0) lines.push(...(lines.length > 0 ? [{ indent: 0, text: "" }] : []), ...dependsOn);
  return lines;
}

function block(type: string, labels: string[], node: JsonObject, indent: number): Line[] {
  const head = [type, ...labels.map((label) => quote(label, true))].join(" ");
  return [{ indent, text: `${head} {` }, ...body(node, indent + 1), { indent, text: "}" }];
}

function terraformBlock(settings: JsonObject): Line[] {
  const lines: Line[] = [{ indent: 0, text: "terraform {" }];
  const { required_version: version, required_providers: providers, backend } = settings;
  if (typeof version === "string") lines.push(...attribute("required_version", version, 1));
  if (isObject(providers)) {
    lines.push({ indent: 1, text: "required_providers {" });
    for (const [name, requirement] of Object.entries(providers)) lines.push(...attribute(key(name), requirement, 2, true));
    lines.push({ indent: 1, text: "}" });
  }
  if (isObject(backend)) {
    for (const [kind, config] of Object.entries(backend)) {
      lines.push({ indent: 0, text: "" }, ...block("backend", [kind], config as JsonObject, 1));
    }
  }
  lines.push({ indent: 0, text: "}" });
  return lines;
}

/** Pads the keys of each run of consecutive single-line attributes at one level, as terraform fmt does. */
function align(lines: Line[]): string[] {
  const out: string[] = [];
  let run: Line[] = [];
  const flush = () => {
    const width = Math.max(...run.map((line) => (line.key as string).length));
    for (const line of run) out.push(`${"  ".repeat(line.indent)}${(line.key as string).padEnd(width)} = ${line.value}`);
    run = [];
  };
  for (const line of lines) {
    if (line.key !== undefined && (run.length === 0 || run[0].indent === line.indent)) {
      run.push(line);
      continue;
    }
    if (run.length > 0) flush();
    if (line.key !== undefined) run.push(line);
    else out.push(line.text === "" ? "" : `${"  ".repeat(line.indent)}${line.text}`);
  }
  if (run.length > 0) flush();
  return out;
}

/** An import block, in the order Terraform documents: `to` and `provider` are references, which Terraform JSON writes as strings. */
function importBlock(config: JsonObject): Line[] {
  const first = ["to", "id", "provider"];
  const names = [...first, ...Object.keys(config).filter((name) => !first.includes(name) && name !== "//")].filter(
    (name) => name in config,
  );
  return [
    { indent: 0, text: "import {" },
    ...names.flatMap((name) => {
      const item = config[name];
      return name !== "id" && first.includes(name) && typeof item === "string" ? [bare(name, item, 1)] : attribute(key(name), item, 1);
    }),
    { indent: 0, text: "}" },
  ];
}

/** A whole stack's Terraform JSON as the text of one .tf file. */
export function renderHcl(stack: JsonObject): string {
  const sections: Line[][] = [];
  if (isObject(stack.terraform)) sections.push(terraformBlock(stack.terraform));
  for (const [name, configs] of Object.entries(isObject(stack.provider) ? stack.provider : {})) {
    for (const config of Array.isArray(configs) ? configs : [configs]) sections.push(block("provider", [name], config as JsonObject, 0));
  }
  for (const [type, resources] of Object.entries(isObject(stack.resource) ? stack.resource : {})) {
    for (const [name, config] of Object.entries(resources as JsonObject))
      sections.push(block("resource", [type, name], config as JsonObject, 0));
  }
  const imports = Array.isArray(stack.import) ? stack.import : isObject(stack.import) ? [stack.import] : [];
  for (const config of imports) sections.push(importBlock(config as JsonObject));
  for (const [name, config] of Object.entries(isObject(stack.output) ? stack.output : {}))
    sections.push(block("output", [name], config as JsonObject, 0));
  return `${sections.map((section) => align(section).join("\n")).join("\n\n")}\n`;
}

export type { JsonObject };
