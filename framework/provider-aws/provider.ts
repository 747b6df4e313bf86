export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
