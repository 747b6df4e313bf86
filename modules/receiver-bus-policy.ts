/** ReceiverBusPolicy: the one policy of a receiver bus, built from typed grants. */
import { Construct } from "constructs";
import { CloudwatchEventBusPolicy } from "../framework/provider-aws/cloudwatch-event-bus-policy";
import { EVENT_RULE_ARN, accountRootArn } from "./arns";
import { EventBus } from "./event-bus";
import { ImportBlock } from "./import-block";
import {
  ACCOUNT_ID,
  InvalidInputError,
  MAX_BUS_POLICY_LENGTH,
  ORGANIZATION_ID,
  STATEMENT_ID,
  contentValueRule,
  contentValuesRule,
  isContentValue,
} from "./limits";
import { requireMatch } from "./validation";
import {
  PolicyCondition,
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
  VerbatimStatement,
  oneOrMany,
  policyDocument,
  renderPolicy,
} from "./policy-document";
import { terraformLiteral } from "./terraform-literal";

/** What an account or organization grant admits by event content. */
export interface ContentNarrowing {
  /** Only events with one of these sources (events:source); default any source. */
  readonly sources?: readonly string[];
  /** Only events with one of these detail-types (events:detail-type); default any detail-type. */
  readonly detailTypes?: readonly string[];
}

/** Who may put events on a receiver bus. */
export type BusGrant =
  | ({
      readonly kind: "account";
      /** The sender account; no default. */
      readonly accountId: string;
      /** Only events forwarded by these sender rules (aws:SourceArn); default any rule of the account. */
      readonly sourceRuleArns?: readonly string[];
    } & ContentNarrowing)
  | ({
      readonly kind: "organization";
      /** Every account of this organization (aws:PrincipalOrgID); no default. */
      readonly organizationId: string;
      /** Only events forwarded by these sender rules (aws:SourceArn); default any rule in the organization. */
      readonly sourceRuleArns?: readonly string[];
    } & ContentNarrowing)
  | { readonly kind: "everybody" };

export interface ReceiverBusPolicyProps {
  /** The bus the policy is attached to; no default. */
  readonly bus: EventBus;
  /** The grants, one statement each; no default, at least one. */
  readonly grants: readonly BusGrant[];
  /** Explicit opt-in required before an "everybody" grant is accepted; default false. */
  readonly allowEverybody?: boolean;
  /** The adopted default bus's statements as described: others' (put-permission grants) are kept before ours; default none. */
  readonly existingStatements?: readonly VerbatimStatement[];
  /** Import the adopted default bus's policy, so the first plan updates it in place instead of replacing it unseen; default false. */
  readonly importExisting?: boolean;
}

/** A bus policy we write whole, with the statements of others it keeps. */
export type BusPolicyDocument = PolicyDocument<PolicyStatement | VerbatimStatement>;

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

function contentValues(field: string, name: string, values: readonly string[] | undefined): readonly string[] | undefined {
  if (!values) return undefined;
  if (values.length === 0 || new Set(values).size !== values.length) throw new InvalidInputError(field, values, contentValuesRule(name));
  values.forEach((value, i) => {
    if (!isContentValue(value)) throw new InvalidInputError(`${field}[${i}]`, value, contentValueRule(name));
  });
  return values;
}

/**
 * The conditions of a grant narrowed by content, as AWS's own bus-policy example writes them
 * (EventBridge user guide, "Example policy: Send events to a custom bus in a different account",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html):
 * events:source with the set operator ForAllValues:StringEquals (one PutEvents call can carry entries
 * of several sources, and each must be listed; an absent key would pass a ForAllValues test, but
 * PutEvents requires a source), events:detail-type with StringEquals. Both keys are listed in
 * "Using IAM policy conditions in Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html.
 */
function contentConditions(field: string, grant: ContentNarrowing): PolicyCondition {
  const sources = contentValues(`${field}.sources`, "source", grant.sources);
  const detailTypes = contentValues(`${field}.detailTypes`, "detail-type", grant.detailTypes);
  return {
    ...(detailTypes ? { StringEquals: { "events:detail-type": oneOrMany(detailTypes) } } : {}),
    ...(sources ? { "ForAllValues:StringEquals": { "events:source": oneOrMany(sources) } } : {}),
  };
}

/** Conditions joined operator by operator: every key of every one must hold. */
function allOf(...conditions: PolicyCondition[]): PolicyCondition {
  const joined: PolicyCondition = {};
  for (const condition of conditions) {
    for (const [operator, keys] of Object.entries(condition)) joined[operator] = { ...joined[operator], ...keys };
  }
  return joined;
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
          allOf(sourceRuleCondition(`${field}.sourceRuleArns`, grant.sourceRuleArns), contentConditions(field, grant)),
        );
      case "organization":
        requireMatch(`${field}.organizationId`, grant.organizationId, ORGANIZATION_ID);
        return statement(
          "*",
          allOf(
            { StringEquals: { "aws:PrincipalOrgID": grant.organizationId } },
            sourceRuleCondition(`${field}.sourceRuleArns`, grant.sourceRuleArns),
            contentConditions(field, grant),
          ),
        );
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

const KEPT_SID_RULE =
  "every statement kept from the existing policy needs a Sid, so it is told apart from ours and can be removed by name later: " +
  "give it one in the file (the next apply writes it to the bus)";

/** JSON with object keys sorted: two statements are the same when their canonical texts are. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : typeof value === "object" && value !== null
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(",")}}`
      : JSON.stringify(value);

/**
 * The whole bus policy: the statements already on the bus that are not ours, unchanged and first
 * (as they were), then ours. A statement exactly as we write it is ours from an earlier apply and is
 * written once. Another statement with one of our statement IDs is refused: one of the two would be
 * lost, and which one is for the author of the file to say.
 */
export function keepExistingStatements(ours: PolicyDocument, existing: readonly VerbatimStatement[]): BusPolicyDocument {
  const grantOf = new Map(ours.Statement.map((statement, i) => [statement.Sid, i]));
  const seen = new Set<string>();
  const kept = existing.filter((statement, k) => {
    const field = `existingStatements[${k}].Sid`;
    const sid: unknown = typeof statement === "object" && statement !== null ? statement.Sid : undefined;
    if (typeof sid !== "string" || sid === "") throw new InvalidInputError(field, statement, KEPT_SID_RULE);
    if (seen.has(sid)) throw new InvalidInputError(field, sid, "the existing policy has two statements with this ID; IDs are unique");
    seen.add(sid);
    const grant = grantOf.get(sid);
    if (grant === undefined) return true;
    if (canonical(statement) === canonical(ours.Statement[grant])) return false;
    throw new InvalidInputError(
      field,
      sid,
      `this statement ID is the one this tool writes for grants[${grant}], with other content: remove the statement from the file if ` +
        "the grant replaces it (or it is ours from before the grant changed), or give it another Sid there",
    );
  });
  if (kept.length === 0) return ours;
  const document: BusPolicyDocument = { Version: ours.Version, Statement: [...kept, ...ours.Statement] };
  const length = renderPolicy(document).length;
  if (length > MAX_BUS_POLICY_LENGTH) {
    throw new InvalidInputError(
      "existingStatements",
      `${kept.length} kept statements, ${length} characters with the grants`,
      `an event bus policy holds at most ${MAX_BUS_POLICY_LENGTH} characters: remove the kept statements the grants now cover`,
    );
  }
  return document;
}

/**
 * The one aws_cloudwatch_event_bus_policy of a receiver bus. It holds the whole document:
 * aws_cloudwatch_event_permission would be overwritten by it, so that resource is never used.
 * On the adopted default bus it keeps what others granted there, and imports the policy so the
 * first plan shows those statements staying.
 */
export class ReceiverBusPolicy extends Construct {
  readonly document: BusPolicyDocument;
  readonly resource: CloudwatchEventBusPolicy;

  constructor(scope: Construct, id: string, props: ReceiverBusPolicyProps) {
    super(scope, id);
    if (props.bus.resource) {
      const rule = "a bus this stack creates has no policy before it: only the adopted default bus has one to keep or import";
      if (props.importExisting) throw new InvalidInputError("importExisting", true, rule);
      if (props.existingStatements?.length) throw new InvalidInputError("existingStatements", props.existingStatements, rule);
    }
    const ours = buildReceiverBusPolicy(props.bus.arn, props.bus.provider.region, props.grants, props.allowEverybody);
    this.document = keepExistingStatements(ours, props.existingStatements ?? []);
    this.resource = new CloudwatchEventBusPolicy(this, "default", {
      provider: props.bus.provider.provider,
      eventBusName: props.bus.nameForAttachment,
      // Sources, detail-types and kept statements are user text: Terraform must not read their ${...} (IAM policy variables
      // included) as its own.
      policy: terraformLiteral(renderPolicy(this.document)),
    });
    if (props.importExisting) {
      // The provider imports a bus policy by the bus's name (AWS provider, aws_cloudwatch_event_bus_policy, "Import").
      new ImportBlock(this, "import", { resource: this.resource, importId: props.bus.name, provider: props.bus.provider.provider });
    }
  }
}
