/** The binding of aws_kms_alias: cdktf's here, CDK Terrain's in the cdktn build. */
export { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
