export { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
