export { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
