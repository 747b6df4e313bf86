import { renderHcl } from "../../pipeline/hcl";

describe("renderHcl", () => {
  const hcl = renderHcl({
    "//": { metadata: { stackName: "s" } },
    terraform: {
      required_providers: { aws: { source: "hashicorp/aws", version: "~> 5.100" } },
      backend: { s3: {} },
    },
    provider: { aws: [{ alias: "a_us_east_1", region: "us-east-1", assume_role: [{ role_arn: "arn:aws:iam::1:role/r" }] }] },
    resource: {
      aws_sqs_queue_policy: {
        work: {
          "//": { metadata: { path: "x" } },
          provider: "aws.a_us_east_1",
          queue_url: "${aws_sqs_queue.work.url}",
          policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":{"ArnEquals":{"aws:SourceArn":"arn:x"}}}]}',
          description: "costs ${not_a_reference} 100%{x}",
          mixed: "name-${var.suffix}",
          tags: { team: "events" },
          retry_policy: { maximum_retry_attempts: 185 },
          depends_on: ["aws_sqs_queue.work"],
        },
      },
    },
  });

  test("writes meta-arguments and references as bare expressions", () => {
    expect(hcl).toContain("  provider  = aws.a_us_east_1\n  queue_url = aws_sqs_queue.work.url\n");
    expect(hcl).toContain("  depends_on = [aws_sqs_queue.work]\n");
    expect(hcl).not.toMatch(/"aws\.a_us_east_1"/);
  });

  test("keeps templates as templates and escapes what must stay literal inside documents", () => {
    expect(hcl).toContain('  mixed       = "name-${var.suffix}"\n');
    const literal = renderHcl({ resource: { t: { n: { policy: '{"Note":"${x} and %{y}"}' } } } });
    expect(literal).toContain('Note = "$${x} and %%{y}"');
  });

  test("turns JSON documents into jsonencode of an HCL object, quoting keys that need it", () => {
    expect(hcl).toContain('  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n');
    expect(hcl).toContain('"aws:SourceArn" = "arn:x"');
    expect(hcl).toContain("  })\n");
  });

  test("tells map attributes from nested blocks, and labels backends and providers", () => {
    expect(hcl).toContain('  tags = {\n    team = "events"\n  }\n');
    expect(hcl).toContain("  retry_policy {\n    maximum_retry_attempts = 185\n  }\n");
    expect(hcl).toContain('  backend "s3" {\n  }\n');
    expect(hcl).toContain('provider "aws" {\n  alias  = "a_us_east_1"\n  region = "us-east-1"\n\n  assume_role {\n');
    expect(hcl).not.toContain("metadata");
  });
});

describe("renderHcl outputs", () => {
  test("writes outputs as output blocks", () => {
    const hcl = renderHcl({ output: { statements: { description: "Add these", value: "[1]" } } });
    expect(hcl).toBe('output "statements" {\n  description = "Add these"\n  value       = "[1]"\n}\n');
  });
});

describe("renderHcl maps", () => {
  test("writes an alarm's dimensions as a map attribute, not a block", () => {
    const hcl = renderHcl({ resource: { aws_cloudwatch_metric_alarm: { a: { dimensions: { RuleName: "r" }, period: 300 } } } });
    expect(hcl).toContain('  dimensions = {\n    RuleName = "r"\n  }\n');
  });
});

describe("renderHcl of import blocks", () => {
  test("writes each import block after the resources, its address and provider as references and its id as a string", () => {
    const hcl = renderHcl({
      resource: { aws_cloudwatch_event_bus_policy: { p: { provider: "aws.a_eu_west_1", policy: "{}" } } },
      import: [{ provider: "aws.a_eu_west_1", id: "default", to: "aws_cloudwatch_event_bus_policy.p" }],
    });
    expect(hcl.indexOf("import {")).toBeGreaterThan(hcl.indexOf('resource "aws_cloudwatch_event_bus_policy" "p"'));
    expect(hcl).toContain(
      'import {\n  to       = aws_cloudwatch_event_bus_policy.p\n  id       = "default"\n  provider = aws.a_eu_west_1\n}\n',
    );
  });

  test("takes a single import object as Terraform JSON allows", () => {
    expect(renderHcl({ import: { to: "aws_x.y", id: "i-1" } })).toBe('import {\n  to = aws_x.y\n  id = "i-1"\n}\n');
  });
});
