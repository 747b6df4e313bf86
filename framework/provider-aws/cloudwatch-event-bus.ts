/** The binding of aws_cloudwatch_event_bus: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
