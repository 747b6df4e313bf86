/** The binding of aws_cloudwatch_log_group: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
