/**
 * The public API of the package: the constructs, the topology loader and schema, the layouts that
 * build whole topologies, and the pipeline export. Each construct is also importable on its own
 * ("cdktf-eventbridge-cross-account/modules/sender-forwarding").
 */
export * from "./modules/account-provider";
export * from "./modules/alarm";
export * from "./modules/arns";
export * from "./modules/bus-archive";
export * from "./modules/bus-dead-letter-queue";
export * from "./modules/bus-key";
export * from "./modules/event-bus";
export * from "./modules/event-pattern";
export * from "./modules/forwarding-alarms";
export * from "./modules/limits";
export * from "./modules/policy-document";
export * from "./modules/receiver-bus-policy";
export * from "./modules/receiver-rule";
export * from "./modules/sender-forwarding";
export * from "./modules/terraform-literal";
export * from "./modules/destinations/destination";
export * from "./modules/destinations/function";
export * from "./modules/destinations/log-group";
export * from "./modules/destinations/queue";
export * from "./modules/destinations/topic";
export { TopologySchema, topologyJsonSchema } from "./topology/schema";
export type { Topology, TopologyInput } from "./topology/schema";
export { TopologyError, loadTopology, loadTopologyFile, parseTopology } from "./topology/load";
export type { Problem, ResolvedTopology } from "./topology/resolve";
export { buildStacks } from "./stacks/layouts";
export type { LayoutOptions } from "./stacks/layouts";
export { TopologyStack, AWS_PROVIDER_REQUIREMENT } from "./stacks/topology-stack";
export type { ApplyAfterReason } from "./stacks/topology-stack";
export type { BackendConfig } from "./stacks/backend";
export { STATE_DIR, synthesizeTopology } from "./stacks/synthesize";
export { OUTPUT_MARKER, OutputFolderError } from "./stacks/output-folder";
export type { SynthesizedStack } from "./stacks/synthesize";
export { exportTopology, exportTopologySince, EXPORT_FORMATS } from "./pipeline/export";
export type { ExportFormat, ExportOptions, ExportSince, ExportedStack } from "./pipeline/export";
export { ChangedSinceError } from "./pipeline/changes";
export type { Changes } from "./pipeline/changes";
export type { StackOrder, StacksFile } from "./pipeline/apply-order";
export { renderHcl } from "./pipeline/hcl";
export { matchesEventPattern } from "./patterns/match";
export { intersection, intersects, isSubsumed, subsumption } from "./patterns/algebra";
export type { Answer } from "./patterns/algebra";
export { eventPatternProblems } from "./patterns/validate";
export { verifyFolder } from "./analysis/verify";
export type { Verification } from "./analysis/verify";
export type { Finding } from "./analysis/checks";
export { simulate } from "./analysis/simulate";
