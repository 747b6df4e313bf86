import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeTopology } from "../../stacks/synthesize";
import { parseTopology } from "../../topology/load";
import { TerraformJson, all, synthesize } from "../support/synth";
import { PROJECT } from "../support/project";

describe("per-account layout", () => {
  const synthesized = synthesize("default");

  test("gives each account its own stack and applies receivers before senders", () => {
    expect(synthesized.stacks.map((stack) => stack.name)).toEqual(["observability", "orders", "payments"]);
    expect(synthesized.manifest.stacks.observability.dependencies).toEqual([]);
    expect(synthesized.manifest.stacks.orders.dependencies).toEqual(["observability"]);
    expect(synthesized.manifest.stacks.payments.dependencies).toEqual(["observability"]);
  });

  test("keeps each account's state in its own relative file", () => {
    for (const stack of synthesized.stacks) {
      expect(synthesized.json(stack.name).terraform.backend).toEqual({
        local: { path: `../../../terraform.${stack.name}.tfstate` },
      });
    }
  });

  test("gives every stack one aliased provider guarded by its account ID, named by every resource", () => {
    for (const stack of synthesized.stacks) {
      const json = synthesized.json(stack.name);
      const providers = json.provider?.aws ?? [];
      expect(providers).toHaveLength(1);
      expect(providers[0].allowed_account_ids).toHaveLength(1);
      for (const resources of Object.values(json.resource)) {
        for (const resource of Object.values(resources)) {
          expect(resource.provider).toBe(`aws.${providers[0].alias}`);
        }
      }
    }
  });
});

describe("single-stack layout", () => {
  const synthesized = synthesize("examples/many-to-many.json");
  const json = synthesized.json("many-to-many");

  test("puts every account in one stack through one aliased provider each", () => {
    expect(synthesized.stacks.map((stack) => stack.name)).toEqual(["many-to-many"]);
    expect((json.provider?.aws ?? []).map((provider) => provider.alias).sort()).toEqual([
      "analytics_us_east_1",
      "api_us_east_1",
      "mobile_us_east_1",
      "ops_us_east_1",
      "web_us_east_1",
    ]);
  });

  test("makes every sender target depend on the receiver bus policy that grants it", () => {
    const policies = Object.entries(json.resource.aws_cloudwatch_event_bus_policy);
    const policyOf = (busArn: string) => {
      const found = policies.find(([, policy]) => (policy.policy as string).includes(`"Resource":"${busArn}"`));
      return `aws_cloudwatch_event_bus_policy.${found?.[0]}`;
    };
    const forwardTargets = all(json, "aws_cloudwatch_event_target").filter((target) => (target.arn as string).includes(":event-bus/"));
    expect(forwardTargets).toHaveLength(6);
    for (const target of forwardTargets) {
      expect(target.depends_on).toContain(policyOf(target.arn as string));
    }
  });

  test("lets one sender rule forward to several receivers with one role for both buses", () => {
    const role = json.resource.aws_iam_role_policy["api_forward-us-east-1-default-api-to-analytics-and-ops_put-events"];
    expect(JSON.parse(role.policy as string).Statement[0].Resource).toEqual([
      "arn:aws:events:us-east-1:101010101010:event-bus/analytics-ingest",
      "arn:aws:events:us-east-1:202020202020:event-bus/ops-signals",
    ]);
  });
});

describe("direct delivery in both layouts", () => {
  const example = JSON.parse(readFileSync(join(PROJECT, "examples", "direct-delivery.json"), "utf8"));
  /** The example's stacks in a layout, each with its Terraform JSON. */
  const synthesizedAs = (layout: "per-account" | "single") => {
    const dir = mkdtempSync(join(tmpdir(), "eventbridge-direct-"));
    try {
      return synthesizeTopology(parseTopology({ ...example, state: { layout } }), "out", dir).map((stack) => ({
        ...stack,
        json: JSON.parse(readFileSync(join(dir, "out", stack.file), "utf8")) as TerraformJson,
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test("per account, a receiver's stack waits for the sender's whose role its Lambda permission names, and says why", () => {
    const stacks = synthesizedAs("per-account");
    expect(Object.fromEntries(stacks.map((stack) => [stack.name, stack.applyAfterReasons]))).toEqual({
      security: { payments: ["sender-role"] },
      payments: {},
      orders: { security: ["bus-grant"] },
    });
  });

  test("in one stack, the Lambda permission waits for the role it names, by its bare address", () => {
    const [stack] = synthesizedAs("single");
    expect(all(stack.json, "aws_lambda_permission").map((permission) => [permission.principal, permission.depends_on])).toEqual([
      [
        "arn:aws:iam::222222222222:role/payments-findings-forwarder",
        ["aws_iam_role.payments_forward-eu-west-1-default-payments-findings_role"],
      ],
    ]);
  });
});
