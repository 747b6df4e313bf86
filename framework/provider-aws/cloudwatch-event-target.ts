export { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
