/** The binding of aws_iam_role: cdktf's here, CDK Terrain's in the cdktn build. */
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
