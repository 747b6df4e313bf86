/** The resource policies of queues, topics, streams and functions, read into the graph for direct delivery. */
import { functionArn } from "../modules/arns";
import { PolicyDocument, PolicyStatement } from "../modules/policy-document";
import { Json, Located, StackReader, TopologyGraph, parseDocument } from "./model";

export interface TargetPolicyNode extends Located {
  /** The queue, topic, stream or function the policy is on. */
  readonly targetArn?: string;
  readonly document?: PolicyDocument;
}

const POLICY_OF: readonly { readonly type: string; readonly target: string }[] = [
  { type: "aws_sqs_queue_policy", target: "queue_url" },
  { type: "aws_sns_topic_policy", target: "arn" },
  { type: "aws_kinesis_resource_policy", target: "resource_arn" },
];

/** Reads the stack's target resources and their policies; a Lambda permission becomes the statement AWS adds for it. */
export function readTargetPolicies(reader: StackReader, graph: TopologyGraph): void {
  for (const type of ["aws_sqs_queue", "aws_sns_topic", "aws_kinesis_stream"]) {
    for (const { address, config } of reader.all(type)) {
      const arn = reader.computed(type, config, "arn");
      if (arn) graph.targetResources.set(arn, reader.located(address, config));
    }
  }
  for (const { type, target } of POLICY_OF) {
    for (const { address, config } of reader.all(type)) {
      graph.targetPolicies.push({
        ...reader.located(address, config),
        targetArn: reader.arnOf(config[target]),
        document: parseDocument(config.policy),
      });
    }
  }
  for (const { address, config } of reader.all("aws_lambda_permission")) {
    const targetArn = lambdaFunctionArn(reader, config);
    graph.targetPolicies.push({ ...reader.located(address, config), targetArn, document: permissionDocument(reader, config, targetArn) });
  }
}

function lambdaFunctionArn(reader: StackReader, config: Json): string | undefined {
  const name = reader.arnOf(config.function_name);
  if (!name || name.startsWith("arn:")) return name;
  const at = reader.placeOf(config);
  return at.accountId && at.region ? functionArn({ accountId: at.accountId, region: at.region }, name) : undefined;
}

/** The statement Lambda writes for an aws_lambda_permission (AddPermission). */
function permissionDocument(reader: StackReader, config: Json, targetArn: string | undefined): PolicyDocument | undefined {
  const principal = reader.value(config.principal);
  const action = reader.value(config.action);
  if (!principal || !action) return undefined;
  const sourceArn = reader.value(config.source_arn);
  const statement: PolicyStatement = {
    Sid: reader.value(config.statement_id),
    Effect: "Allow",
    Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal },
    Action: action,
    ...(targetArn ? { Resource: targetArn } : {}),
    ...(sourceArn ? { Condition: { ArnLike: { "AWS:SourceArn": sourceArn } } } : {}),
  };
  return { Version: "2012-10-17", Statement: [statement] };
}
