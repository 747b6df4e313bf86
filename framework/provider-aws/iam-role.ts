export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
