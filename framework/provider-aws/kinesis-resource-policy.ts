/** The binding of aws_kinesis_resource_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { KinesisResourcePolicy } from "@cdktf/provider-aws/lib/kinesis-resource-policy";
