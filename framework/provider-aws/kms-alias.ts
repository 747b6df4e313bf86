export { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
