/** The binding of aws_kms_key: cdktf's here, CDK Terrain's in the cdktn build. */
export { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
