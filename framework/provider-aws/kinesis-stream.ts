/** The binding of aws_kinesis_stream: cdktf's here, CDK Terrain's in the cdktn build. */
export { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
