/** The binding of aws_sns_topic: cdktf's here, CDK Terrain's in the cdktn build. */
export { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
