/** IAM and resource policies as typed data, rendered to JSON in exactly one place. */
export type OneOrMany = string | string[];

export type PolicyPrincipal = "*" | { AWS?: OneOrMany; Service?: OneOrMany };

export type PolicyCondition = Record<string, Record<string, OneOrMany>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PolicyPrincipal;
  Action: OneOrMany;
  /** Absent only in trust policies, where the role itself is the resource. */
  Resource?: OneOrMany;
  Condition?: PolicyCondition;
}

/**
 * A statement read back from AWS and written again exactly as read: another tool's grant on a
 * policy we now write whole (receiver bus policies adopting what `put-permission` added).
 */
export type VerbatimStatement = { readonly Sid?: string; readonly [key: string]: unknown };

export interface PolicyDocument<S = PolicyStatement> {
  Version: "2012-10-17";
  Statement: S[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** A single value stays a string: that is how AWS echoes policies back, so plans stay free of drift. */
export function oneOrMany(values: readonly string[]): OneOrMany {
  return values.length === 1 ? values[0] : [...values];
}

export function renderPolicy(document: PolicyDocument<PolicyStatement | VerbatimStatement>): string {
  return JSON.stringify(document);
}
