import { parseTopology } from "../../topology/load";
import { TopologyError } from "../../topology/load";
import defaultTopology from "../../topology/default.json";
import { synthesize } from "../support/synth";

describe("state backends", () => {
  test("default: a local state file beside the output folder, by a relative path", () => {
    const synthesized = synthesize("default");
    expect(synthesized.json("orders").terraform.backend).toEqual({ local: { path: "../../../terraform.orders.tfstate" } });
  });

  test("s3: one key per stack under the prefix, encrypted, locked by an S3 lock file (Terraform 1.10+)", () => {
    const terraform = synthesize("examples/organization-grant.json").json("app-one").terraform;
    expect(terraform.backend).toEqual({
      s3: {
        bucket: "example-terraform-state",
        key: "eventbridge/organization-grant/app-one.tfstate",
        region: "us-west-2",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(terraform.required_version).toBe(">= 1.10");
  });

  test("s3 per stack: a stack's own backend wins, here locked by DynamoDB, keyed by the topology name", () => {
    const terraform = synthesize("examples/organization-grant.json").json("security").terraform;
    expect(terraform.backend).toEqual({
      s3: {
        bucket: "example-security-state",
        key: "organization-grant/security.tfstate",
        region: "us-west-2",
        encrypt: true,
        dynamodb_table: "terraform-locks",
      },
    });
    expect(terraform.required_version).toBeUndefined();
  });

  test("none: an empty block the pipeline completes with -backend-config", () => {
    expect(synthesize("examples/many-to-many.json").json("many-to-many").terraform.backend).toEqual({ s3: {} });
  });

  test("every stack requires the AWS provider by its full source, admitting 5.100 and every 6.x", () => {
    for (const topology of ["default", "examples/many-to-many.json"]) {
      const synthesized = synthesize(topology);
      for (const stack of synthesized.stacks) {
        expect(synthesized.json(stack.name).terraform.required_providers).toEqual({
          aws: { source: "hashicorp/aws", version: ">= 5.100, < 7.0" },
        });
      }
    }
  });

  test("refuses a per-stack backend for a stack that does not exist", () => {
    const input = structuredClone(defaultTopology) as Record<string, unknown>;
    input.state = { layout: "per-account", stacks: { billing: { backend: { type: "local" } } } };
    expect(() => parseTopology(input, "t.json")).toThrow(TopologyError);
    expect(() => parseTopology(input, "t.json")).toThrow(
      't.json: state.stacks.billing: no stack has this name; the stacks are observability, orders, payments (got "billing")',
    );
  });

  test("refuses an S3 backend with a bad bucket or an unknown key", () => {
    const input = structuredClone(defaultTopology) as Record<string, unknown>;
    input.state = { backend: { type: "s3", bucket: "Bad_Bucket", region: "us-east-1", lock: true } };
    const error = (() => {
      try {
        parseTopology(input, "t.json");
      } catch (caught) {
        return caught as TopologyError;
      }
      throw new Error("accepted");
    })();
    expect(error.message).toContain('t.json: state.backend.bucket: an S3 bucket name is 3-63 characters of [a-z0-9.-] (got "Bad_Bucket")');
    expect(error.message).toContain("t.json: state.backend.lock: unknown key");
  });
});
