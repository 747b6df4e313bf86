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

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** A single value stays a string: that is how AWS echoes policies back, so plans stay free of drift. */
export function oneOrMany(values: readonly string[]): OneOrMany {
  return values.length === 1 ? values[0] : [...values];
}

export function renderPolicy(document: PolicyDocument): string {
  return JSON.stringify(document);
}
