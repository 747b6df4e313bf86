/** FunctionDestination: an existing Lambda function and its invoke permissions. */
import { Construct } from "constructs";
import { LambdaPermission } from "../../framework/provider-aws/lambda-permission";
import { AccountProvider } from "../account-provider";
import { functionArn } from "../arns";
import { FUNCTION_NAME, InvalidInputError } from "../limits";
import { isReference, requireMatch } from "../validation";
import { IAM_ROLE_ARN } from "../arns";
import { DIRECT_DELIVERY_ACTION } from "../direct-delivery";
import { DeliveryDestination, ruleIdentifier } from "./destination";

export interface FunctionDestinationProps {
  /** Provider of the account and region where the function already exists; no default. */
  readonly provider: AccountProvider;
  /** Name of the existing Lambda function; no default. */
  readonly functionName: string;
  /** Rules of the function's account allowed to invoke it, one aws_lambda_permission each; default none. */
  readonly ruleArns?: readonly string[];
  /** Roles of other accounts' forwarding rules that invoke it directly, one aws_lambda_permission each; default none. */
  readonly senderRoleArns?: readonly string[];
}

/** Each invoke permission's statement ID: this prefix, then the rule's "<bus>/<rule>" with other characters as "_". */
export const INVOKE_STATEMENT_PREFIX = "AllowEventBridge-";
/** Characters a Lambda statement ID cannot hold. */
export const NOT_IN_STATEMENT_ID = /[^A-Za-z0-9_-]/g;

/** Each sender role's permission ID: this prefix, then "<account>-<role name>" with other characters as "_". */
export const ROLE_INVOKE_STATEMENT_PREFIX = "AllowSenderRole-";

/**
 * An existing Lambda function (its code is deployed elsewhere) and one invoke permission per rule,
 * each pinned to the rule ARN and the receiver account, and one per sender role that invokes it
 * directly. A Lambda permission takes no condition on the caller, so it names the role itself as
 * the principal: the role must exist before the permission is added.
 */
export class FunctionDestination extends Construct implements DeliveryDestination {
  readonly arn: string;
  readonly prerequisites: readonly LambdaPermission[];
  /** The permission of each sender role, by role ARN: it must wait for the role, which it names. */
  readonly rolePermissions: ReadonlyMap<string, LambdaPermission>;

  constructor(scope: Construct, id: string, props: FunctionDestinationProps) {
    super(scope, id);
    requireMatch("functionName", props.functionName, FUNCTION_NAME);
    const { ruleArns = [], senderRoleArns = [] } = props;
    if (ruleArns.length + senderRoleArns.length === 0) {
      throw new InvalidInputError("ruleArns", ruleArns, "at least one rule or sender role invokes a function");
    }
    this.arn = functionArn(props.provider, props.functionName);
    const permission = (id: string, statementId: string, principal: string, condition: object) =>
      new LambdaPermission(this, id, {
        provider: props.provider.provider,
        statementId: statementId.slice(0, 100),
        action: DIRECT_DELIVERY_ACTION.function,
        functionName: props.functionName,
        principal,
        ...condition,
      });
    const rolePermissions = senderRoleArns.map((roleArn, i) => {
      requireMatch(`senderRoleArns[${i}]`, roleArn, IAM_ROLE_ARN);
      const role = isReference(roleArn) ? `role-${i + 1}` : roleArn.slice(roleArn.indexOf("::") + 2).replace(NOT_IN_STATEMENT_ID, "_");
      return permission(`permission-${role}`, `${ROLE_INVOKE_STATEMENT_PREFIX}${role}`, roleArn, {});
    });
    this.rolePermissions = new Map(senderRoleArns.map((roleArn, i) => [roleArn, rolePermissions[i]]));
    this.prerequisites = [
      ...ruleArns.map((ruleArn) => {
        const rule = ruleIdentifier(ruleArn, NOT_IN_STATEMENT_ID);
        return permission(`permission-${rule}`, `${INVOKE_STATEMENT_PREFIX}${rule}`, "events.amazonaws.com", {
          sourceArn: ruleArn,
          sourceAccount: props.provider.accountId,
        });
      }),
      ...rolePermissions,
    ];
  }
}
