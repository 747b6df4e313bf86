/**
 * The stacks' provider configurations, moved into the root module that plans them, one for each
 * distinct configuration: Terraform starts a provider process per configuration, and those processes
 * are most of a plan's CPU time. Each module declares its aliases (configuration_aliases) and the
 * root passes it the configuration it wrote, unchanged but for the alias.
 */
import { parse } from "@cdktf/hcl2json";
import { dirname } from "node:path";

export type ProviderBlock = Record<string, unknown> & { readonly alias: string };

export interface LiftedModule {
  /** The module's files without their provider blocks, declaring the aliases they take. */
  readonly files: Record<string, string>;
  /** By the module's alias: the root's alias passed in for it. */
  readonly providers: Record<string, string>;
}

export interface LiftedProviders {
  /** By module name; a module whose provider blocks hold references keeps them, and is not here. */
  readonly modules: Map<string, LiftedModule>;
  /** The root's provider blocks, by alias. */
  readonly blocks: Map<string, ProviderBlock>;
}

/** JSON with object keys sorted: one text for one configuration, whichever order it was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

interface Taken {
  readonly text: string;
  readonly blocks: ProviderBlock[];
}

/** A Terraform JSON file's AWS provider blocks, taken out; its aliases declared in required_providers. */
function takeFromJson(text: string): Taken {
  const json = JSON.parse(text);
  const blocks: ProviderBlock[] = json.provider?.aws ?? [];
  if (blocks.length === 0) return { text, blocks };
  delete json.provider.aws;
  if (Object.keys(json.provider).length === 0) delete json.provider;
  const aws = json.terraform?.required_providers?.aws;
  if (!aws) throw new Error("a stack with provider blocks but no required_providers.aws");
  aws.configuration_aliases = blocks.map((block) => `aws.${block.alias}`);
  return { text: JSON.stringify(json), blocks };
}

/** An HCL file's AWS provider blocks (as the HCL renderer writes them), taken out and read by the HCL library; aliases declared. */
async function takeFromHcl(file: string, text: string): Promise<Taken> {
  const written = text.match(/^provider "aws" \{\n[\s\S]*?^\}\n/gm) ?? [];
  if (written.length === 0) return { text, blocks: [] };
  const blocks: ProviderBlock[] = (await parse(file, written.join("\n"))).provider.aws;
  const rest = written.reduce((remaining, block) => remaining.replace(block, ""), text);
  const source = /^( +)source( +)= "hashicorp\/aws"\n/m;
  if (!source.test(rest)) throw new Error(`${file}: no required_providers entry for aws to declare the aliases in`);
  const aliases = `configuration_aliases = [${blocks.map((block) => `aws.${block.alias}`).join(", ")}]`;
  return { text: rest.replace(source, (line, indent) => `${line}${indent}${aliases}\n`), blocks };
}

/**
 * Moves the provider blocks of the modules' own folders into one set for the root, a configuration
 * written the same way by several stacks (or by both formats of an export) once.
 */
export async function liftProviders(
  modules: readonly { readonly name: string; readonly files: Record<string, string>; readonly root?: string }[],
): Promise<LiftedProviders> {
  const lifted = new Map<string, LiftedModule>();
  const blocks = new Map<string, ProviderBlock>();
  const aliasOf = new Map<string, string>();
  for (const module of modules) {
    const files = { ...module.files };
    const taken: ProviderBlock[] = [];
    for (const [file, text] of Object.entries(module.files)) {
      if (dirname(file) !== (module.root ?? ".")) continue;
      const { text: rest, blocks: own } = file.endsWith(".tf.json") ? takeFromJson(text) : await takeFromHcl(file, text);
      files[file] = rest;
      taken.push(...own);
    }
    // A configuration that refers to anything of its stack stays there.
    if (taken.some((block) => JSON.stringify(block).includes("${"))) continue;
    const providers: Record<string, string> = {};
    for (const { alias, ...configuration } of taken) {
      let key = canonical(configuration);
      // One root configuration per alias of a module, even where a stack writes the same one twice.
      while (Object.values(providers).includes(aliasOf.get(key) ?? "")) key = `${key}#${module.name}`;
      if (!aliasOf.has(key)) {
        aliasOf.set(key, `shared_${aliasOf.size + 1}`);
        blocks.set(aliasOf.get(key) as string, { ...configuration, alias: aliasOf.get(key) as string });
      }
      providers[alias] = aliasOf.get(key) as string;
    }
    lifted.set(module.name, { files, providers });
  }
  return { modules: lifted, blocks };
}
