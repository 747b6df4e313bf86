/** How the constructs apply the rules of limits.ts to their props, skipping what only apply knows. */
import { Token } from "../framework/core";
import { InvalidInputError, NameRule, matchesRule } from "./limits";

/**
 * A value Terraform only knows at apply (a reference to another resource, a variable) cannot be
 * checked at synthesis: the rules skip it, and AWS checks it then.
 */
export const isReference = (value: unknown): boolean => Token.isUnresolved(value);

export function requireMatch(field: string, value: string, name: NameRule): void {
  if (!isReference(value) && !matchesRule(value, name)) throw new InvalidInputError(field, value, name.rule);
}

export function requireRange(field: string, value: number, range: { min: number; max: number }, unit: string): void {
  if (isReference(value)) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InvalidInputError(field, value, `must be a whole number of ${unit} from ${range.min} to ${range.max}`);
  }
}
