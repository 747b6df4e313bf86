/** The binding of aws_cloudwatch_log_resource_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
