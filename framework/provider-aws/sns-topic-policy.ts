/** The binding of aws_sns_topic_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
