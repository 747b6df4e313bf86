export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
