/** FunctionDestination: an existing Lambda function and its invoke permissions. */
import { Construct } from "constructs";
import { LambdaPermission } from "../../framework/provider-aws/lambda-permission";
import { AccountProvider } from "../account-provider";
import { functionArn } from "../arns";
import { FUNCTION_NAME, InvalidInputError } from "../limits";
import { requireMatch } from "../validation";
import { DeliveryDestination, ruleIdentifier } from "./destination";

export interface FunctionDestinationProps {
  /** Provider of the account and region where the function already exists; no default. */
  readonly provider: AccountProvider;
  /** Name of the existing Lambda function; no default. */
  readonly functionName: string;
  /** Rules allowed to invoke it, one aws_lambda_permission each; no default, at least one. */
  readonly ruleArns: readonly string[];
}

/** Each invoke permission's statement ID: this prefix, then the rule's "<bus>/<rule>" with other characters as "_". */
export const INVOKE_STATEMENT_PREFIX = "AllowEventBridge-";
/** Characters a Lambda statement ID cannot hold. */
export const NOT_IN_STATEMENT_ID = /[^A-Za-z0-9_-]/g;

/**
 * An existing Lambda function (its code is deployed elsewhere) and one invoke permission per rule,
 * each pinned to the rule ARN and the receiver account.
 */
export class FunctionDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly prerequisites: readonly LambdaPermission[];

  constructor(scope: Construct, id: string, props: FunctionDestinationProps) {
    super(scope, id);
    requireMatch("functionName", props.functionName, FUNCTION_NAME);
    if (props.ruleArns.length === 0) throw new InvalidInputError("ruleArns", props.ruleArns, "at least one rule invokes a function");
    this.arn = functionArn(props.provider, props.functionName);
    this.prerequisites = props.ruleArns.map((ruleArn) => {
      const rule = ruleIdentifier(ruleArn, NOT_IN_STATEMENT_ID);
      return new LambdaPermission(this, `permission-${rule}`, {
        provider: props.provider.provider,
        statementId: `${INVOKE_STATEMENT_PREFIX}${rule}`.slice(0, 100),
        action: "lambda:InvokeFunction",
        functionName: props.functionName,
        principal: "events.amazonaws.com",
        sourceArn: ruleArn,
        sourceAccount: props.provider.accountId,
      });
    });
  }
}
