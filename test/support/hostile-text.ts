/** User text that looks like everything Terraform could evaluate or choke on, and the default topology carrying it. */
import fc from "fast-check";
import { isContentValue } from "../../modules/limits";
import defaultTopology from "../../topology/default.json";

export const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
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
export const hostileText = fc
  .array(fc.oneof(hostileFragment, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""));

/** The texts the Terraform check plans (a plan costs seconds, so a sample). */
export const hostileTexts = (): string[] => fc.sample(hostileText, { numRuns: SAMPLES, seed: SEED });

type Input = typeof defaultTopology & Record<string, any>;

/** The orders grant narrowed to its own source and the texts it may list (each once, not empty, without *). */
export const grantedSources = (texts: readonly string[]) =>
  [...new Set(["com.example.orders", ...texts.slice(0, 2)])].filter(isContentValue);

/** The default topology in one stack, with a receiver rule and a forward carrying each text. */
export function topologyWith(texts: readonly string[]): Input {
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
