/**
 * Lookups of a graph's nodes by ARN or name, built once per graph: the checks ask them for every
 * target, and scanning every node each time made verifying thousands of accounts quadratic.
 */
import { BusPolicyNode, QueueNode, RoleNode, RuleNode, Stack, TopologyGraph } from "./model";
import { TargetPolicyNode } from "./model-targets";

export interface GraphIndex {
  /** The first role of each ARN, as a scan in graph order would find it. */
  readonly roleByArn: ReadonlyMap<string, RoleNode>;
  /** The first queue of each ARN. */
  readonly queueByArn: ReadonlyMap<string, QueueNode>;
  /** The first stack of each name. */
  readonly stackByName: ReadonlyMap<string, Stack>;
  /** Every bus policy of each bus ARN, in graph order. */
  readonly busPoliciesByArn: ReadonlyMap<string, readonly BusPolicyNode[]>;
  /** Every resource policy of each target ARN, in graph order. */
  readonly targetPoliciesByArn: ReadonlyMap<string, readonly TargetPolicyNode[]>;
  /** Every rule of each bus ARN, in graph order. */
  readonly rulesByBusArn: ReadonlyMap<string, readonly RuleNode[]>;
}

const indexes = new WeakMap<TopologyGraph, GraphIndex>();

function firstBy<T>(nodes: readonly T[], key: (node: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const node of nodes) {
    const value = key(node);
    if (value !== undefined && !map.has(value)) map.set(value, node);
  }
  return map;
}

/** The nodes grouped by key, each group in the nodes' order; a node without a key is left out. */
export function allBy<T>(nodes: readonly T[], key: (node: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const node of nodes) {
    const value = key(node);
    if (value === undefined) continue;
    const list = map.get(value);
    if (list) list.push(node);
    else map.set(value, [node]);
  }
  return map;
}

/** The lookups of a graph, built on first use; a graph is not changed once it is read. */
export function indexOf(graph: TopologyGraph): GraphIndex {
  let index = indexes.get(graph);
  if (!index) {
    index = {
      roleByArn: firstBy(graph.roles, (role) => role.arn),
      queueByArn: firstBy(graph.queues, (queue) => queue.arn),
      stackByName: firstBy(graph.stacks, (stack) => stack.name),
      busPoliciesByArn: allBy(graph.busPolicies, (policy) => policy.busArn),
      targetPoliciesByArn: allBy(graph.targetPolicies, (policy) => policy.targetArn),
      rulesByBusArn: allBy(graph.rules, (rule) => rule.busArn),
    };
    indexes.set(graph, index);
  }
  return index;
}

/** What a map holds for a key that may be undefined (an ARN only known at apply). */
export const lookup = <T>(map: ReadonlyMap<string, T>, key: string | undefined): T | undefined =>
  key === undefined ? undefined : map.get(key);
