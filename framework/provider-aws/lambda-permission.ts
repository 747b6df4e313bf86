/** The binding of aws_lambda_permission: cdktf's here, CDK Terrain's in the cdktn build. */
export { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
