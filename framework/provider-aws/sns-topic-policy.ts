export { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
