import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import example from "../../examples/direct-delivery.json";
import { synthesizeTopology } from "../../stacks/synthesize";
import { parseTopology } from "../../topology/load";
import { synthesize } from "../support/synth";

describe("direct delivery across stacks", () => {
  const synthesized = synthesize("examples/direct-delivery.json");

  test("the receiver's stack is applied after the sender whose role its Lambda permission names, senders after the bus they use", () => {
    expect(synthesized.manifest.stacks.security.dependencies).toEqual(["payments"]);
    expect(synthesized.manifest.stacks.orders.dependencies).toEqual(["security"]);
    expect(synthesized.manifest.stacks.payments.dependencies).toEqual([]);
  });
});

describe("direct delivery in one stack", () => {
  const input = structuredClone(example) as any;
  input.state = { layout: "single" };
  input.senders[1].forwards[1].to.push({ receiver: "central", target: "enrich" });
  const project = mkdtempSync(join(tmpdir(), "eventbridge-direct-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const [stack] = synthesizeTopology(parseTopology(input, "t.json"), "out", project);
  const json = JSON.parse(readFileSync(join(project, "out", stack.file), "utf8"));

  test("each Lambda permission waits for the role it names; no stack order is needed", () => {
    const permissions = Object.values(json.resource.aws_lambda_permission) as Record<string, unknown>[];
    expect(permissions.map((permission) => [permission.principal, permission.depends_on])).toEqual([
      [
        "arn:aws:iam::222222222222:role/payments-findings-forwarder",
        ["aws_iam_role.payments_forward-eu-west-1-default-payments-findings_role"],
      ],
      ["arn:aws:iam::333333333333:role/orders-findings-forwarder", ["aws_iam_role.orders_forward-eu-west-1-default-orders-findings_role"]],
    ]);
  });
});
