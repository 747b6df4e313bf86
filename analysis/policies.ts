/** ARNs and IAM policy documents read the way AWS evaluates them. */
import { PolicyStatement } from "../modules/policy-document";
import { ContentFilter } from "../patterns/content";
import { BusPolicyNode, RoleNode, asList, statementsOf } from "./model";

/** How the verifier and the simulator read ARNs and IAM policies, the way AWS evaluates them. */
export interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

export function parseArn(arn: string | undefined): ArnParts | undefined {
  const parts = arn?.split(":");
  if (!parts || parts.length < 6 || parts[0] !== "arn") return undefined;
  return { service: parts[2], region: parts[3], accountId: parts[4], resource: parts.slice(5).join(":") };
}

export const isEventBus = (arn: ArnParts | undefined): arn is ArnParts =>
  arn?.service === "events" && arn.resource.startsWith("event-bus/");

export const allowsAction = (statement: PolicyStatement, action: string) =>
  statement.Effect === "Allow" &&
  asList(statement.Action).some((candidate) => candidate === action || candidate === "*" || candidate === `${action.split(":")[0]}:*`);

export const conditionValues = (statement: PolicyStatement, operator: string, key: string) =>
  Object.entries(statement.Condition ?? {})
    .filter(([name]) => name.replace(/^ForAnyValue:|^ForAllValues:/, "") === operator)
    .flatMap(([, conditions]) =>
      Object.entries(conditions)
        .filter(([name]) => name.toLowerCase() === key.toLowerCase())
        .flatMap(([, values]) => asList(values)),
    );

/** The resources a role may take an action on, as its inline policies say ("*" for any). */
export function actionResources(role: RoleNode, action: string): string[] {
  return role.policies
    .flatMap((document) => statementsOf(document))
    .filter((statement) => allowsAction(statement, action))
    .flatMap((statement) => asList(statement.Resource));
}

/** The buses a role may put events on ("*" for any). */
export const putEventsResources = (role: RoleNode) => actionResources(role, "events:PutEvents");

/** A statement that lets a sender in, and the sources and detail-types it narrows the sender to, if any. */
export type Grant = { kind: "account" | "organization" | "everybody"; statement: PolicyStatement } & ContentFilter;

/**
 * The events:source and events:detail-type values a statement admits, compared exactly (StringEquals,
 * with or without a set qualifier); a key under another operator (StringLike ...) is not read.
 */
function contentOf(statement: PolicyStatement): ContentFilter {
  const values = (key: string) => {
    const found = conditionValues(statement, "StringEquals", key);
    return found.length > 0 ? found : undefined;
  };
  const sources = values("events:source");
  const detailTypes = values("events:detail-type");
  return { ...(sources ? { sources } : {}), ...(detailTypes ? { detailTypes } : {}) };
}

/** A statement that lets any principal (everybody, or an organization through aws:PrincipalOrgID) put events. */
export const opensToAnyPrincipal = (statement: PolicyStatement) =>
  allowsAction(statement, "events:PutEvents") &&
  (statement.Principal === "*" || (typeof statement.Principal === "object" && asList(statement.Principal.AWS).includes("*")));

/** How a bus policy lets a sender rule in, if it does. */
export function grantsFor(policy: BusPolicyNode, senderAccount: string | undefined, ruleArn: string | undefined): Grant[] {
  return statementsOf(policy.document).flatMap((statement): Grant[] => {
    if (!allowsAction(statement, "events:PutEvents")) return [];
    const sourceArns = conditionValues(statement, "ArnEquals", "aws:SourceArn").concat(
      conditionValues(statement, "StringEquals", "aws:SourceArn"),
    );
    if (sourceArns.length > 0 && (!ruleArn || !sourceArns.includes(ruleArn))) return [];
    if (opensToAnyPrincipal(statement)) {
      const kind = conditionValues(statement, "StringEquals", "aws:PrincipalOrgID").length > 0 ? "organization" : "everybody";
      return [{ kind, statement, ...contentOf(statement) }];
    }
    const principal = statement.Principal;
    const accounts = asList(typeof principal === "object" ? principal.AWS : undefined).map((value) => parseArn(value)?.accountId ?? value);
    return senderAccount && accounts.includes(senderAccount) ? [{ kind: "account", statement, ...contentOf(statement) }] : [];
  });
}
