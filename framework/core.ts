/**
 * The framework's own classes, the one place the constructs name cdktf. The CDK Terrain build
 * (scripts/package.ts) compiles the same sources with every framework/ import read as cdktn and
 * @cdktn/provider-aws instead; nothing else differs between the two packages.
 */
export {
  App,
  LocalBackend,
  TerraformBackend,
  TerraformElement,
  TerraformOutput,
  TerraformRemoteState,
  TerraformResource,
  TerraformStack,
  Token,
  dependable,
} from "cdktf";
export type { ITerraformDependable } from "cdktf";
