export { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
