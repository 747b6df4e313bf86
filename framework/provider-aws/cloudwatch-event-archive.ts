export { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
