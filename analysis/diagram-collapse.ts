/** Accounts wired alike drawn as one box with a count, once a diagram has more accounts than the user wants drawn one by one. */
import { Diagram, DiagramEdge, DiagramNode } from "./diagram";
import { allBy } from "./graph-index";

/** The default of `--collapse-above`: up to 20 accounts the laid-out diagram stays legible box by box. */
export const COLLAPSE_ABOVE = 20;

/**
 * A group's wiring (its nodes, and the flows that start or end in it) with its own account left
 * out: its nodes by kind and label, and every flow by the other end's node id when that is
 * outside, with the flow's label, its broken check and its findings' checks (a broken or warned
 * flow never hides among sound ones).
 * Undefined when two of its nodes look alike, so the wiring could not be told from another's.
 */
function wiringOf(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): string | undefined {
  const local = new Map(nodes.map((node) => [node.id, `${node.kind} ${node.label}`]));
  if (new Set(local.values()).size !== local.size) return undefined;
  const end = (id: string) => local.get(id) ?? `outside ${id}`;
  const flows = edges.map((edge) =>
    JSON.stringify([
      end(edge.from),
      end(edge.to),
      edge.label,
      edge.broken ?? "",
      edge.details.findings.map((finding) => `${finding.severity} ${finding.check}`).sort(),
    ]),
  );
  return JSON.stringify([[...local.values()].sort(), flows.sort()]);
}

/** The name of the box standing for accounts wired alike. */
const collapsedName = (members: readonly string[]) => `${members.length} accounts like ${members[0]}`;

/**
 * Above `above` accounts, accounts wired alike (same buses, rules, patterns and targets, sending to
 * the same nodes of other accounts, or taking flows from the same ones) become one box named
 * "N accounts like <first>": the first account's nodes and flows are drawn for all of them.
 */
export function collapseDiagram(diagram: Diagram, above: number): Diagram {
  if (diagram.groups.length <= above) return diagram;
  // Each group's nodes and flows, found once: scanning every node and flow per group was quadratic in the accounts.
  const nodesOf = allBy(diagram.nodes, (node) => node.group);
  const groupOf = new Map(diagram.nodes.map((node) => [node.id, node.group]));
  const ends = diagram.edges.flatMap((edge) =>
    [...new Set([groupOf.get(edge.from), groupOf.get(edge.to)])].map((group) => ({ group, edge })),
  );
  const edgesOf = allBy(ends, (end) => end.group);
  const wiring = (group: string) =>
    wiringOf(
      nodesOf.get(group) ?? [],
      (edgesOf.get(group) ?? []).map((end) => end.edge),
    );
  const classes = allBy(diagram.groups, (group) => wiring(group) ?? `alone ${group}`);
  const renamed = new Map<string, string>();
  const hidden = new Set<string>();
  const collapsed: Record<string, readonly string[]> = {};
  for (const members of classes.values()) {
    if (members.length < 2) continue;
    collapsed[collapsedName(members)] = members;
    renamed.set(members[0], collapsedName(members));
    members.slice(1).forEach((member) => hidden.add(member));
  }
  const nodes = diagram.nodes
    .filter((node) => !hidden.has(node.group))
    .map((node) => ({ ...node, group: renamed.get(node.group) ?? node.group }));
  const drawn = new Set(nodes.map((node) => node.id));
  return {
    accounts: diagram.accounts,
    groups: diagram.groups.filter((group) => !hidden.has(group)).map((group) => renamed.get(group) ?? group),
    nodes,
    edges: diagram.edges.filter((edge) => drawn.has(edge.from) && drawn.has(edge.to)),
    collapsed,
  };
}
