/** The binding of aws_cloudwatch_event_archive: cdktf's here, CDK Terrain's in the cdktn build. */
export { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
