/** Event patterns as rules take them: validated, account filters checked, rendered as literals. */
import { EventPattern } from "../patterns/pattern";
import { eventPatternProblems } from "../patterns/validate";
import { InvalidInputError, MAX_PATTERN_LENGTH } from "./limits";
import { terraformLiteral } from "./terraform-literal";

export type { EventPattern };

export function isEventPattern(value: unknown): value is EventPattern {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What the topology schema asks of every pattern; a receiver rule's may be empty, since the account filter is added. */
export const PATTERN_IS_OBJECT_RULE = "an event pattern is a JSON object";
export const PATTERN_OBJECT_RULE = "an event pattern is a non-empty JSON object";
export const PATTERN_LENGTH_RULE = `an event pattern holds at most ${MAX_PATTERN_LENGTH} characters`;

export const STAR_IN_ACCOUNT_FILTER =
  'an account filter never holds "*": no event carries it, so the rule would match nothing; list account IDs';

/** Any literal "*" in an account filter: it never matches, because no event carries that account. */
export function containsStar(value: unknown): boolean {
  if (value === "*") return true;
  if (Array.isArray(value)) return value.some(containsStar);
  if (isEventPattern(value)) return Object.values(value).some(containsStar);
  return false;
}

/**
 * Checks what every pattern must satisfy (EventBridge's own pattern rules, no "*" account, the size
 * quota) and returns it rendered as a Terraform literal, so no value in it is ever evaluated.
 */
export function renderEventPattern(field: string, pattern: unknown): string {
  if (!isEventPattern(pattern) || Object.keys(pattern).length === 0) {
    throw new InvalidInputError(field, pattern, PATTERN_OBJECT_RULE);
  }
  if ("account" in pattern && containsStar(pattern.account)) {
    throw new InvalidInputError(`${field}.account`, pattern.account, STAR_IN_ACCOUNT_FILTER);
  }
  const reasons = eventPatternProblems(pattern, { maxPatternLength: Infinity });
  if (reasons.length > 0) throw new InvalidInputError(field, pattern, `EventBridge would reject this pattern: ${reasons.join("; ")}`);
  const rendered = JSON.stringify(pattern);
  if (rendered.length > MAX_PATTERN_LENGTH) {
    throw new InvalidInputError(field, `${rendered.length} characters`, PATTERN_LENGTH_RULE);
  }
  return terraformLiteral(rendered);
}
