import fc from "fast-check";
import { terraformLiteral, terraformLiteralValue } from "../../modules/terraform-literal";
import { renderHcl } from "../../pipeline/hcl";
import { parseTopology } from "../../topology/load";
import { SEED, grantedSources, hostileText, hostileTexts, topologyWith } from "../support/hostile-text";
import { SharedPlan, exportedStacks, sharedPlan, userTextModule } from "../support/shared-plans";
import { PlannedResource, terraformAvailability } from "../support/terraform";

/**
 * Nothing a user writes is ever evaluated: descriptions and pattern values full of template
 * sequences, quotes, backslashes and newlines reach Terraform as literals in both output formats.
 */
describe("user text is a literal", () => {
  test("escaping and Terraform's reading of it give back every string", () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string()), (text) => terraformLiteralValue(terraformLiteral(text)) === text),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test("a cdktf reference inside text stays a reference", () => {
    expect(terraformLiteral("${TfToken[TOKEN.12]} costs ${var.x}")).toBe("${TfToken[TOKEN.12]} costs $${var.x}");
  });

  test("the HCL export writes descriptions and documents as quoted literals", () => {
    const hcl = renderHcl({
      resource: {
        aws_cloudwatch_event_rule: {
          r: {
            description: terraformLiteral('say "${x}"\n\\ %{y}'),
            event_pattern: terraformLiteral(JSON.stringify({ source: ['"${x}"'] })),
          },
        },
      },
    });
    expect(hcl).toContain('description = "say \\"$${x}\\"\\n\\\\ %%{y}"');
    expect(hcl).toContain('event_pattern = jsonencode({\n    source = ["\\"$${x}\\""]\n  })');
  });
});

const availability = terraformAvailability();
if (!availability.ok) {
  process.stderr.write(`terraform check of user text not run: ${availability.reason}\n`);
  test.skip("user text validates and plans as written", () => undefined);
} else {
  // Both formats are modules of a root shared with other tests (test/support/shared-plans.ts), planned once.
  let shared: SharedPlan;
  beforeAll(async () => {
    shared = await sharedPlan();
  }, 900_000);

  const texts = hostileTexts();

  test("the sampled texts hold every kind of hostile sequence", () => {
    for (const sequence of ["${", "%{", '"', "\\", "\n"]) expect(texts.some((text) => text.includes(sequence))).toBe(true);
  });
  const topology = parseTopology(topologyWith(texts), "generated");

  const byRuleName = (resources: readonly PlannedResource[] | undefined, type: string) =>
    new Map(
      (resources ?? [])
        .filter((resource) => resource.address.startsWith(`${type}.`))
        .map((resource) => [resource.values.name, resource.values]),
    );

  const exported = Object.fromEntries((["json", "hcl"] as const).map((format) => [format, exportedStacks(topology, format)[0]]));

  test.each(["json", "hcl"] as const)("in the %s export, validate passes and every planned value is the text as written", (format) => {
    const stack = exported[format];
    const result = shared.result(userTextModule(format));
    expect(result.diagnostics).toEqual([]);
    if (result.planned !== stack.resources) throw new Error(`the plan failed for texts ${JSON.stringify(texts)}:\n${result.planOutput}`);
    const rules = byRuleName(result.plannedResources, "aws_cloudwatch_event_rule");
    texts.forEach((written, i) => {
      const rule = rules.get(`text-${i}`) as Record<string, unknown>;
      expect(rule.description).toBe(written);
      expect(JSON.parse(rule.event_pattern as string)).toEqual({
        account: expect.any(Array),
        "detail-type": [written],
        detail: { note: [{ prefix: written }] },
      });
    });
    for (const i of [0, 1]) {
      const forward = rules.get(`forward-text-${i}`) as Record<string, unknown>;
      expect(forward.description).toBe(texts[i]);
      expect(JSON.parse(forward.event_pattern as string)).toEqual({ source: [texts[i]] });
    }
    const archive = (result.plannedResources ?? []).find((resource) => resource.address.startsWith("aws_cloudwatch_event_archive."));
    expect(JSON.parse(archive?.values.event_pattern as string)).toEqual({ source: [texts[0]] });
    const policy = (result.plannedResources ?? []).find((resource) => resource.address.startsWith("aws_cloudwatch_event_bus_policy."));
    expect(JSON.parse(policy?.values.policy as string).Statement[0].Condition).toEqual({
      "ForAllValues:StringEquals": { "events:source": grantedSources(texts) },
    });
  });
}
