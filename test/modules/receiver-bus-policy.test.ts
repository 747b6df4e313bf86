import { EventBus } from "../../modules/event-bus";
import { InvalidInputError } from "../../modules/limits";
import { ReceiverBusPolicy, buildReceiverBusPolicy, keepExistingStatements } from "../../modules/receiver-bus-policy";
import { terraformLiteralValue } from "../../modules/terraform-literal";
import { all, only, synthConstructs } from "../support/synth";

const BUS = "arn:aws:events:us-east-1:111111111111:event-bus/central";

describe("receiver bus policy document", () => {
  test("grants an account through its root principal, only PutEvents, only on the bus", () => {
    const document = buildReceiverBusPolicy(BUS, "us-east-1", [{ kind: "account", accountId: "222222222222" }]);
    expect(document).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowAccount222222222222",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:root" },
          Action: "events:PutEvents",
          Resource: BUS,
        },
      ],
    });
  });

  test("grants an organization through aws:PrincipalOrgID, narrowed to sender rules through aws:SourceArn", () => {
    const rules = ["arn:aws:events:us-east-1:222222222222:rule/a", "arn:aws:events:us-east-1:333333333333:rule/b"];
    const [statement] = buildReceiverBusPolicy(BUS, "us-east-1", [
      { kind: "organization", organizationId: "o-abcdefghij", sourceRuleArns: rules },
    ]).Statement;
    expect(statement.Principal).toBe("*");
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
      ArnEquals: { "aws:SourceArn": rules },
    });
  });

  test("narrows an account grant by content with the conditions of AWS's bus-policy example", () => {
    const [statement] = buildReceiverBusPolicy(BUS, "us-east-1", [
      { kind: "account", accountId: "222222222222", sources: ["com.shop.orders", "com.shop.refunds"], detailTypes: ["OrderPlaced"] },
    ]).Statement;
    expect(statement.Condition).toEqual({
      StringEquals: { "events:detail-type": "OrderPlaced" },
      "ForAllValues:StringEquals": { "events:source": ["com.shop.orders", "com.shop.refunds"] },
    });
  });

  test("joins an organization grant's detail-types to its aws:PrincipalOrgID test, beside its rules and sources", () => {
    const rule = "arn:aws:events:us-east-1:222222222222:rule/a";
    const [statement] = buildReceiverBusPolicy(BUS, "us-east-1", [
      { kind: "organization", organizationId: "o-abcdefghij", sourceRuleArns: [rule], sources: ["aws.guardduty"], detailTypes: ["A", "B"] },
    ]).Statement;
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij", "events:detail-type": ["A", "B"] },
      ArnEquals: { "aws:SourceArn": rule },
      "ForAllValues:StringEquals": { "events:source": "aws.guardduty" },
    });
  });

  test("refuses content lists that are empty, repeat a value, or hold an empty string or a *", () => {
    const account = (narrowing: object) => [{ kind: "account" as const, accountId: "222222222222", ...narrowing }];
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", account({ sources: [] }))).toThrow(/grants\[0\]\.sources: .*at least one/);
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", account({ detailTypes: ["A", "A"] }))).toThrow(/list each detail-type once/);
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", account({ sources: ["a", ""] }))).toThrow(/grants\[0\]\.sources\[1\]/);
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", account({ sources: ["com.shop.*"] }))).toThrow(/\* is no wildcard/);
  });

  test("counts the content conditions in the 10,240-character limit", () => {
    const sources = Array.from({ length: 500 }, (_, i) => `com.example.domain-${i}`);
    const grant = { kind: "account" as const, accountId: "222222222222" };
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [grant])).not.toThrow();
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [{ ...grant, sources }])).toThrow(/at most 10240 characters/);
  });

  test("uses the partition of the region in principals", () => {
    const [statement] = buildReceiverBusPolicy(BUS.replace("arn:aws:", "arn:aws-cn:"), "cn-north-1", [
      { kind: "account", accountId: "222222222222" },
    ]).Statement;
    expect(statement.Principal).toEqual({ AWS: "arn:aws-cn:iam::222222222222:root" });
  });

  test("gives every statement a deterministic, valid ID", () => {
    const grants = [
      { kind: "account" as const, accountId: "222222222222" },
      { kind: "organization" as const, organizationId: "o-abcdefghij0123456789abcdefghij01" },
      { kind: "everybody" as const },
    ];
    const ids = buildReceiverBusPolicy(BUS, "us-east-1", grants, true).Statement.map((s) => s.Sid);
    expect(ids).toEqual(["AllowAccount222222222222", "AllowOrganization-o-abcdefghij0123456789abcdefghij01", "AllowEverybody"]);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z_-]{1,64}$/);
    expect(buildReceiverBusPolicy(BUS, "us-east-1", grants, true)).toEqual(buildReceiverBusPolicy(BUS, "us-east-1", grants, true));
  });

  test("refuses a grant to everybody without the explicit opt-in", () => {
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [{ kind: "everybody" }])).toThrow(/explicit opt-in/);
  });

  test("refuses the same account twice, bad IDs, and a document over 10,240 characters", () => {
    const account = { kind: "account" as const, accountId: "222222222222" };
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [account, account])).toThrow(InvalidInputError);
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [{ kind: "account", accountId: "2222" }])).toThrow(/12 digits/);
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", [{ kind: "organization", organizationId: "org-1" }])).toThrow(/o-\[a-z0-9\]/);
    const many = Array.from({ length: 80 }, (_, i) => ({ kind: "account" as const, accountId: String(200000000000 + i) }));
    expect(() => buildReceiverBusPolicy(BUS, "us-east-1", many)).toThrow(/at most 10240 characters/);
  });
});

describe("ReceiverBusPolicy construct", () => {
  test("writes one aws_cloudwatch_event_bus_policy for the whole document and never event permissions", () => {
    const json = synthConstructs(
      (scope, provider) => {
        const bus = new EventBus(scope, "bus", { provider, busName: "central" });
        new ReceiverBusPolicy(scope, "policy", {
          bus,
          grants: [
            { kind: "account", accountId: "333333333333" },
            { kind: "organization", organizationId: "o-abcdefghij" },
          ],
        });
      },
      { accountId: "111111111111" },
    );
    expect(all(json, "aws_cloudwatch_event_permission")).toHaveLength(0);
    const policy = only(json, "aws_cloudwatch_event_bus_policy");
    expect(policy.event_bus_name).toBe("${aws_cloudwatch_event_bus.bus.name}");
    expect(JSON.parse(policy.policy as string).Statement).toHaveLength(2);
  });

  test("writes sources and detail-types as literals Terraform does not evaluate", () => {
    const json = synthConstructs(
      (scope, provider) => {
        const bus = new EventBus(scope, "bus", { provider, busName: "central" });
        const grants = [{ kind: "account" as const, accountId: "333333333333", sources: ["${var.x}"], detailTypes: ["%{ if true }"] }];
        new ReceiverBusPolicy(scope, "policy", { bus, grants });
      },
      { accountId: "111111111111" },
    );
    const policy = only(json, "aws_cloudwatch_event_bus_policy").policy as string;
    expect(policy).toContain('"events:source":"$${var.x}"');
    expect(policy).toContain('"events:detail-type":"%%{ if true }"');
  });

  test("attaches to the default bus without creating a bus", () => {
    const json = synthConstructs(
      (scope, provider) => {
        const bus = new EventBus(scope, "bus", { provider });
        expect(bus.arn).toBe("arn:aws:events:us-east-1:111111111111:event-bus/default");
        new ReceiverBusPolicy(scope, "policy", { bus, grants: [{ kind: "account", accountId: "333333333333" }] });
      },
      { accountId: "111111111111" },
    );
    expect(all(json, "aws_cloudwatch_event_bus")).toHaveLength(0);
    expect(only(json, "aws_cloudwatch_event_bus_policy").event_bus_name).toBeUndefined();
  });
});

describe("adopting the default bus's existing policy", () => {
  const DEFAULT_BUS = "arn:aws:events:us-east-1:111111111111:event-bus/default";
  const ours = buildReceiverBusPolicy(DEFAULT_BUS, "us-east-1", [{ kind: "account", accountId: "222222222222" }]);
  /** As `aws events put-permission` writes them: an account, and everybody in an organization through a condition. */
  const putPermission = [
    {
      Sid: "legacy-billing",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444444444444:root" },
      Action: "events:PutEvents",
      Resource: DEFAULT_BUS,
    },
    {
      Sid: "partner-org",
      Effect: "Allow",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: DEFAULT_BUS,
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-partner0001" } },
    },
  ];

  test("keeps the other statements exactly as described, before ours", () => {
    const document = keepExistingStatements(ours, putPermission);
    expect(document.Statement).toEqual([...putPermission, ...ours.Statement]);
    expect(JSON.stringify(document.Statement.slice(0, 2))).toBe(JSON.stringify(putPermission));
  });

  test("writes a statement exactly as ours once: it is ours from an earlier apply", () => {
    const described = [...putPermission, { ...ours.Statement[0] }];
    expect(keepExistingStatements(ours, described).Statement.map((statement) => statement.Sid)).toEqual([
      "legacy-billing",
      "partner-org",
      "AllowAccount222222222222",
    ]);
    const reordered = Object.fromEntries(Object.entries(ours.Statement[0]).reverse());
    expect(Object.keys(reordered)[0]).not.toBe("Sid");
    expect(keepExistingStatements(ours, [reordered])).toEqual(ours);
  });

  test("refuses another statement with one of our statement IDs, naming the grant", () => {
    const other = { ...putPermission[0], Sid: "AllowAccount222222222222" };
    expect(() => keepExistingStatements(ours, [other])).toThrow(
      expect.objectContaining({
        field: "existingStatements[0].Sid",
        value: "AllowAccount222222222222",
        rule: expect.stringContaining("the one this tool writes for grants[0], with other content"),
      }),
    );
  });

  test("refuses a statement without a Sid, and two with one Sid", () => {
    const { Sid: _sid, ...nameless } = putPermission[0];
    expect(() => keepExistingStatements(ours, [nameless])).toThrow(
      expect.objectContaining({ field: "existingStatements[0].Sid", value: nameless, rule: expect.stringContaining("needs a Sid") }),
    );
    expect(() => keepExistingStatements(ours, [putPermission[0], putPermission[0]])).toThrow(
      expect.objectContaining({ field: "existingStatements[1].Sid", value: "legacy-billing", rule: expect.stringContaining("unique") }),
    );
  });

  test("counts the kept statements against the 10,240 characters of a bus policy", () => {
    const filler = (i: number) => ({ ...putPermission[0], Sid: `legacy-${i}` });
    const fits = Array.from({ length: 10 }, (_, i) => filler(i));
    expect(keepExistingStatements(ours, fits).Statement).toHaveLength(11);
    const tooMany = Array.from({ length: 60 }, (_, i) => filler(i));
    expect(() => keepExistingStatements(ours, tooMany)).toThrow(
      expect.objectContaining({ field: "existingStatements", rule: expect.stringContaining("at most 10240 characters") }),
    );
  });

  test("the construct writes kept statements as literals and imports the policy by the bus name", () => {
    const tagged = { ...putPermission[0], Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}" } } };
    const json = synthConstructs(
      (scope, provider) => {
        const bus = new EventBus(scope, "bus", { provider });
        new ReceiverBusPolicy(scope, "policy", {
          bus,
          grants: [{ kind: "account", accountId: "222222222222" }],
          existingStatements: [tagged],
          importExisting: true,
        });
      },
      { accountId: "111111111111" },
    );
    const policy = only(json, "aws_cloudwatch_event_bus_policy").policy as string;
    expect(policy).toContain('"$${aws:PrincipalTag/team}"');
    expect(JSON.parse(terraformLiteralValue(policy)).Statement[0]).toEqual(tagged);
    expect((json as unknown as { import: unknown }).import).toEqual([
      { to: "aws_cloudwatch_event_bus_policy.policy", id: "default", provider: "aws.sender_us_east_1" },
    ]);
  });

  test("the construct refuses to keep or import statements on a bus it creates", () => {
    for (const props of [{ importExisting: true }, { existingStatements: putPermission }]) {
      expect(() =>
        synthConstructs((scope, provider) => {
          const bus = new EventBus(scope, "bus", { provider, busName: "central" });
          new ReceiverBusPolicy(scope, "policy", { bus, grants: [{ kind: "account", accountId: "333333333333" }], ...props });
        }),
      ).toThrow(/a bus this stack creates has no policy before it/);
    }
  });
});
