export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
