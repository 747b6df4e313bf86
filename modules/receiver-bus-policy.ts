/** ReceiverBusPolicy: the one policy of a receiver bus, built from typed grants. */
import { Construct } from "constructs";
import { CloudwatchEventBusPolicy } from "../framework/provider-aws/cloudwatch-event-bus-policy";
import { EVENT_RULE_ARN, accountRootArn } from "./arns";
import { EventBus } from "./event-bus";
import { ACCOUNT_ID, InvalidInputError, MAX_BUS_POLICY_LENGTH, ORGANIZATION_ID, STATEMENT_ID } from "./limits";
import { requireMatch } from "./validation";
import {
  PolicyCondition,
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
  oneOrMany,
  policyDocument,
  renderPolicy,
} from "./policy-document";

/** Who may put events on a receiver bus. */
export type BusGrant =
  | {
      readonly kind: "account";
      /** The sender account; no default. */
      readonly accountId: string;
      /** Only events forwarded by these sender rules (aws:SourceArn); default any rule of the account. */
      readonly sourceRuleArns?: readonly string[];
    }
  | {
      readonly kind: "organization";
      /** Every account of this organization (aws:PrincipalOrgID); no default. */
      readonly organizationId: string;
      /** Only events forwarded by these sender rules (aws:SourceArn); default any rule in the organization. */
      readonly sourceRuleArns?: readonly string[];
    }
  | { readonly kind: "everybody" };

export interface ReceiverBusPolicyProps {
  /** The bus the policy is attached to; no default. */
  readonly bus: EventBus;
  /** The grants, one statement each; no default, at least one. */
  readonly grants: readonly BusGrant[];
  /** Explicit opt-in required before an "everybody" grant is accepted; default false. */
  readonly allowEverybody?: boolean;
}

const PUT_EVENTS = "events:PutEvents";

export function grantStatementId(grant: BusGrant): string {
  switch (grant.kind) {
    case "account":
      return `AllowAccount${grant.accountId}`;
    case "organization":
      return `AllowOrganization-${grant.organizationId}`;
    case "everybody":
      return "AllowEverybody";
  }
}

function sourceRuleCondition(field: string, arns: readonly string[] | undefined): PolicyCondition {
  if (!arns) return {};
  if (arns.length === 0) throw new InvalidInputError(field, arns, "name at least one sender rule, or leave it out");
  arns.forEach((arn, i) => {
    requireMatch(`${field}[${i}]`, arn, EVENT_RULE_ARN);
  });
  return { ArnEquals: { "aws:SourceArn": oneOrMany(arns) } };
}

/** The whole bus policy as data: one statement per grant, in input order. */
export function buildReceiverBusPolicy(
  busArn: string,
  region: string,
  grants: readonly BusGrant[],
  allowEverybody = false,
): PolicyDocument {
  if (grants.length === 0) throw new InvalidInputError("grants", grants, "a receiver bus needs at least one grant");
  const seen = new Set<string>();
  const statements = grants.map((grant, i): PolicyStatement => {
    const field = `grants[${i}]`;
    const sid = grantStatementId(grant);
    requireMatch(`${field} statement ID`, sid, STATEMENT_ID);
    if (seen.has(sid)) throw new InvalidInputError(field, grant, "each account or organization is granted once");
    seen.add(sid);
    const statement = (principal: PolicyPrincipal, condition: PolicyCondition = {}): PolicyStatement => ({
      Sid: sid,
      Effect: "Allow",
      Principal: principal,
      Action: PUT_EVENTS,
      Resource: busArn,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    });
    switch (grant.kind) {
      case "account":
        requireMatch(`${field}.accountId`, grant.accountId, ACCOUNT_ID);
        return statement(
          { AWS: accountRootArn(grant.accountId, region) },
          sourceRuleCondition(`${field}.sourceRuleArns`, grant.sourceRuleArns),
        );
      case "organization":
        requireMatch(`${field}.organizationId`, grant.organizationId, ORGANIZATION_ID);
        return statement("*", {
          StringEquals: { "aws:PrincipalOrgID": grant.organizationId },
          ...sourceRuleCondition(`${field}.sourceRuleArns`, grant.sourceRuleArns),
        });
      case "everybody":
        if (!allowEverybody) {
          throw new InvalidInputError(field, grant, "a grant to everybody needs the explicit opt-in allowEverybody");
        }
        return statement("*");
    }
  });
  const document = policyDocument(statements);
  const length = renderPolicy(document).length;
  if (length > MAX_BUS_POLICY_LENGTH) {
    throw new InvalidInputError(
      "grants",
      `${grants.length} grants, ${length} characters`,
      `an event bus policy holds at most ${MAX_BUS_POLICY_LENGTH} characters; grant an organization instead of many accounts`,
    );
  }
  return document;
}

/**
 * The one aws_cloudwatch_event_bus_policy of a receiver bus. It holds the whole document:
 * aws_cloudwatch_event_permission would be overwritten by it, so that resource is never used.
 */
export class ReceiverBusPolicy extends Construct {
  readonly document: PolicyDocument;
  readonly resource: CloudwatchEventBusPolicy;

  constructor(scope: Construct, id: string, props: ReceiverBusPolicyProps) {
    super(scope, id);
    this.document = buildReceiverBusPolicy(props.bus.arn, props.bus.provider.region, props.grants, props.allowEverybody);
    this.resource = new CloudwatchEventBusPolicy(this, "default", {
      provider: props.bus.provider.provider,
      eventBusName: props.bus.nameForAttachment,
      policy: renderPolicy(this.document),
    });
  }
}
