import { parse } from "@cdktf/hcl2json";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { synthesize } from "../support/synth";
import { PROJECT, TOPOLOGIES } from "../support/project";
import { ProviderSchema, SchemaProblem } from "../support/provider-schema";

/**
 * Everything we write is accepted by AWS provider 6.x as it is by 5.100: every resource, data
 * source, argument and block of every synthesized stack (the export renders the same JSON) and of
 * the Terraform modules, and every attribute the modules read, against the 6.x bindings
 * (@cdktn/provider-aws, AWS provider 6.66.0) and, as a control, the 5.100 ones (@cdktf/provider-aws).
 * Only 5.100.0 is in the offline mirror, so Terraform itself validates and plans on 5.100 only.
 */
const bindings = (name: string) => join(dirname(require.resolve(`${name}/package.json`)), "lib");
const SCHEMAS = {
  "6.x": new ProviderSchema(bindings("@cdktn/provider-aws")),
  "5.100": new ProviderSchema(bindings("@cdktf/provider-aws")),
};
const providerVersion = (name: string) =>
  JSON.parse(readFileSync(join(dirname(require.resolve(`${name}/package.json`)), "package.json"), "utf8")).cdktf.provider.version;

type Json = Record<string, any>;

function stackProblems(schema: ProviderSchema, json: Json): SchemaProblem[] {
  return [
    ...(json.provider?.aws ?? []).flatMap((provider: Json) => schema.check("provider", "aws", provider)),
    ...Object.entries((json.resource ?? {}) as Record<string, Json>).flatMap(([type, resources]) =>
      Object.values(resources).flatMap((body) => schema.check("resource", type, body)),
    ),
  ];
}

const MODULES = readdirSync(join(PROJECT, "terraform-modules"));

async function moduleProblems(schema: ProviderSchema, module: string): Promise<SchemaProblem[]> {
  const text = readFileSync(join(PROJECT, "terraform-modules", module, "main.tf"), "utf8");
  const hcl = (await parse("main.tf", text)) as Json;
  const blocks = (kind: "resource" | "data") =>
    Object.entries((hcl[kind] ?? {}) as Record<string, Record<string, Json[]>>)
      .filter(([type]) => type.startsWith("aws_"))
      .flatMap(([type, named]) =>
        Object.values(named)
          .flatMap((bodies) => bodies.map((body) => schema.check(kind, type, body)))
          .flat(),
      );
  const outputs = readFileSync(join(PROJECT, "terraform-modules", module, "outputs.tf"), "utf8");
  const reads = [...`${text}\n${outputs}`.matchAll(/\b(data\.)?(aws_[a-z0-9_]+)\.[a-z0-9_]+(?:\[[^\]]+\])?\.([a-z_]+)\b/g)].flatMap(
    ([read, data, type, attribute]) =>
      schema.exports(data ? "data" : "resource", type, attribute) ? [] : [`${read}: not an attribute of this provider`],
  );
  return [...blocks("resource"), ...blocks("data"), ...reads];
}

describe("AWS provider 6.x accepts everything we write", () => {
  test("the bindings are the releases this checks against", () => {
    expect(providerVersion("@cdktn/provider-aws")).toMatch(/^6\./);
    expect(providerVersion("@cdktf/provider-aws")).toBe("5.100.0");
  });

  describe.each(Object.entries(SCHEMAS))("AWS provider %s", (_, schema) => {
    test.each(TOPOLOGIES)("every stack of %s", (topology) => {
      const synthesized = synthesize(topology);
      expect(synthesized.stacks.flatMap((stack) => stackProblems(schema, synthesized.json(stack.name)))).toEqual([]);
    });

    test.each(MODULES)("the %s Terraform module", async (module) => {
      expect(await moduleProblems(schema, module)).toEqual([]);
    });
  });

  test("the modules read no attribute that 6.x deprecates (the bindings carry no deprecation flags)", () => {
    // AWS provider version 6 upgrade guide: data source aws_region, "name has been deprecated. Use region instead."
    // region is not in 5.100, so the modules read id, the same value in both.
    for (const module of MODULES) {
      expect(readFileSync(join(PROJECT, "terraform-modules", module, "main.tf"), "utf8")).not.toMatch(/data\.aws_region\.\w+\.name\b/);
    }
  });

  test("fails on an argument, a resource, a type or an attribute the 6.x schema does not have", () => {
    const schema = SCHEMAS["6.x"];
    expect(schema.check("resource", "aws_cloudwatch_event_rule", { name: "r", is_a_rule: true })).toEqual([
      "aws_cloudwatch_event_rule.is_a_rule: not an argument of this provider",
    ]);
    expect(
      schema.check("resource", "aws_cloudwatch_event_target", { rule: "r", arn: "a", retry_policy: { maximum_retry_attempts: "185" } }),
    ).toEqual(['aws_cloudwatch_event_target.retry_policy.maximum_retry_attempts: number in this provider, written as "185"']);
    expect(schema.check("resource", "aws_cloudwatch_event_nonsense", {})).toEqual([
      "resource aws_cloudwatch_event_nonsense: not in this provider",
    ]);
    expect(schema.exports("data", "aws_region", "id")).toBe(true);
    expect(schema.exports("data", "aws_region", "regional_endpoint")).toBe(false);
  });
});
