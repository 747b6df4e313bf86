import { CHECKS, verifyGraph } from "../../analysis/checks";
import { intersection } from "../../patterns/algebra";
import { TopologyGraph } from "../../analysis/model";
import { CENTRAL, LOG_GROUP, ROLE, compliantGraph, document } from "../support/graph";

/**
 * One unit test per check id, on the small hand-built graph of test/support/graph.ts: the check
 * finds nothing in the compliant graph and exactly its own finding once one thing is broken.
 */
type Graph = { [key: string]: any };
const broken = (change: (graph: Graph) => void): TopologyGraph => {
  const graph = compliantGraph() as unknown as Graph;
  change(graph);
  return graph as unknown as TopologyGraph;
};
const forward = (graph: Graph) => graph.targets[0];
const direct = (graph: Graph) => graph.targets[1];
const receiverRule = (graph: Graph) => graph.rules[1];

const BREAKAGES: Record<
  string,
  { readonly breaks: (graph: Graph) => void; readonly severity: "error" | "warning"; readonly says: string }
> = {
  "target-not-granted": {
    breaks: (graph) =>
      (graph.busPolicies[0].document = document({
        Effect: "Allow",
        Principal: { AWS: "333333333333" },
        Action: "events:PutEvents",
        Resource: CENTRAL,
      })),
    severity: "error",
    says: "does not let account 222222222222",
  },
  "grant-drops-events": {
    breaks: (graph) =>
      (graph.busPolicies[0].document.Statement[0].Condition = {
        "ForAllValues:StringEquals": { "events:source": ["com.example.billing"] },
      }),
    severity: "error",
    says:
      'only by AllowAccount222222222222 (sources "com.example.billing"), and the rule\'s pattern matches events with ' +
      'source "com.example.orders", such as {"source":"com.example.orders","detail-type":"Witness","account":"222222222222"',
  },
  "dead-forward": {
    breaks: (graph) => (receiverRule(graph).pattern.source = ["com.example.payments"]),
    severity: "error",
    says: 'no rule there can match what it sends (such as {"source":"com.example.orders"',
  },
  "unmatched-forwarded-events": {
    breaks: (graph) => (forward(graph).rule.pattern.source = ["com.example.orders", "com.example.refunds"]),
    severity: "warning",
    says: 'events that no rule there matches, such as {"source":"com.example.refunds"',
  },
  "dead-receiver-rule": {
    breaks: (graph) => {
      receiverRule(graph).pattern["detail-type"] = ["OrderPaid"];
      forward(graph).rule.pattern["detail-type"] = ["OrderPlaced"];
    },
    severity: "warning",
    says: "can send an event rule audit matches (1 forward checked",
  },
  "receiver-unknown": {
    breaks: (graph) => {
      graph.busPolicies = [];
      graph.buses = new Map();
    },
    severity: "warning",
    says: "is not in these stacks",
  },
  "role-missing": {
    breaks: (graph) => {
      graph.busPolicies[0].document.Statement[0].Principal = "*";
      graph.busPolicies[0].document.Statement[0].Condition = { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg01" } };
      delete forward(graph).roleArn;
    },
    severity: "error",
    says: "only by an organization grant",
  },
  "role-required": { breaks: (graph) => delete forward(graph).roleArn, severity: "warning", says: "since 2 March 2023" },
  "role-unknown": { breaks: (graph) => (graph.roles = []), severity: "warning", says: "is not in these stacks" },
  "role-trust": {
    breaks: (graph) => delete graph.roles[0].trust.Statement[0].Condition,
    severity: "warning",
    says: "no aws:SourceAccount and aws:SourceArn",
  },
  "role-put-events": {
    breaks: (graph) => (graph.roles[0].policies[0].Statement[0].Resource = "arn:aws:events:us-east-1:111111111111:event-bus/other"),
    severity: "error",
    says: "is not allowed events:PutEvents",
  },
  "grant-order": { breaks: (graph) => (graph.stacks[1].dependencies = []), severity: "error", says: "may be created before the grant" },
  "third-account-hop": {
    breaks: (graph) =>
      graph.busPolicies.push({
        ...graph.busPolicies[0],
        address: "aws_cloudwatch_event_bus_policy.orders",
        busArn: forward(graph).rule.busArn,
      }),
    severity: "error",
    says: "AWS drops events received from another account",
  },
  "direct-target-unsupported": { breaks: (graph) => (direct(graph).arn = LOG_GROUP), severity: "error", says: "not to log groups" },
  "direct-target-region": {
    breaks: (graph) => (direct(graph).arn = "arn:aws:sqs:eu-west-1:111111111111:findings"),
    severity: "error",
    says: "only in the same region",
  },
  "direct-target-role-missing": { breaks: (graph) => delete direct(graph).roleArn, severity: "error", says: "without a role" },
  "direct-target-not-admitted": {
    breaks: (graph) => (graph.targetPolicies[0].document.Statement[0].Condition.ArnEquals["aws:PrincipalArn"] = `${ROLE}-other`),
    severity: "error",
    says: "does not let role",
  },
  "direct-target-unknown": {
    breaks: (graph) => {
      graph.targetPolicies = [];
      graph.targetResources = new Map();
    },
    severity: "warning",
    says: "are not in these stacks",
  },
  "direct-role-action": {
    breaks: (graph) => (graph.roles[0].policies[1].Statement[0].Resource = "arn:aws:sqs:us-east-1:111111111111:other"),
    severity: "error",
    says: "is not allowed sqs:SendMessage",
  },
  "log-policy-missing": { breaks: (graph) => (graph.logPolicies = []), severity: "error", says: "lets EventBridge write to" },
  "dead-letter-queue": { breaks: (graph) => (graph.queues[0].fifo = true), severity: "error", says: "is FIFO" },
  "log-policy-name": {
    breaks: (graph) =>
      graph.logPolicies.push({ ...graph.logPolicies[0], stack: "other", address: "aws_cloudwatch_log_resource_policy.other" }),
    severity: "error",
    says: "keeps one policy per name",
  },
  "bus-policy-size": { breaks: (graph) => (graph.busPolicies[0].text = "x".repeat(10241)), severity: "error", says: "over the 10240" },
  "bus-policy-not-imported": {
    breaks: (graph) => {
      graph.busPolicies[0].busArn = "arn:aws:events:us-east-1:111111111111:event-bus/default";
      delete graph.busPolicies[0].busResource;
    },
    severity: "warning",
    says: "existed before this configuration and is not imported",
  },
  "account-filter-missing": {
    breaks: (graph) => {
      graph.busPolicies[0].document.Statement[0].Principal = "*";
      delete receiverRule(graph).pattern.account;
    },
    severity: "error",
    says: "open to every AWS account",
  },
  "account-star": { breaks: (graph) => (receiverRule(graph).pattern.account = ["*"]), severity: "error", says: 'filters on account "*"' },
  "too-many-targets": {
    breaks: (graph) => receiverRule(graph).targets.push(...Array(5).fill(receiverRule(graph).targets[0])),
    severity: "error",
    says: "has 6 targets",
  },
};

describe("verifier checks", () => {
  test("every check id has its unit test here, and the compliant graph passes all of them", () => {
    expect(CHECKS.map((check) => check.id).sort()).toEqual(Object.keys(BREAKAGES).sort());
    expect(verifyGraph(compliantGraph())).toEqual([]);
  });

  test.each(CHECKS.map((check) => [check.id, check] as const))("%s: finds nothing when compliant, its finding when broken", (id, check) => {
    expect(check.run(compliantGraph())).toEqual([]);
    const { breaks, severity, says } = BREAKAGES[id];
    const findings = check.run(broken(breaks));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatchObject({ check: id, severity, message: expect.stringContaining(says) });
  });
});

describe("grants narrowed by content", () => {
  const narrowed = (condition: object, change: (graph: Graph) => void = () => undefined) =>
    broken((graph) => {
      graph.busPolicies[0].document.Statement[0].Condition = condition;
      change(graph);
    });
  const checks = (graph: TopologyGraph) => verifyGraph(graph).map((finding) => finding.check);

  test("a statement listing every source and detail-type the rule can send lets it in", () => {
    const condition = {
      StringEquals: { "events:detail-type": ["OrderPlaced"] },
      "ForAllValues:StringEquals": { "events:source": "com.example.orders" },
    };
    expect(checks(narrowed(condition, (graph) => (forward(graph).rule.pattern["detail-type"] = ["OrderPlaced"])))).toEqual([]);
    expect(checks(narrowed(condition))).toEqual(["grant-drops-events"]);
  });

  test("condition keys are read whatever their case; StringLike is not read as a narrowing", () => {
    expect(checks(narrowed({ StringEquals: { "Events:Detail-Type": "OrderPlaced" } }))).toEqual(["grant-drops-events"]);
    expect(checks(narrowed({ StringLike: { "events:source": "com.example.billing*" } }))).toEqual([]);
  });

  test("a narrowed account statement beside an organization statement needs a role for the rest", () => {
    const graph = narrowed({ StringEquals: { "events:detail-type": "OrderPlaced" } }, (g) => {
      g.busPolicies[0].document.Statement.push({
        Sid: "AllowOrganization",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: CENTRAL,
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg01" } },
      });
      delete forward(g).roleArn;
    });
    expect(checks(graph)).toEqual(["role-missing"]);
  });
});

describe("bus-policy-not-imported", () => {
  const check = CHECKS.find((candidate) => candidate.id === "bus-policy-not-imported") as (typeof CHECKS)[number];
  const onDefaultBus = (change: (policy: Graph) => void = () => undefined) =>
    broken((graph) => {
      graph.busPolicies[0].busArn = "arn:aws:events:us-east-1:111111111111:event-bus/default";
      delete graph.busPolicies[0].busResource;
      change(graph.busPolicies[0]);
    });

  test("warns of a policy written whole on a bus the configuration does not create, naming the bus and the fix", () => {
    expect(check.run(onDefaultBus())).toEqual([
      expect.objectContaining({
        severity: "warning",
        stack: "observability",
        address: "aws_cloudwatch_event_bus_policy.central",
        message: expect.stringContaining("the whole policy of arn:aws:events:us-east-1:111111111111:event-bus/default"),
        fix: expect.stringContaining("existingPolicy"),
      }),
    ]);
  });

  test("is satisfied by an import block, or by a bus created in any stack of the folder", () => {
    expect(check.run(onDefaultBus((policy) => (policy.imported = true)))).toEqual([]);
    const createdElsewhere = onDefaultBus((policy) => (policy.busArn = CENTRAL));
    expect((createdElsewhere.buses.get(CENTRAL) as { address: string }).address).toBe("aws_cloudwatch_event_bus.central");
    expect(check.run(createdElsewhere)).toEqual([]);
  });
});

describe("what flows along a forward", () => {
  const ids = (graph: TopologyGraph) => verifyGraph(graph).map((finding) => finding.check);

  test("an undecided comparison (cidr against prefix) reports nothing rather than a dead forward", () => {
    const graph = broken((g) => {
      forward(g).rule.pattern.source = [{ cidr: "10.0.0.0/8" }];
      receiverRule(g).pattern.source = [{ prefix: "11." }];
    });
    expect(intersection([forward(graph).rule.pattern, receiverRule(graph).pattern]).answer).toBe("unknown");
    expect(ids(graph)).toEqual([]);
  });

  test("a forward the bus policy does not let in is reported as such, not as dead", () => {
    const graph = broken((g) => {
      g.busPolicies[0].document.Statement[0].Principal = { AWS: "333333333333" };
      receiverRule(g).pattern.source = ["com.example.payments"];
    });
    expect(ids(graph)).toEqual(["target-not-granted"]);
  });

  test("a receiver rule's account filter that leaves out the sender makes the forward dead", () => {
    const graph = broken((g) => (receiverRule(g).pattern.account = ["333333333333"]));
    expect(ids(graph)).toEqual(["dead-forward"]);
  });
});
