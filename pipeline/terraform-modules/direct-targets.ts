/** What both direct-delivery Terraform modules know of each kind of target: its action, statement ID and ARN form. */
import { DIRECT_DELIVERY_ACTION, DirectTargetKind, directDeliveryStatements, directTargetArn } from "../../modules/direct-delivery";
import { FUNCTION_NAME, NameRule, QUEUE_NAME, STREAM_NAME, TOPIC_NAME } from "../../modules/limits";
import { hclString, sentence } from "./spec";

export const DIRECT_TARGET_KINDS = Object.keys(DIRECT_DELIVERY_ACTION) as DirectTargetKind[];

const NAME_RULE: Readonly<Record<DirectTargetKind, NameRule>> = {
  queue: QUEUE_NAME,
  topic: TOPIC_NAME,
  function: FUNCTION_NAME,
  stream: STREAM_NAME,
};

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The ARN of a kind of target as a rule: its form from the ARN the constructs build (modules/arns.ts),
 * any partition, region and account, and the name of the kind's naming rule (modules/limits.ts).
 */
export function directTargetArnRule(kind: DirectTargetKind): NameRule {
  const form = directTargetArn({ accountId: "<account>", region: "<region>" }, kind, "<name>");
  const name = NAME_RULE[kind].pattern.source;
  if (!/^\^.*\$$/.test(name)) throw new Error(`the ${kind} name rule is not anchored: ${name}`);
  const pattern = escaped(form)
    .replace(/^arn:aws:/, "arn:aws[a-z-]*:")
    .replace("<region>", "[a-z0-9-]+")
    .replace("<account>", "\\d{12}")
    .replace("<name>", name.slice(1, -1));
  return { pattern: new RegExp(`^${pattern}$`), rule: `a ${kind} ARN looks like ${form}` };
}

/** The sentence for an ARN that is not of its kind's form, naming every form. */
export function directTargetArnMessage(subject: string): string {
  return sentence(
    `${subject} must be the ARN of its kind: ${DIRECT_TARGET_KINDS.map((kind) => directTargetArnRule(kind).rule).join("; ")}`,
  );
}

/** The statement ID of the sender role's statement for a kind, as the constructs write it. */
export const directDeliverySid = (kind: DirectTargetKind) => directDeliveryStatements([{ kind, arn: "-" }])[0].Sid as string;

/** An HCL object with one attribute per kind, on one line: for conditions, which take no locals before Terraform 1.9. */
export function byKindInline(value: (kind: DirectTargetKind) => string): string {
  return `{ ${DIRECT_TARGET_KINDS.map((kind) => `${kind} = ${value(kind)}`).join(", ")} }`;
}

/** An HCL object with one line per kind, keys aligned as terraform fmt aligns them, for a local at `indent` spaces. */
export function byKindBlock(indent: number, value: (kind: DirectTargetKind) => Record<string, string>): string {
  const width = Math.max(...DIRECT_TARGET_KINDS.map((kind) => kind.length));
  const lines = DIRECT_TARGET_KINDS.map((kind) => {
    const fields = Object.entries(value(kind)).map(([key, text]) => `${key} = ${text}`);
    return `${" ".repeat(indent + 2)}${kind.padEnd(width)} = { ${fields.join(", ")} }`;
  });
  return ["{", ...lines, `${" ".repeat(indent)}}`].join("\n");
}

/** The ARN pattern of each kind, as an HCL string. */
export const arnPatternInHcl = (kind: DirectTargetKind) => hclString(directTargetArnRule(kind).pattern.source);

/** The condition that `kind` is one of the four. */
export const isKindInHcl = (expression: string) => `contains([${DIRECT_TARGET_KINDS.map(hclString).join(", ")}], ${expression})`;
