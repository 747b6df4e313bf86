/** The cross-account graph read from a folder of Terraform JSON stacks. */
import { readFileSync } from "node:fs";
import { DEFAULT_BUS, eventBusArn, eventRuleArn, iamRoleArn, logGroupArn, queueArn, streamArn, topicArn } from "../modules/arns";
import { PolicyDocument, PolicyStatement } from "../modules/policy-document";
import { terraformLiteralValue } from "../modules/terraform-literal";
import { StackContents, merge, stackDependencies, stackFiles } from "./model-files";
import { TargetPolicyNode, readTargetPolicies } from "./model-targets";

export type { TargetPolicyNode } from "./model-targets";

/**
 * The cross-account graph of a folder of Terraform JSON stacks: ours (cdktf.out or an export) or
 * any configuration using these resource types. Values that are references to other resources of
 * the same stack are resolved to what they will be; what cannot be known is left undefined.
 */
export interface Placement {
  readonly accountId?: string;
  readonly region?: string;
  /** The provider alias, which names the account in our stacks. */
  readonly alias?: string;
}

export interface Located {
  /** The stack (folder) and Terraform address, for findings. */
  readonly stack: string;
  readonly address: string;
  readonly at: Placement;
}

export interface BusPolicyNode extends Located {
  readonly busArn?: string;
  /** The aws_cloudwatch_event_bus of this stack the policy names, when it names one by reference. */
  readonly busResource?: string;
  /** An import block adopts the policy already on the bus, so the first plan shows what it replaces. */
  readonly imported: boolean;
  /** The policy as AWS receives it (Terraform's escapes undone). */
  readonly text: string;
  readonly document?: PolicyDocument;
}

export interface RuleNode extends Located {
  readonly name: string;
  readonly busName: string;
  readonly arn?: string;
  readonly busArn?: string;
  readonly pattern?: Record<string, unknown>;
  readonly patternText?: string;
  readonly targets: TargetNode[];
}

export interface TargetNode extends Located {
  readonly rule: RuleNode;
  readonly arn?: string;
  readonly roleArn?: string;
  readonly deadLetterArn?: string;
  /** Addresses this target waits for, directly or through what it references. */
  readonly dependsOn: ReadonlySet<string>;
}

export interface RoleNode extends Located {
  readonly name: string;
  readonly arn?: string;
  readonly trust?: PolicyDocument;
  readonly policies: PolicyDocument[];
}

export interface QueueNode extends Located {
  readonly name: string;
  readonly arn?: string;
  readonly fifo: boolean;
}

export interface LogPolicyNode extends Located {
  readonly name?: string;
  readonly document?: PolicyDocument;
}

export interface Stack {
  readonly name: string;
  /** Stacks that are applied before this one (cdktf's manifest). */
  readonly dependencies: readonly string[];
}

export interface TopologyGraph {
  readonly stacks: Stack[];
  readonly busPolicies: BusPolicyNode[];
  readonly rules: RuleNode[];
  readonly targets: TargetNode[];
  readonly roles: RoleNode[];
  readonly queues: QueueNode[];
  readonly logGroups: (Located & { readonly name: string; readonly arn?: string })[];
  readonly logPolicies: LogPolicyNode[];
  /** Resource policies of queues, topics, streams and functions (a Lambda permission read as a statement). */
  readonly targetPolicies: TargetPolicyNode[];
  /** Queues, topics and streams declared here, by ARN, so a missing policy can be told from an unknown target. */
  readonly targetResources: Map<string, Located>;
  /** Every event bus known here, by ARN, with where it is declared (default buses are implicit). */
  readonly buses: Map<string, Located>;
}

export type Json = Record<string, unknown>;
export type Resources = Record<string, Record<string, Json>>;

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[\d+\])?\.([a-z_]+)\}$/;

/** A JSON document held in a Terraform string: parsed from the value Terraform makes of the literal. */
export function parseDocument<T>(text: unknown): T | undefined {
  return parseJson<T>(typeof text === "string" ? terraformLiteralValue(text) : text);
}

/** Whether a Terraform string interpolates (a `${` that is not the escape `$${`). */
const interpolates = (text: string) => text.replace(/\$\$\{/g, "").includes("${");

export function parseJson<T>(text: unknown): T | undefined {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Reads every stack of a folder into one graph. */
export function readTopologyGraph(dir: string): TopologyGraph {
  const dependencies = stackDependencies(dir);
  const graph: TopologyGraph = {
    stacks: [],
    busPolicies: [],
    rules: [],
    targets: [],
    roles: [],
    queues: [],
    logGroups: [],
    logPolicies: [],
    targetPolicies: [],
    targetResources: new Map(),
    buses: new Map(),
  };
  for (const { name, files } of stackFiles(dir)) {
    graph.stacks.push({ name, dependencies: dependencies.get(name) ?? [] });
    addStack(graph, name, merge(files.map((file) => JSON.parse(readFileSync(file, "utf8")) as Json)));
  }
  return graph;
}

function addStack(graph: TopologyGraph, stack: string, contents: StackContents): void {
  const reader = new StackReader(stack, contents.resource, contents.provider, contents.imports);
  reader.readBuses(graph);
  const rules = reader.readRules(graph);
  reader.readTargets(graph, rules);
  reader.readRoles(graph);
  reader.readQueuesAndLogs(graph);
  readTargetPolicies(reader, graph);
}

/** Reads one stack's resources into graph nodes, resolving the references between them. */
export class StackReader {
  private readonly providers: Map<string, Placement>;

  constructor(
    private readonly stack: string,
    private readonly resource: Resources,
    provider: Json[],
    private readonly imports: ReadonlySet<string>,
  ) {
    this.providers = new Map<string, Placement>(
      provider.map((config) => [
        config.alias ? `aws.${config.alias}` : "aws",
        {
          accountId: (config.allowed_account_ids as string[] | undefined)?.[0],
          region: config.region as string | undefined,
          alias: config.alias as string | undefined,
        },
      ]),
    );
  }

  all(type: string) {
    return Object.entries(this.resource[type] ?? {}).map(([name, config]) => ({ address: `${type}.${name}`, config }));
  }

  placeOf(config: Json): Placement {
    return this.providers.get((config.provider as string | undefined) ?? "aws") ?? {};
  }

  located(address: string, config: Json): Located {
    return { stack: this.stack, address, at: this.placeOf(config) };
  }

  /** What an attribute will be: a literal, or a reference to a resource of this stack resolved by `attribute`. */
  value(text: unknown, seen = new Set<string>()): string | undefined {
    if (typeof text !== "string") return undefined;
    const reference = REFERENCE.exec(text);
    if (!reference) return interpolates(text) ? undefined : terraformLiteralValue(text);
    const [, type, name, attribute] = reference;
    const config = this.resource[type]?.[name];
    const address = `${type}.${name}`;
    if (!config || seen.has(address)) return undefined;
    return this.computed(type, config, attribute, new Set([...seen, address]));
  }

  /** The ARN of the resource a reference points at (whatever attribute it reads), or the literal. */
  arnOf(text: unknown): string | undefined {
    const reference = REFERENCE.exec(String(text ?? ""));
    const config = reference && this.resource[reference[1]]?.[reference[2]];
    return config ? this.computed((reference as RegExpExecArray)[1], config, "arn") : this.value(text);
  }

  computed(type: string, config: Json, attribute: string, seen = new Set<string>()): string | undefined {
    const at = this.placeOf(config);
    const known = at.accountId && at.region ? { accountId: at.accountId, region: at.region } : undefined;
    const name = this.value(config.name, seen);
    if (attribute === "name") return name;
    if (attribute !== "arn" || !known || !name) return undefined;
    switch (type) {
      case "aws_cloudwatch_event_bus":
        return eventBusArn(known, name);
      case "aws_iam_role":
        return iamRoleArn(known, name);
      case "aws_sqs_queue":
        return queueArn(known, name);
      case "aws_sns_topic":
        return topicArn(known, name);
      case "aws_kinesis_stream":
        return streamArn(known, name);
      case "aws_cloudwatch_log_group":
        return logGroupArn(known, name);
      case "aws_cloudwatch_event_rule":
        return eventRuleArn(known, this.value(config.event_bus_name, seen) ?? DEFAULT_BUS, name);
      default:
        return undefined;
    }
  }

  private busArnOf(config: Json, busName: string): string | undefined {
    const at = this.placeOf(config);
    return at.accountId && at.region ? eventBusArn({ accountId: at.accountId, region: at.region }, busName) : undefined;
  }

  /** Everything an element waits for: its depends_on and the resources it references, transitively. */
  private waitsFor(config: Json): Set<string> {
    const found = new Set<string>();
    const visit = (node: unknown) => {
      if (typeof node === "string") {
        for (const match of node.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)/g)) follow(match[1]);
      } else if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === "object")
        Object.entries(node).forEach(([key, item]) => (key === "depends_on" ? (item as string[]).forEach(follow) : visit(item)));
    };
    const follow = (address: string) => {
      if (found.has(address)) return;
      found.add(address);
      const [type, name] = address.split(".");
      const target = this.resource[type]?.[name];
      if (target) visit(target);
    };
    visit(config);
    return found;
  }

  readBuses(graph: TopologyGraph): void {
    for (const { address, config } of this.all("aws_cloudwatch_event_bus")) {
      const arn = this.busArnOf(config, this.value(config.name) ?? "");
      if (arn) graph.buses.set(arn, this.located(address, config));
    }
    for (const { address, config } of this.all("aws_cloudwatch_event_bus_policy")) {
      const busName = this.value(config.event_bus_name) ?? DEFAULT_BUS;
      const busArn = this.busArnOf(config, busName);
      if (busArn && busName === DEFAULT_BUS && !graph.buses.has(busArn)) graph.buses.set(busArn, this.located(address, config));
      const reference = REFERENCE.exec(String(config.event_bus_name ?? ""));
      graph.busPolicies.push({
        ...this.located(address, config),
        busArn,
        busResource: reference?.[1] === "aws_cloudwatch_event_bus" ? `${reference[1]}.${reference[2]}` : undefined,
        imported: this.imports.has(address),
        text: typeof config.policy === "string" ? terraformLiteralValue(config.policy) : "",
        document: parseDocument(config.policy),
      });
    }
  }

  readRules(graph: TopologyGraph): Map<string, RuleNode> {
    const rules = new Map<string, RuleNode>();
    for (const { address, config } of this.all("aws_cloudwatch_event_rule")) {
      const busName = this.value(config.event_bus_name) ?? DEFAULT_BUS;
      const rule: RuleNode = {
        ...this.located(address, config),
        name: this.value(config.name) ?? address,
        busName,
        arn: this.computed("aws_cloudwatch_event_rule", config, "arn"),
        busArn: this.busArnOf(config, busName),
        pattern: parseDocument(config.event_pattern),
        patternText: typeof config.event_pattern === "string" ? terraformLiteralValue(config.event_pattern) : undefined,
        targets: [],
      };
      rules.set(address, rule);
      graph.rules.push(rule);
    }
    return rules;
  }

  readTargets(graph: TopologyGraph, rules: Map<string, RuleNode>): void {
    for (const { address, config } of this.all("aws_cloudwatch_event_target")) {
      const ruleAddress = REFERENCE.exec(String(config.rule ?? ""));
      const rule = ruleAddress
        ? rules.get(`${ruleAddress[1]}.${ruleAddress[2]}`)
        : graph.rules.find((candidate) => candidate.stack === this.stack && candidate.name === config.rule);
      if (!rule) continue;
      const deadLetter = (Array.isArray(config.dead_letter_config) ? config.dead_letter_config[0] : config.dead_letter_config) as
        Json | undefined;
      const target: TargetNode = {
        ...this.located(address, config),
        rule,
        arn: this.value(config.arn),
        roleArn: this.value(config.role_arn),
        deadLetterArn: this.value(deadLetter?.arn),
        dependsOn: this.waitsFor(config),
      };
      rule.targets.push(target);
      graph.targets.push(target);
    }
  }

  readRoles(graph: TopologyGraph): void {
    for (const { address, config } of this.all("aws_iam_role")) {
      const name = this.value(config.name) ?? address;
      const policies = this.all("aws_iam_role_policy")
        .filter(({ config: policy }) => {
          const role = REFERENCE.exec(String(policy.role ?? ""));
          return role ? `${role[1]}.${role[2]}` === address : policy.role === name;
        })
        .flatMap(({ config: policy }) => parseDocument<PolicyDocument>(policy.policy) ?? []);
      graph.roles.push({
        ...this.located(address, config),
        name,
        arn: this.computed("aws_iam_role", config, "arn"),
        trust: parseDocument(config.assume_role_policy),
        policies,
      });
    }
  }

  readQueuesAndLogs(graph: TopologyGraph): void {
    for (const { address, config } of this.all("aws_sqs_queue")) {
      const name = this.value(config.name) ?? address;
      graph.queues.push({
        ...this.located(address, config),
        name,
        arn: this.computed("aws_sqs_queue", config, "arn"),
        fifo: config.fifo_queue === true,
      });
    }
    for (const { address, config } of this.all("aws_cloudwatch_log_group")) {
      const name = this.value(config.name) ?? address;
      graph.logGroups.push({ ...this.located(address, config), name, arn: this.computed("aws_cloudwatch_log_group", config, "arn") });
    }
    for (const { address, config } of this.all("aws_cloudwatch_log_resource_policy")) {
      graph.logPolicies.push({
        ...this.located(address, config),
        name: this.value(config.policy_name),
        document: parseDocument(config.policy_document),
      });
    }
  }
}

export function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  const statements = document?.Statement as PolicyStatement[] | PolicyStatement | undefined;
  return Array.isArray(statements) ? statements : statements ? [statements] : [];
}

export const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
