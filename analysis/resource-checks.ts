/** The verifier checks of single resources: log delivery, dead-letter queues, bus policies, rules. */
import { containsStar } from "../modules/event-pattern";
import { MAX_BUS_POLICY_LENGTH, MAX_TARGETS_PER_RULE } from "../modules/limits";
import { Check, Finding, finding } from "./finding";
import { indexOf } from "./graph-index";
import { accountFilter } from "./link-checks";
import { BusPolicyNode, LogPolicyNode, TargetNode, TopologyGraph, asList, statementsOf } from "./model";
import { allowsAction, conditionValues, opensToAnyPrincipal, parseArn } from "./policies";

/** The checks of single resources: log delivery, dead-letter queues, bus policies and rules. */
const wildcard = (resource: string) =>
  new RegExp(
    `^${resource
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

function logPolicyCovers(graph: TopologyGraph, target: TargetNode, accountId: string, region: string): boolean {
  return graph.logPolicies
    .filter((policy) => policy.at.accountId === accountId && policy.at.region === region)
    .flatMap((policy) => statementsOf(policy.document))
    .filter(
      (statement) =>
        allowsAction(statement, "logs:PutLogEvents") &&
        typeof statement.Principal === "object" &&
        asList(statement.Principal.Service).includes("events.amazonaws.com"),
    )
    .some((statement) => asList(statement.Resource).some((resource) => wildcard(resource).test(`${target.arn}:*`)));
}

const logPolicyMissing: Check = {
  id: "log-policy-missing",
  run: (graph) =>
    graph.targets.flatMap((target): Finding[] => {
      const logGroup = parseArn(target.arn);
      if (logGroup?.service !== "logs" || logPolicyCovers(graph, target, logGroup.accountId, logGroup.region)) return [];
      return [
        finding(
          "log-policy-missing",
          "error",
          target,
          `no CloudWatch Logs resource policy in ${logGroup.accountId}/${logGroup.region} lets EventBridge write to ${target.arn}`,
          "add an aws_cloudwatch_log_resource_policy allowing events.amazonaws.com logs:CreateLogStream and logs:PutLogEvents " +
            "on the log group (at most 10 per region: share one)",
        ),
      ];
    }),
};

const deadLetterQueue: Check = {
  id: "dead-letter-queue",
  run: (graph) =>
    graph.targets.flatMap((target): Finding[] => {
      if (!target.deadLetterArn) return [];
      const queue = parseArn(target.deadLetterArn);
      const fifo = indexOf(graph).queueByArn.get(target.deadLetterArn)?.fifo || target.deadLetterArn.endsWith(".fifo");
      return [
        ...(fifo
          ? [
              finding(
                "dead-letter-queue",
                "error",
                target,
                `dead-letter queue ${target.deadLetterArn} is FIFO`,
                "use a standard SQS queue: EventBridge cannot send to a FIFO dead-letter queue",
              ),
            ]
          : []),
        ...(queue && target.at.region && queue.region !== target.at.region
          ? [
              finding(
                "dead-letter-queue",
                "error",
                target,
                `dead-letter queue ${target.deadLetterArn} is in ${queue.region}, the rule in ${target.at.region}`,
                "use a queue in the rule's region",
              ),
            ]
          : []),
      ];
    }),
};

const logPolicyName: Check = {
  id: "log-policy-name",
  run: (graph) => {
    const firstOfName = new Map<string, LogPolicyNode>();
    return graph.logPolicies.flatMap((policy): Finding[] => {
      if (policy.name === undefined) return [];
      const key = `${policy.at.accountId ?? policy.at.alias}/${policy.at.region}/${policy.name}`;
      const first = firstOfName.get(key);
      if (!first) {
        firstOfName.set(key, policy);
        return [];
      }
      return [
        finding(
          "log-policy-name",
          "error",
          policy,
          `log resource policy ${policy.name} is also written by ${first.address} in stack ${first.stack}, in the same account ` +
            `and region: CloudWatch Logs keeps one policy per name, so the later apply replaces the other and its log groups ` +
            `stop receiving events`,
          "give each log resource policy of an account and region its own name (each topology its own name)",
        ),
      ];
    });
  },
};

const busPolicySize: Check = {
  id: "bus-policy-size",
  run: (graph) =>
    graph.busPolicies
      .filter((policy) => policy.text.length > MAX_BUS_POLICY_LENGTH)
      .map((policy) =>
        finding(
          "bus-policy-size",
          "error",
          policy,
          `the bus policy has ${policy.text.length} characters, over the ${MAX_BUS_POLICY_LENGTH} AWS accepts`,
          "grant an organization instead of many accounts",
        ),
      ),
};

/** Whether the configuration creates the policy's bus (in any stack of the folder), so nothing was on it before. */
const busCreatedHere = (graph: TopologyGraph, policy: BusPolicyNode) =>
  policy.busResource !== undefined ||
  (policy.busArn !== undefined && graph.buses.get(policy.busArn)?.address.startsWith("aws_cloudwatch_event_bus.") === true);

/**
 * aws_cloudwatch_event_bus_policy sends the whole document (PutPermission's Policy parameter) and
 * overwrites the permissions others added (AWS provider docs, aws_cloudwatch_event_bus_policy). On a
 * bus that existed before, only an import block lets the plan show the statements it would remove.
 */
const busPolicyNotImported: Check = {
  id: "bus-policy-not-imported",
  run: (graph) =>
    graph.busPolicies
      .filter((policy) => !policy.imported && !busCreatedHere(graph, policy))
      .map((policy) => {
        const bus = policy.busArn ?? "a bus this configuration does not create";
        return finding(
          "bus-policy-not-imported",
          "warning",
          policy,
          `the policy replaces the whole policy of ${bus}, which existed before this configuration and is not imported: ` +
            "statements others added there (aws events put-permission) are removed by the first apply without the plan showing them",
          "save `aws events describe-event-bus` of the bus and name the file in the receiver's existingPolicy (its statements are " +
            "kept and the policy imported); in other Terraform, keep them in the policy and add an import block with the bus name " +
            "as id. A bus with no policy yet has nothing to lose: describe it again after the first apply",
        );
      }),
};

const accountFilterMissing: Check = {
  id: "account-filter-missing",
  run: (graph) =>
    graph.busPolicies.flatMap((policy) => {
      const open = statementsOf(policy.document).filter(opensToAnyPrincipal);
      if (open.length === 0) return [];
      const everybody = open.some((statement) => conditionValues(statement, "StringEquals", "aws:PrincipalOrgID").length === 0);
      return graph.rules
        .filter((rule) => rule.busArn === policy.busArn && accountFilter(rule) === undefined)
        .map((rule) =>
          finding(
            "account-filter-missing",
            everybody ? "error" : "warning",
            rule,
            `rule ${rule.name} has no account filter on a bus open to ` +
              `${everybody ? "every AWS account" : "a whole organization"}, so events of any such account trigger it`,
            'add "account": [<sender account IDs>] to its pattern',
          ),
        );
    }),
};

const accountStar: Check = {
  id: "account-star",
  run: (graph) =>
    graph.rules
      .filter((rule) => containsStar(accountFilter(rule)))
      .map((rule) =>
        finding(
          "account-star",
          "error",
          rule,
          `rule ${rule.name} filters on account "*", which no event carries: it never matches`,
          "list account IDs, or leave account out to match every granted account",
        ),
      ),
};

const tooManyTargets: Check = {
  id: "too-many-targets",
  run: (graph) =>
    graph.rules
      .filter((rule) => rule.targets.length > MAX_TARGETS_PER_RULE)
      .map((rule) =>
        finding(
          "too-many-targets",
          "error",
          rule,
          `rule ${rule.name} has ${rule.targets.length} targets; AWS allows ${MAX_TARGETS_PER_RULE}`,
          "split the targets over several rules with the same pattern",
        ),
      ),
};

export const RESOURCE_CHECKS: readonly Check[] = [
  logPolicyMissing,
  deadLetterQueue,
  logPolicyName,
  busPolicySize,
  busPolicyNotImported,
  accountFilterMissing,
  accountStar,
  tooManyTargets,
];
