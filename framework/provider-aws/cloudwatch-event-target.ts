/** The binding of aws_cloudwatch_event_target: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
