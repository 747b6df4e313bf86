import { containsStar } from "../modules/event-pattern";
import { MAX_BUS_POLICY_LENGTH, MAX_TARGETS_PER_RULE } from "../modules/limits";
import { PolicyStatement } from "../modules/policy-document";
import { BusPolicyNode, Located, LogPolicyNode, RoleNode, RuleNode, TargetNode, TopologyGraph, asList, statementsOf } from "./model";

export type Severity = "error" | "warning";

/** One broken or risky link: where it is, what is wrong, and what to do. */
export interface Finding {
  readonly severity: Severity;
  readonly check: string;
  readonly stack: string;
  readonly address: string;
  readonly message: string;
  readonly fix: string;
}

export interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

export function parseArn(arn: string | undefined): ArnParts | undefined {
  const parts = arn?.split(":");
  if (!parts || parts.length < 6 || parts[0] !== "arn") return undefined;
  return { service: parts[2], region: parts[3], accountId: parts[4], resource: parts.slice(5).join(":") };
}

const allowsAction = (statement: PolicyStatement, action: string) =>
  statement.Effect === "Allow" && asList(statement.Action).some((candidate) => candidate === action || candidate === "*" || candidate === `${action.split(":")[0]}:*`);

const conditionValues = (statement: PolicyStatement, operator: string, key: string) =>
  Object.entries(statement.Condition ?? {})
    .filter(([name]) => name.replace(/^ForAnyValue:|^ForAllValues:/, "") === operator)
    .flatMap(([, conditions]) => Object.entries(conditions).filter(([name]) => name.toLowerCase() === key.toLowerCase()).flatMap(([, values]) => asList(values)));

/** The buses a role may put events on, as its inline policies say ("*" for any). */
export function putEventsResources(role: RoleNode): string[] {
  return role.policies
    .flatMap((document) => statementsOf(document))
    .filter((statement) => allowsAction(statement, "events:PutEvents"))
    .flatMap((statement) => asList(statement.Resource));
}

export type Grant = { kind: "account" | "organization" | "everybody"; statement: PolicyStatement };

/** How a bus policy lets a sender rule in, if it does. */
export function grantsFor(policy: BusPolicyNode, senderAccount: string | undefined, ruleArn: string | undefined): Grant[] {
  return statementsOf(policy.document).flatMap((statement): Grant[] => {
    if (!allowsAction(statement, "events:PutEvents")) return [];
    const sourceArns = conditionValues(statement, "ArnEquals", "aws:SourceArn").concat(conditionValues(statement, "StringEquals", "aws:SourceArn"));
    if (sourceArns.length > 0 && (!ruleArn || !sourceArns.includes(ruleArn))) return [];
    const principal = statement.Principal;
    if (principal === "*" || (typeof principal === "object" && asList(principal.AWS).includes("*"))) {
      return [{ kind: conditionValues(statement, "StringEquals", "aws:PrincipalOrgID").length > 0 ? "organization" : "everybody", statement }];
    }
    const accounts = asList(typeof principal === "object" ? principal.AWS : undefined).map((value) => parseArn(value)?.accountId ?? value);
    return senderAccount && accounts.includes(senderAccount) ? [{ kind: "account", statement }] : [];
  });
}

function accountFilter(rule: RuleNode): unknown[] | undefined {
  const account = rule.pattern?.account;
  return account === undefined ? undefined : Array.isArray(account) ? account : [account];
}


/** Checks every link of the graph; findings in a stable order (stack, address). */
export function verifyGraph(graph: TopologyGraph): Finding[] {
  const findings: Finding[] = [];
  const report = (severity: Severity, check: string, where: Located, message: string, fix: string) =>
    findings.push({ severity, check, stack: where.stack, address: where.address, message, fix });
  const policiesOf = (busArn: string | undefined) => graph.busPolicies.filter((policy) => policy.busArn !== undefined && policy.busArn === busArn);
  const stackApplies = (stack: string, before: string): boolean => {
    const seen = new Set<string>();
    const visit = (name: string): boolean => {
      if (seen.has(name)) return false;
      seen.add(name);
      const dependencies = graph.stacks.find((candidate) => candidate.name === name)?.dependencies ?? [];
      return dependencies.includes(before) || dependencies.some(visit);
    };
    return visit(stack);
  };

  for (const target of graph.targets) {
    const destination = parseArn(target.arn);
    if (destination?.service === "events" && destination.resource.startsWith("event-bus/")) checkForward(target, destination);
    if (destination?.service === "logs") checkLogTarget(target, destination);
    checkDeadLetter(target);
  }

  function checkForward(target: TargetNode, bus: ArnParts) {
    const sender = target.at;
    const crossRegion = sender.region !== undefined && sender.region !== bus.region;
    if (sender.accountId !== undefined && sender.accountId === bus.accountId) {
      if (crossRegion && !target.roleArn) report("error", "role-missing", target, `forwards to ${target.arn} in another region without a role`, "set role_arn to a role EventBridge can assume with events:PutEvents on that bus");
      return;
    }
    const policies = policiesOf(target.arn);
    if (policies.length === 0) {
      if (target.arn && graph.buses.has(target.arn)) {
        report("error", "target-not-granted", target, `bus ${target.arn} has no bus policy, so PutEvents from account ${sender.accountId ?? "(unknown)"} is denied`, "add an aws_cloudwatch_event_bus_policy that grants the sender account or its organization");
      } else {
        report("warning", "receiver-unknown", target, `bus ${target.arn} is not in these stacks: its policy cannot be checked`, "verify the folder that holds the receiver's stacks too");
      }
    } else {
      const grants = policies.flatMap((policy) => grantsFor(policy, sender.accountId, target.rule.arn));
      if (grants.length === 0) {
        report("error", "target-not-granted", target, `the policy of ${target.arn} does not let account ${sender.accountId ?? "(unknown)"} (rule ${target.rule.arn ?? target.rule.name}) put events, so they are dropped`, `add a grant for the account or its organization to ${policies[0].address} in stack ${policies[0].stack}`);
      } else if (grants.every((grant) => grant.kind === "organization") && !target.roleArn) {
        report("error", "role-missing", target, `account ${sender.accountId ?? "(unknown)"} is let into ${target.arn} only by an organization grant, which needs a sender role`, "set role_arn to a role EventBridge can assume with events:PutEvents on that bus");
      }
      for (const policy of policies) {
        const ordered = policy.stack === target.stack ? target.dependsOn.has(policy.address) : stackApplies(target.stack, policy.stack);
        if (!ordered) {
          report("error", "grant-order", target, `the target may be created before the grant ${policy.address} in stack ${policy.stack}`, policy.stack === target.stack ? `add ${policy.address} to its depends_on` : `make stack ${target.stack} depend on stack ${policy.stack}`);
        }
      }
    }
    if (crossRegion && !target.roleArn) {
      report("error", "role-missing", target, `forwards from ${sender.region} to ${bus.region} without a role`, "set role_arn: EventBridge needs a role for cross-region bus targets");
    }
    if (target.roleArn) checkRole(target);
    else if (!findings.some((finding) => finding.check === "role-missing" && finding.stack === target.stack && finding.address === target.address)) {
      report(
        "warning",
        "role-required",
        target,
        `forwards to ${target.arn} in another account without a role: since 2 March 2023 AWS requires an IAM role on every new cross-account event-bus target (EventBridge user guide, "Sending and receiving events between AWS accounts"), so this works only for a target created before then`,
        "set role_arn to a role EventBridge can assume with events:PutEvents on that bus",
      );
    }
    checkThirdAccountHop(target, bus);
  }

  function checkRole(target: TargetNode) {
    const role = graph.roles.find((candidate) => candidate.arn === target.roleArn);
    if (!role) {
      report("warning", "role-unknown", target, `role ${target.roleArn} is not in these stacks: its policies cannot be checked`, "verify the folder that holds the role too");
      return;
    }
    const trust = statementsOf(role.trust).filter(
      (statement) => allowsAction(statement, "sts:AssumeRole") && typeof statement.Principal === "object" && asList(statement.Principal.Service).includes("events.amazonaws.com"),
    );
    if (trust.length === 0) {
      report("error", "role-trust", role, "the trust policy does not let events.amazonaws.com assume the role", "trust the service principal events.amazonaws.com with sts:AssumeRole");
    } else if (!trust.some((statement) => conditionValues(statement, "StringEquals", "aws:SourceAccount").length > 0 && conditionValues(statement, "ArnEquals", "aws:SourceArn").concat(conditionValues(statement, "ArnLike", "aws:SourceArn")).length > 0)) {
      report("warning", "role-trust", role, "the trust policy has no aws:SourceAccount and aws:SourceArn conditions, so any rule of any account could use the role", "condition the trust on aws:SourceAccount (the sender) and aws:SourceArn (the forwarding rule)");
    }
    const resources = putEventsResources(role);
    if (!resources.includes(target.arn as string)) {
      const severity = resources.includes("*") ? "warning" : "error";
      report(severity, "role-put-events", role, `the role ${severity === "warning" ? "allows events:PutEvents on every bus, not" : "is not allowed events:PutEvents on"} ${target.arn}`, `allow events:PutEvents on exactly ${target.arn} in an aws_iam_role_policy of the role`);
    }
  }

  function checkThirdAccountHop(target: TargetNode, bus: ArnParts) {
    const rule = target.rule;
    const own = rule.at.accountId;
    const foreign = policiesOf(rule.busArn).flatMap((policy) => statementsOf(policy.document)).some((statement) => allowsAction(statement, "events:PutEvents"));
    if (!foreign) return;
    const accounts = accountFilter(rule);
    if (accounts === undefined || accounts.some((account) => account !== own)) {
      report("error", "third-account-hop", target, `rule ${rule.name} can match events its bus receives from other accounts and forwards them to account ${bus.accountId}: AWS drops events received from another account that are sent on to a third`, `filter the rule on "account": ["${own ?? "<own account>"}"] so it forwards only events of its own account`);
    }
  }

  function checkLogTarget(target: TargetNode, logGroup: ArnParts) {
    const statements = graph.logPolicies
      .filter((policy) => policy.at.accountId === logGroup.accountId && policy.at.region === logGroup.region)
      .flatMap((policy) => statementsOf(policy.document))
      .filter((statement) => allowsAction(statement, "logs:PutLogEvents") && typeof statement.Principal === "object" && asList(statement.Principal.Service).includes("events.amazonaws.com"));
    const covered = statements.some((statement) =>
      asList(statement.Resource).some((resource) => new RegExp(`^${resource.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(`${target.arn}:*`)),
    );
    if (!covered) {
      report("error", "log-policy-missing", target, `no CloudWatch Logs resource policy in ${logGroup.accountId}/${logGroup.region} lets EventBridge write to ${target.arn}`, "add an aws_cloudwatch_log_resource_policy allowing events.amazonaws.com logs:CreateLogStream and logs:PutLogEvents on the log group (at most 10 per region: share one)");
    }
  }

  function checkDeadLetter(target: TargetNode) {
    if (!target.deadLetterArn) return;
    const queue = parseArn(target.deadLetterArn);
    const node = graph.queues.find((candidate) => candidate.arn === target.deadLetterArn);
    if (node?.fifo || target.deadLetterArn.endsWith(".fifo")) {
      report("error", "dead-letter-queue", target, `dead-letter queue ${target.deadLetterArn} is FIFO`, "use a standard SQS queue: EventBridge cannot send to a FIFO dead-letter queue");
    }
    if (queue && target.at.region && queue.region !== target.at.region) {
      report("error", "dead-letter-queue", target, `dead-letter queue ${target.deadLetterArn} is in ${queue.region}, the rule in ${target.at.region}`, "use a queue in the rule's region");
    }
  }

  const logPolicyNames = new Map<string, LogPolicyNode>();
  for (const policy of graph.logPolicies) {
    if (policy.name === undefined) continue;
    const key = `${policy.at.accountId ?? policy.at.alias}/${policy.at.region}/${policy.name}`;
    const first = logPolicyNames.get(key);
    if (!first) logPolicyNames.set(key, policy);
    else {
      report(
        "error",
        "log-policy-name",
        policy,
        `log resource policy ${policy.name} is also written by ${first.address} in stack ${first.stack}, in the same account and region: CloudWatch Logs keeps one policy per name, so the later apply replaces the other and its log groups stop receiving events`,
        "give each log resource policy of an account and region its own name (each topology its own name)",
      );
    }
  }

  for (const policy of graph.busPolicies) {
    if (policy.text.length > MAX_BUS_POLICY_LENGTH) {
      report("error", "bus-policy-size", policy, `the bus policy has ${policy.text.length} characters, over the ${MAX_BUS_POLICY_LENGTH} AWS accepts`, "grant an organization instead of many accounts");
    }
    const open = statementsOf(policy.document).filter((statement) => allowsAction(statement, "events:PutEvents") && (statement.Principal === "*" || (typeof statement.Principal === "object" && asList(statement.Principal.AWS).includes("*"))));
    if (open.length === 0) continue;
    const everybody = open.some((statement) => conditionValues(statement, "StringEquals", "aws:PrincipalOrgID").length === 0);
    for (const rule of graph.rules.filter((candidate) => candidate.busArn === policy.busArn && accountFilter(candidate) === undefined)) {
      report(
        everybody ? "error" : "warning",
        "account-filter-missing",
        rule,
        `rule ${rule.name} has no account filter on a bus open to ${everybody ? "every AWS account" : "a whole organization"}, so events of any such account trigger it`,
        'add "account": [<sender account IDs>] to its pattern',
      );
    }
  }

  for (const rule of graph.rules) {
    if (containsStar(accountFilter(rule))) {
      report("error", "account-star", rule, `rule ${rule.name} filters on account "*", which no event carries: it never matches`, "list account IDs, or leave account out to match every granted account");
    }
    if (rule.targets.length > MAX_TARGETS_PER_RULE) {
      report("error", "too-many-targets", rule, `rule ${rule.name} has ${rule.targets.length} targets; AWS allows ${MAX_TARGETS_PER_RULE}`, "split the targets over several rules with the same pattern");
    }
  }

  return findings.sort((a, b) => a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address) || a.check.localeCompare(b.check));
}
