/** The binding of aws_sqs_queue_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
