import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isContentValue } from "../../modules/limits";
import { terraformLiteral, terraformLiteralValue } from "../../modules/terraform-literal";
import { exportTopology } from "../../pipeline/export";
import { renderHcl } from "../../pipeline/hcl";
import { parseTopology } from "../../topology/load";
import defaultTopology from "../../topology/default.json";
import { StsStandIn, startStsStandIn } from "../support/sts-stand-in";
import { PlannedResource, terraformAvailability, validateAndPlan } from "../support/terraform";

/**
 * Nothing a user writes is ever evaluated: descriptions and pattern values full of template
 * sequences, quotes, backslashes and newlines reach Terraform as literals in both output formats.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const SAMPLES = 8;

const hostileFragment = fc.constantFrom(
  "${var.not_declared}",
  '${file("/etc/hostname")}',
  "%{ if true }x%{ endif }",
  "${",
  "%{",
  "$${",
  "%%{",
  "$$",
  "}",
  '"',
  "\\",
  "\\n",
  "\n",
  "\r\n",
  "\t",
  "é ✓",
  "plain",
  " ",
);
/** Text that looks like everything Terraform could evaluate or choke on. */
const hostileText = fc
  .array(fc.oneof(hostileFragment, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""));

type Input = typeof defaultTopology & Record<string, any>;

/** The orders grant narrowed to its own source and the texts it may list (each once, not empty, without *). */
const grantedSources = (texts: readonly string[]) => [...new Set(["com.example.orders", ...texts.slice(0, 2)])].filter(isContentValue);

/** The default topology in one stack, with a receiver rule and a forward carrying each text. */
function topologyWith(texts: readonly string[]): Input {
  const topology = structuredClone(defaultTopology) as unknown as Input;
  topology.state = { layout: "single" };
  const receiver = topology.receivers[0] as unknown as Input;
  texts.forEach((text, i) => {
    receiver.rules.push({
      name: `text-${i}`,
      description: text,
      pattern: { "detail-type": [text], detail: { note: [{ prefix: text }] } },
      targets: ["audit-log"],
    });
  });
  topology.senders[0].forwards.push(
    ...texts.slice(0, 2).map((text, i) => ({ name: `forward-text-${i}`, description: text, pattern: { source: [text] }, to: ["central"] })),
  );
  receiver.archive = { retentionDays: 14, pattern: { source: [texts[0]] } };
  receiver.grants[0].sources = grantedSources(texts);
  return topology;
}

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
  let sts: StsStandIn;
  beforeAll(async () => {
    sts = await startStsStandIn();
  });
  afterAll(() => sts.close());

  const texts = fc.sample(hostileText, { numRuns: SAMPLES, seed: SEED });

  test("the sampled texts hold every kind of hostile sequence", () => {
    for (const sequence of ["${", "%{", '"', "\\", "\n"]) expect(texts.some((text) => text.includes(sequence))).toBe(true);
  });
  const topology = parseTopology(topologyWith(texts), "generated");
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-user-text-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const byRuleName = (resources: readonly PlannedResource[] | undefined, type: string) =>
    new Map(
      (resources ?? [])
        .filter((resource) => resource.address.startsWith(`${type}.`))
        .map((resource) => [resource.values.name, resource.values]),
    );

  const exported = Object.fromEntries(
    (["json", "hcl"] as const).map((format) => {
      const [stack] = exportTopology(topology, format, format, dir);
      return [format, { stack, text: readFileSync(join(dir, format, stack.mainFile), "utf8") }];
    }),
  );

  test.each(["json", "hcl"] as const)(
    "in the %s export, validate passes and every planned value is the text as written",
    async (format) => {
      const { stack, text } = exported[format];
      const result = await validateAndPlan(JSON.parse(exported.json.text), sts.endpoint, {
        files: { [format === "hcl" ? "main.tf" : "main.tf.json"]: text },
        planJson: true,
      });
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
    },
    180_000,
  );
}
