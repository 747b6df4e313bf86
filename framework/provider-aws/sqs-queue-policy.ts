export { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
