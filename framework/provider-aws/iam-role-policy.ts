/** The binding of aws_iam_role_policy: cdktf's here, CDK Terrain's in the cdktn build. */
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
