/** The binding of aws_cloudwatch_metric_alarm: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
