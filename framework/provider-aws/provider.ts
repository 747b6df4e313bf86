/** The AWS provider binding: cdktf's here, CDK Terrain's in the cdktn build. */
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
