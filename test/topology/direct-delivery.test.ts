import example from "../../examples/direct-delivery.json";
import { parseTopology } from "../../topology/load";
import { Input, rejectsFrom } from "../support/topology-problems";

const rejects = (mutate: (input: Input) => void, path: string, value: unknown, rule: string) =>
  rejectsFrom(example, mutate, path, value, rule);
const payments = (t: Input) => t.senders[0].forwards[0];
const orders = (t: Input) => t.senders[1].forwards;

describe("direct delivery in the topology", () => {
  const topology = parseTopology(structuredClone(example), "t.json");
  const [central] = topology.receivers;

  test("each {receiver, target} becomes a direct target with the target's ARN, and the target learns the role", () => {
    const forward = topology.senders[0].forwards[0];
    expect(forward.receivers).toEqual([]);
    expect(forward.directTargets.map((direct) => direct.arn)).toEqual([
      "arn:aws:sqs:eu-west-1:111111111111:security-findings",
      "arn:aws:sns:eu-west-1:111111111111:security-alerts",
      "arn:aws:lambda:eu-west-1:111111111111:function:enrich-finding",
      "arn:aws:kinesis:eu-west-1:111111111111:stream/security-audit",
    ]);
    const findings = central.targets.find((target) => target.id === "findings");
    expect(findings?.senderRoleArns).toEqual([
      "arn:aws:iam::222222222222:role/payments-findings-forwarder",
      "arn:aws:iam::333333333333:role/orders-findings-forwarder",
    ]);
  });

  test("a target with a key of its own gives its direct senders the key's alias", () => {
    expect(topology.senders[0].forwards[0].directTargets.map((direct) => direct.keyAlias)).toEqual([
      "alias/eventbridge/target/queue/security-findings",
      "alias/eventbridge/target/topic/security-alerts",
      undefined,
      "alias/eventbridge/target/stream/security-audit",
    ]);
  });

  test("refuses encryption on a function or log-group target", () => {
    for (const target of [2, 4]) {
      rejects(
        (t) => (t.receivers[0].targets[target].encryption = { createKey: true }),
        `receivers[0].targets[${target}].encryption`,
        { createKey: true },
        "unknown key",
      );
    }
  });

  test("a direct delivery does not count as a forward to the bus: the rule's account filter lists bus senders only", () => {
    expect(central.rules[0].senderAccountIds).toEqual(["333333333333"]);
  });

  test("refuses a target in another region", () => {
    rejects(
      (t) => (t.senders[0].region = "eu-central-1"),
      "senders[0].forwards[0].to[0]",
      { receiver: "central", target: "findings" },
      "only in the same region",
    );
  });

  test("refuses a log-group target, which AWS does not deliver to across accounts", () => {
    rejects((t) => (payments(t).to[0].target = "orders-log"), "senders[0].forwards[0].to[0].target", "orders-log", "not to log groups");
  });

  test("refuses a forward without a role", () => {
    rejects(
      (t) => Object.assign(payments(t), { role: false, existingTarget: true }),
      "senders[0].forwards[0].role",
      false,
      "goes through an execution role",
    );
  });

  test("refuses a target of a receiver in the sender's own account", () => {
    rejects(
      (t) => (t.receivers[0].account = "payments"),
      "senders[0].forwards[0].to[0]",
      { receiver: "central", target: "findings" },
      "for a target in another account",
    );
  });

  test("refuses an unknown receiver, an unknown target and the same target twice", () => {
    rejects((t) => (payments(t).to[0].receiver = "nobody"), "senders[0].forwards[0].to[0].receiver", "nobody", "name of a receiver");
    rejects(
      (t) => (payments(t).to[0].target = "missing"),
      "senders[0].forwards[0].to[0].target",
      "missing",
      'target of receiver "central"',
    );
    rejects(
      (t) => (payments(t).to[1] = payments(t).to[0]),
      "senders[0].forwards[0].to[1]",
      { receiver: "central", target: "findings" },
      "a target of a rule once",
    );
  });

  test("refuses a to entry that is neither a name nor {receiver, target}", () => {
    rejects((t) => (payments(t).to[0] = 7), "senders[0].forwards[0].to[0]", 7, "a receiver name or");
    rejects((t) => (payments(t).to[0] = { receiver: "central" }), "senders[0].forwards[0].to[0].target", undefined, "is required");
  });

  test("refuses a stream in a receiver rule: only forwards deliver to a stream", () => {
    rejects((t) => (t.receivers[0].rules[0].targets = ["audit"]), "receivers[0].rules[0].targets[0]", "audit", "only through a role");
  });

  test("refuses per-account stacks when a Lambda permission and a bus forward make the accounts wait for each other", () => {
    rejects(
      (t) => orders(t)[1].to.push({ receiver: "central", target: "enrich" }),
      "state.layout",
      "per-account",
      "a receiver after the roles its Lambda permissions name",
    );
  });

  test("a target nobody delivers to is still refused", () => {
    rejects((t) => t.senders.splice(0, 1), "receivers[0].targets[1].id", "alerts", "deliver to it directly from a forward");
  });
});
