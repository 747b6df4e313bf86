/** The binding of aws_cloudwatch_event_bus_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
