/** The binding of aws_cloudwatch_event_rule: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
