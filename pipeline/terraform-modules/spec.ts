/** What a Terraform module spec holds, and the helpers that turn shared rules into HCL. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CUSTOM_BUS_NAME, NameRule } from "../../modules/limits";

/** One input of a Terraform module; rendered into variables.tf and the README table. */
export interface ModuleVariable {
  readonly name: string;
  /** One sentence; the README repeats it. */
  readonly description: string;
  /** HCL type constraint, on one line. */
  readonly type: string;
  /** HCL expression of the default; absent for a required input. */
  readonly default?: string;
  readonly validations?: readonly ModuleValidation[];
}

export interface ModuleValidation {
  /** HCL condition over var.<name>. */
  readonly condition: string;
  readonly message: string;
}

export interface ModuleOutput {
  readonly name: string;
  readonly description: string;
  /** HCL expression. */
  readonly value: string;
  /** Resources the output waits for although its value does not read them: whatever reads the output waits too. */
  readonly dependsOn?: readonly string[];
}

/** A reusable Terraform module: what a caller passes and gets, and the resources in between. */
export interface TerraformModuleSpec {
  /** Folder name. */
  readonly name: string;
  readonly title: string;
  /** What the module makes, for the README. */
  readonly summary: string;
  /** Paragraphs the README adds after the summary: what a caller must know; default none. */
  readonly notes?: readonly string[];
  /** The configuration alias callers map their account's provider to (aws.<alias>). */
  readonly providerAlias: string;
  readonly variables: readonly ModuleVariable[];
  /** Data sources, locals and resources: hand-written HCL, formatted as terraform fmt formats it. */
  readonly main: string;
  readonly outputs: readonly ModuleOutput[];
  /** A call of the module, for the README. */
  readonly example: string;
}

/** An HCL string literal; JSON's escaping is HCL's for the characters our rules use. */
export const hclString = (text: string) => JSON.stringify(text);

/** The HCL condition that `expression` satisfies one of our shared naming rules. */
export function matchesInHcl(rule: NameRule, expression: string): string {
  const pattern = `can(regex(${hclString(`${rule.pattern.source}`)}, ${expression}))`;
  if (!rule.reserved) return pattern;
  return `${pattern} && !contains(${JSON.stringify(rule.reserved)}, ${expression})`;
}

/** Terraform wants validation messages as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed[0].toUpperCase()}${trimmed.slice(1)}${/[.?]$/.test(trimmed) ? "" : "."}`;
}

export function ruleValidation(rule: NameRule, expression: string, subject?: string): ModuleValidation {
  return { condition: matchesInHcl(rule, expression), message: sentence(subject ? `${subject}: ${rule.rule}` : rule.rule) };
}

/** Every element of a list expression satisfies a rule. */
export function everyMatches(rule: NameRule, list: string, subject: string): ModuleValidation {
  return {
    condition: `alltrue([for value in ${list} : ${matchesInHcl(rule, "value")}])`,
    message: sentence(`every ${subject} must be valid: ${rule.rule}`),
  };
}

/** The bus input every module shares: the default bus, or a custom bus by name. */
export function busNameVariable(description: string): ModuleVariable {
  return {
    name: "bus_name",
    description,
    type: "string",
    default: '"default"',
    validations: [
      {
        condition: `var.bus_name == "default" || ${matchesInHcl(CUSTOM_BUS_NAME, "var.bus_name")}`,
        message: sentence(CUSTOM_BUS_NAME.rule),
      },
    ],
  };
}

/** Account, region and partition of the module's provider, from which its ARNs are built. */
/** The data sources a module places itself by: account, region and partition of its provider, then a blank line. */
export function placementDataSources(providerAlias: string): string {
  return ["aws_caller_identity", "aws_region", "aws_partition"]
    .map((source) => `data "${source}" "current" {\n  provider = aws.${providerAlias}\n}\n`)
    .join("\n")
    .concat("\n");
}

/**
 * A module body from its template, `<name>.main.tf` beside the specs: real HCL that editors and
 * `terraform fmt` read, with `__NAME__` placeholders for the values it shares with the constructs
 * (limits, derived name suffixes, statement ids, validation expressions and their sentences).
 */
export function moduleTemplate(file: string, values: Record<string, string | number>): string {
  let text = readFileSync(join(__dirname, file), "utf8");
  for (const [name, value] of Object.entries(values)) {
    const placeholder = `__${name}__`;
    if (!text.includes(placeholder)) throw new Error(`${file}: no ${placeholder} to fill`);
    text = text.split(placeholder).join(String(value));
  }
  const left = /__[A-Z][A-Z0-9_]*__/.exec(text);
  if (left) throw new Error(`${file}: ${left[0]} has no value`);
  return text;
}
