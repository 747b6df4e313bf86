export { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
