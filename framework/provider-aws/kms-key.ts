export { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
