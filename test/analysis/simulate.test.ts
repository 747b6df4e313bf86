import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTopologyGraph } from "../../analysis/model";
import { formatSimulation, simulate } from "../../analysis/simulate";
import { forwardWitness } from "../../analysis/witness";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology } from "../../topology/load";
import { runCommand } from "../support/run";
import { PROJECT } from "../support/project";
import { addThirdAccountRelay } from "../support/fixtures";
import { CENTRAL, FINDINGS, LOG_GROUP, SENDER, compliantGraph } from "../support/graph";

interface Case {
  topology: string;
  event: string;
  account: string;
  bus?: string;
  expect: string[];
}

const EVENTS = join(PROJECT, "examples", "events");
const CASES: Case[] = JSON.parse(readFileSync(join(EVENTS, "cases.json"), "utf8")).cases;
const dir = mkdtempSync(join(tmpdir(), "eventbridge-simulate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function synthesized(topology: string, name: string) {
  const out = join(dir, name);
  synthesizeTopology(loadTopology(topology === "default" ? undefined : join(PROJECT, topology)), out);
  return out;
}

const eventOf = (file: string) => JSON.parse(readFileSync(join(EVENTS, file), "utf8"));
const regionOf = (out: string, account: string) =>
  readTopologyGraph(out).rules.find((rule) => rule.at.accountId === account)?.at.region as string;

describe("simulate", () => {
  test.each(CASES.map((entry, i) => [`${entry.event} in ${entry.topology}`, i] as const))(
    "delivers %s where the examples say",
    (_name, i) => {
      const entry = CASES[i];
      const out = synthesized(entry.topology, `case-${i}`);
      const result = simulate(readTopologyGraph(out), {
        accountId: entry.account,
        region: regionOf(out, entry.account),
        busName: entry.bus ?? "default",
        event: eventOf(entry.event),
      });
      expect([...result.delivered].sort()).toEqual([...entry.expect].sort());
    },
  );

  test("explains why a rule did not match", () => {
    const out = synthesized("default", "explain");
    const text = formatSimulation(
      simulate(readTopologyGraph(out), {
        accountId: "222222222222",
        region: "us-east-1",
        busName: "default",
        event: eventOf("payment-settled.json"),
      }),
    );
    expect(text).toContain('rule orders-to-central: no match on source (pattern ["com.example.orders"], event "com.example.payments")');
  });

  test("stops at a grant narrowed by content that does not list the event's detail-type, saying what it admits", () => {
    const graph = compliantGraph();
    graph.busPolicies[0].document!.Statement[0].Condition = { StringEquals: { "events:detail-type": ["OrderPlaced", "OrderShipped"] } };
    const put = (detailType: string) =>
      simulate(graph, {
        accountId: SENDER.accountId,
        region: SENDER.region,
        busName: "default",
        event: { source: "com.example.orders", "detail-type": detailType, detail: {} },
      });
    // The rule also delivers straight to queue "findings", which no bus grant governs.
    expect(put("OrderPlaced").delivered.sort()).toEqual([LOG_GROUP, FINDINGS].sort());
    const refused = put("OrderCancelled");
    expect(refused.delivered).toEqual([FINDINGS]);
    expect(formatSimulation(refused)).toContain(
      `dropped before ${CENTRAL}: its bus policy lets account 222222222222 in only for detail-types "OrderPlaced", "OrderShipped", ` +
        'not for source "com.example.orders" with detail-type "OrderCancelled"',
    );
  });

  test("stops at a missing grant and at a third-account hop, saying why", () => {
    const out = synthesized("examples/many-to-many.json", "hop");
    const file = join(out, "stacks", "many-to-many", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    addThirdAccountRelay(json);
    writeFileSync(file, JSON.stringify(json));
    const text = formatSimulation(
      simulate(readTopologyGraph(out), {
        accountId: "404040404040",
        region: "us-east-1",
        busName: "default",
        event: { source: "com.example.mobile", "detail-type": "ClientTap", detail: {} },
      }),
    );
    expect(text).toContain("sent to arn:aws:events:us-east-1:101010101010:event-bus/analytics-ingest");
    expect(text).toContain(
      "dropped before arn:aws:events:us-east-1:202020202020:event-bus/ops-signals: the event came from account 404040404040",
    );
  });

  test("delivers straight to a target of another account only while its policy admits the sender's role", () => {
    const out = synthesized("examples/direct-delivery.json", "direct");
    const file = join(out, "stacks", "security", "cdk.tf.json");
    const put = { accountId: "222222222222", region: "eu-west-1", busName: "default", event: eventOf("payment-flagged.json") };
    expect(formatSimulation(simulate(readTopologyGraph(out), put))).toContain(
      "delivered to arn:aws:sqs:eu-west-1:111111111111:security-findings of account 111111111111 directly via role " +
        "arn:aws:iam::222222222222:role/payments-findings-forwarder " +
        "(aws_sqs_queue_policy.receiver-central_target-findings_policy admits it)",
    );
    const json = JSON.parse(readFileSync(file, "utf8"));
    const policy = Object.values(json.resource.aws_sqs_queue_policy)[0] as { policy: string };
    policy.policy = policy.policy.replace("payments-findings-forwarder", "someone-else");
    writeFileSync(file, JSON.stringify(json));
    const result = simulate(readTopologyGraph(out), put);
    expect(result.delivered).not.toContain("arn:aws:sqs:eu-west-1:111111111111:security-findings");
    expect(formatSimulation(result)).toContain(
      "dropped before arn:aws:sqs:eu-west-1:111111111111:security-findings: its resource policy does not let role " +
        "arn:aws:iam::222222222222:role/payments-findings-forwarder take sqs:SendMessage",
    );
  });

  test("npm run simulate reaches what --expect names, and exits 1 on a broken path", () => {
    const out = synthesized("default", "cli");
    const args = [
      "--dir",
      out,
      "--event",
      join(EVENTS, "payment-settled.json"),
      "--account",
      "333333333333",
      "--expect",
      "arn:aws:sqs:us-east-1:111111111111:central-payment-events",
    ];
    const ok = runCommand(join(PROJECT, "cli", "simulate.ts"), args, { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("expect arn:aws:sqs:us-east-1:111111111111:central-payment-events: reached");

    const file = join(out, "stacks", "observability", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    delete json.resource.aws_cloudwatch_event_bus_policy;
    writeFileSync(file, JSON.stringify(json));
    const broken = runCommand(join(PROJECT, "cli", "simulate.ts"), args, { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("dropped before arn:aws:events:us-east-1:111111111111:event-bus/central-events");
    expect(broken.stdout).toContain("expect arn:aws:sqs:us-east-1:111111111111:central-payment-events: NOT reached");
  });

  test("refuses a malformed account with the field, value and rule", () => {
    const run = runCommand(join(PROJECT, "cli", "simulate.ts"), ["--event", join(EVENTS, "order-created.json"), "--account", "123"], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--account: "123" is invalid: an AWS account ID is exactly 12 digits');
  });
});

describe("simulate --witness", () => {
  const graph = () => compliantGraph();

  test("finds an event the forward sends that a rule of the receiving bus delivers, confirmed by the simulator", () => {
    const result = forwardWitness(graph(), "to-central");
    if (!("witness" in result)) throw new Error(result.reasons.join("\n"));
    const { event, entry, simulation } = result.witness;
    expect(event).toMatchObject({ source: "com.example.orders", account: SENDER.accountId });
    expect(entry).toEqual({ Source: "com.example.orders", DetailType: "Witness", Detail: "{}", EventBusName: "default" });
    expect(simulation.delivered).toContain(LOG_GROUP);
    const again = simulate(graph(), { accountId: SENDER.accountId, region: SENDER.region, busName: "default", event });
    expect(again.delivered).toContain(LOG_GROUP);
  });

  test("explains, rule by rule, why no event gets through", () => {
    const dead = graph();
    (dead.rules[1].pattern as Record<string, unknown>).source = ["com.example.payments"];
    const result = forwardWitness(dead, "to-central");
    expect(result).toEqual({ reasons: [expect.stringContaining(`${CENTRAL} rule audit: no event matches both (field source`)] });
    expect(forwardWitness(dead, "nope")).toEqual({ reasons: ["no forward is named nope; forwards: to-central"] });
  });

  test("puts the time a forward's pattern asks for, and says which fields PutEvents sets itself", () => {
    const timed = graph();
    Object.assign(timed.rules[0].pattern as Record<string, unknown>, { time: ["2020-01-01T00:00:00Z"] });
    const result = forwardWitness(timed, "to-central");
    if (!("witness" in result)) throw new Error(result.reasons.join("\n"));
    expect(result.witness.entry).toMatchObject({ Time: "2020-01-01T00:00:00Z" });
    expect(result.witness.unsettable).toEqual([]);
    const unputtable = graph();
    Object.assign(unputtable.rules[0].pattern as Record<string, unknown>, { time: ["2020-01-01"], id: ["abc"] });
    const loose = forwardWitness(unputtable, "to-central");
    if (!("witness" in loose)) throw new Error(loose.reasons.join("\n"));
    expect(loose.witness.entry).not.toHaveProperty("Time");
    expect(loose.witness.unsettable).toEqual(["id", "time"]);
  });

  test("prints a put-events command from the command line, and exits 1 when no event gets through", () => {
    const out = synthesized("default", "witness");
    const ok = runCommand(join(PROJECT, "cli", "simulate.ts"), ["--dir", out, "--witness", "payments-to-central"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("witness for forward payments-to-central: reaches arn:aws:");
    const command = /aws events put-events --region us-east-1 --entries '(.*)'/.exec(ok.stdout);
    const [entry] = JSON.parse(command?.[1] ?? "[]");
    expect(entry).toMatchObject({ Source: "com.example.payments", EventBusName: "default" });
    expect(typeof entry.DetailType).toBe("string");
    expect(JSON.parse(entry.Detail)).toEqual(expect.any(Object));
    const none = runCommand(join(PROJECT, "cli", "simulate.ts"), ["--dir", out, "--witness", "nope"], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no forward is named nope");
  });
});

describe("simulate --account (issue 14)", () => {
  // Made in beforeAll: a run that filters these tests out skips afterAll too, and would leave the folder behind.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "eventbridge-simulate-account-"));
    synthesizeTopology(loadTopology(undefined), join(dir, "cdktf.out"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => runCommand(join(PROJECT, "cli", "simulate.ts"), args, { cwd: dir });
  const event = join(EVENTS, "payment-settled.json");

  test("takes the account's name as well as its ID, with the same result", () => {
    const byName = run(["--event", event, "--account", "payments"]);
    const byId = run(["--event", event, "--account", "333333333333"]);
    expect(byName.stderr).toBe("");
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(byId.stdout);
    expect(byName.stdout).toContain("bus arn:aws:events:us-east-1:333333333333:event-bus/default");
  });

  test("a missing --account names the flag and what it takes, not null", () => {
    const missing = run(["--event", event]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe(
      "--account is missing: it takes the account that puts the event, by name or 12-digit ID; the accounts are " +
        "observability (111111111111), orders (222222222222), payments (333333333333)",
    );
    expect(missing.stderr).not.toContain("null");
    expect(run(["--account", "payments"]).stderr.split("\n")[0]).toBe(
      "--event is missing: it takes a JSON file holding the sample event (--event <event.json>)",
    );
  });

  test("a misspelled account name lists the accounts and names the closest", () => {
    const wrong = run(["--event", event, "--account", "paymnets"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split("\n")[0]).toBe(
      '--account: "paymnets" is invalid: name an account of the stacks or give its 12-digit ID; the accounts are observability ' +
        '(111111111111), orders (222222222222), payments (333333333333); did you mean "payments"?',
    );
  });
});
