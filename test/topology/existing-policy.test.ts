import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeTopology } from "../../stacks/synthesize";
import { TopologyError, loadTopologyFile } from "../../topology/load";
import { formatPath } from "../../topology/resolve";
import { runCommand } from "../support/run";
import { PROJECT } from "../support/project";

/**
 * receivers[].existingPolicy: the example's receiver adopts the default bus of 555555555555 in
 * eu-west-1 with what describe-event-bus printed; each broken file is refused at that field with
 * the value given and the rule, and the command exits 1 writing nothing.
 */
const EXAMPLE = join(PROJECT, "examples", "adopt-existing-bus.json");
const DESCRIBED = join(PROJECT, "examples", "existing-policies", "security-default-bus.json");
const BUS = "arn:aws:events:eu-west-1:555555555555:event-bus/default";
const FILE = "described/bus.json";

type Json = Record<string, any>;
const example = (): Json => JSON.parse(readFileSync(EXAMPLE, "utf8"));
const described = (): Json => JSON.parse(readFileSync(DESCRIBED, "utf8"));
const policyOf = (bus: Json): Json => JSON.parse(bus.Policy);
const withPolicy = (policy: unknown) => ({ ...described(), Policy: JSON.stringify(policy) });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "eventbridge-existing-policy-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the example topology (changed) and the described bus (text, or JSON) into a scratch folder; returns the topology file. */
function scenario(bus: unknown, change: (topology: Json) => void = () => undefined): string {
  const topology = example();
  topology.receivers[0].existingPolicy = FILE;
  change(topology);
  mkdirSync(join(dir, "described"));
  if (bus !== undefined) writeFileSync(join(dir, FILE), typeof bus === "string" ? bus : JSON.stringify(bus, null, 4));
  writeFileSync(join(dir, "topology.json"), JSON.stringify(topology));
  return join(dir, "topology.json");
}

function refused(file: string, value: unknown, phrase: string): void {
  let caught: unknown;
  try {
    loadTopologyFile(file);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TopologyError);
  const problems = (caught as TopologyError).problems.map((p) => ({ path: formatPath(p.path), value: p.value, rule: p.rule }));
  expect(problems).toEqual([{ path: "receivers[0].existingPolicy", value, rule: expect.stringContaining(phrase) }]);
}

describe("existingPolicy is read", () => {
  test("relative to the topology file: the example keeps every statement described and imports the policy", () => {
    const [receiver] = loadTopologyFile(EXAMPLE).receivers;
    expect(receiver.existingPolicy).toEqual({ statements: policyOf(described()).Statement, imported: true });
    expect(receiver.existingPolicy?.statements.map((statement) => statement.Sid)).toEqual([
      "payments-legacy",
      "fraud-detection",
      "partner-organization",
    ]);
  });

  test("a bus described with no Policy has nothing to keep and nothing to import", () => {
    const { Policy: _policy, ...bare } = described();
    const [receiver] = loadTopologyFile(scenario(bare)).receivers;
    expect(receiver.existingPolicy).toEqual({ statements: [], imported: false });
  });

  test("a single Statement object is a list of one", () => {
    const statement = policyOf(described()).Statement[1];
    const [receiver] = loadTopologyFile(scenario(withPolicy({ Version: "2012-10-17", Statement: statement }))).receivers;
    expect(receiver.existingPolicy?.statements).toEqual([statement]);
  });
});

describe("existingPolicy refuses", () => {
  test("a custom bus, which this stack creates", () => {
    refused(
      scenario(described(), (t) => (t.receivers[0].bus = { name: "security-events" })),
      FILE,
      'a custom bus ({"name": ...}) is created by this stack',
    );
  });

  test("a file that is missing or not JSON", () => {
    refused(scenario(undefined), FILE, `${join(dir, FILE)} cannot be read as JSON (ENOENT)`);
    rmSync(join(dir, "described"), { recursive: true });
    refused(scenario("{ nope"), FILE, "cannot be read as JSON");
  });

  test("JSON that is not what describe-event-bus prints", () => {
    refused(scenario([described()]), FILE, "is not what aws events describe-event-bus prints");
  });

  test("the description of another bus", () => {
    refused(
      scenario({ ...described(), Arn: BUS.replace("555555555555", "999999999999") }),
      FILE,
      `describes bus arn:aws:events:eu-west-1:999999999999:event-bus/default, not this receiver's ${BUS}`,
    );
  });

  test("a Policy that is not a policy document as a JSON string", () => {
    refused(scenario({ ...described(), Policy: policyOf(described()) }), FILE, "is the bus policy as a JSON string");
    rmSync(join(dir, "described"), { recursive: true });
    refused(scenario({ ...described(), Policy: "{ nope" }), FILE, "is the bus policy as a JSON string");
  });

  test("a Policy of another Version, where policy variables read differently", () => {
    refused(scenario(withPolicy({ ...policyOf(described()), Version: "2008-10-17" })), FILE, 'has Version "2008-10-17"');
  });

  test("a Policy without statements, or with one that is not an object", () => {
    refused(scenario(withPolicy({ Version: "2012-10-17" })), FILE, "it has no Statement");
    rmSync(join(dir, "described"), { recursive: true });
    refused(scenario(withPolicy({ Version: "2012-10-17", Statement: ["Allow"] })), FILE, "Statement[0] is not a JSON object");
  });

  test("a statement without a Sid, or with one of our statement IDs and other content", () => {
    const policy = policyOf(described());
    const { Sid: _sid, ...nameless } = policy.Statement[1];
    refused(scenario(withPolicy({ ...policy, Statement: [nameless] })), nameless, "needs a Sid");
    rmSync(join(dir, "described"), { recursive: true });
    const colliding = { ...policy.Statement[1], Sid: "AllowAccount666666666666" };
    refused(scenario(withPolicy({ ...policy, Statement: [colliding] })), "AllowAccount666666666666", "writes for grants[0]");
  });

  test("statements that take the policy over 10,240 characters", () => {
    const policy = policyOf(described());
    const many = Array.from({ length: 70 }, (_, i) => ({ ...policy.Statement[1], Sid: `team-${i}` }));
    refused(scenario(withPolicy({ ...policy, Statement: many })), expect.stringMatching(/^70 kept statements/), "at most 10240");
  });
});

describe("existingPolicy after an apply", () => {
  test("the bus described again holds our statement too: it is written once, the others kept", () => {
    const policy = policyOf(described());
    const ours = {
      Sid: "AllowAccount666666666666",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::666666666666:root" },
      Action: "events:PutEvents",
      Resource: BUS,
    };
    const topology = loadTopologyFile(scenario(withPolicy({ ...policy, Statement: [...policy.Statement, ours] })));
    synthesizeTopology(topology, "out", dir);
    const stack = JSON.parse(readFileSync(join(dir, "out", "stacks", "security", "cdk.tf.json"), "utf8"));
    const written = JSON.parse(Object.values<Json>(stack.resource.aws_cloudwatch_event_bus_policy)[0].policy);
    expect(written.Statement).toEqual([...policy.Statement, ours]);
    expect(stack.import).toEqual([
      expect.objectContaining({ id: "default", to: expect.stringMatching(/^aws_cloudwatch_event_bus_policy\./) }),
    ]);
  });
});

describe("npm start with a broken existingPolicy", () => {
  test("names the field, the value and the rule, exits 1 and writes nothing", () => {
    const file = scenario({ ...described(), Arn: BUS.replace("eu-west-1", "eu-central-1") });
    const run = runCommand(join(PROJECT, "main.ts"), [file, "--out", "out"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `topology.json: receivers[0].existingPolicy: ${join(dir, FILE)} describes bus arn:aws:events:eu-central-1:`,
    );
    expect(run.stderr).toContain(`(got "${FILE}")`);
    expect(readdirSync(dir).sort()).toEqual(["described", "topology.json"]);
  });
});
