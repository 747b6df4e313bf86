export { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
