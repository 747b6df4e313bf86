/** The binding of aws_sqs_queue: cdktf's here, CDK Terrain's in the cdktn build. */
export { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
