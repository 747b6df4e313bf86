/** LogGroupDestination and LogDeliveryPolicy: log groups and the one log resource policy per account and region. */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "../../framework/provider-aws/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "../../framework/provider-aws/cloudwatch-log-resource-policy";
import { ITerraformDependable } from "../../framework/core";
import { AccountProvider } from "../account-provider";
import { Placement, logGroupArn } from "../arns";
import { InvalidInputError, LOG_GROUP_NAME, LOG_RETENTION_DAYS, MAX_LOG_RESOURCE_POLICY_LENGTH } from "../limits";
import { requireMatch } from "../validation";
import { PolicyDocument, policyDocument, renderPolicy } from "../policy-document";
import { DeliveryDestination } from "./destination";

export interface LogGroupDestinationProps {
  /** Provider of the account and region that owns the log group; no default. */
  readonly provider: AccountProvider;
  /** Name of the log group to create; no default. */
  readonly logGroupName: string;
  /** Days to keep events; default 30. */
  readonly retentionDays?: number;
  /** The account-and-region log resource policy that lets EventBridge write here; no default. */
  readonly deliveryPolicy: LogDeliveryPolicy;
}

/** A CloudWatch log group that receiver rules write matched events to. */
export class LogGroupDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly name: string;
  readonly prerequisites: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: LogGroupDestinationProps) {
    super(scope, id);
    requireMatch("logGroupName", props.logGroupName, LOG_GROUP_NAME);
    const retention = props.retentionDays ?? 30;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new InvalidInputError("retentionDays", retention, `must be one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    this.name = props.logGroupName;
    this.arn = logGroupArn(props.provider, props.logGroupName);
    const logGroup = new CloudwatchLogGroup(this, "default", {
      provider: props.provider.provider,
      name: props.logGroupName,
      retentionInDays: retention,
    });
    this.prerequisites = [logGroup, props.deliveryPolicy.resource];
  }
}

export interface LogDeliveryPolicyProps {
  /** Provider of the account and region the policy is for; no default. */
  readonly provider: AccountProvider;
  /** Names of every log group in this account and region that rules deliver to; no default, at least one. */
  readonly logGroupNames: readonly string[];
  /** Name of the log resource policy, unique in its account and region (names.ts); default "eventbridge-to-log-groups". */
  readonly policyName?: string;
}

/** One statement for every log group of an account and region, within the CloudWatch Logs size limit. */
export function buildLogDeliveryPolicy(at: Placement, logGroupNames: readonly string[]): PolicyDocument {
  if (logGroupNames.length === 0) throw new InvalidInputError("logGroupNames", logGroupNames, "name at least one log group");
  const document = policyDocument([
    {
      Sid: "EventBridgeToLogGroups",
      Effect: "Allow",
      Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: logGroupNames.map((name) => `${logGroupArn(at, name)}:*`),
    },
  ]);
  const length = renderPolicy(document).length;
  if (length > MAX_LOG_RESOURCE_POLICY_LENGTH) {
    throw new InvalidInputError(
      "logGroupNames",
      `${logGroupNames.length} log groups, ${length} characters`,
      `a log resource policy holds at most ${MAX_LOG_RESOURCE_POLICY_LENGTH} characters; ` +
        "deliver to fewer log groups per account and region",
    );
  }
  return document;
}

/**
 * EventBridge writes to log groups through a CloudWatch Logs resource policy, not a role.
 * An account has at most 10 such policies per region, so one policy covers every log group
 * of the account and region instead of one per group.
 */
export class LogDeliveryPolicy extends Construct {
  readonly resource: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: LogDeliveryPolicyProps) {
    super(scope, id);
    const rendered = renderPolicy(buildLogDeliveryPolicy(props.provider, props.logGroupNames));
    this.resource = new CloudwatchLogResourcePolicy(this, "default", {
      provider: props.provider.provider,
      policyName: props.policyName ?? "eventbridge-to-log-groups",
      policyDocument: rendered,
      // A renamed policy is created before the old one goes, so the log groups are never without one.
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
