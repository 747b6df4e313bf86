import base from "../../topology/default.json";
import { parseTopology } from "../../topology/load";
import { formatPath } from "../../topology/resolve";
import { Input, problemsOf as problemsFrom, rejectsFrom } from "../support/topology-problems";

/** Breaks one thing in a copy of the base topology; see rejectsFrom. */
const problemsOf = (mutate: (input: Input) => void) => problemsFrom(base, mutate);
const rejects = (mutate: (input: Input) => void, path: string, value: unknown, rule: string) =>
  rejectsFrom(base, mutate, path, value, rule);

const twelveDigitIds = (count: number, start = 100000000000) => Array.from({ length: count }, (_, i) => String(start + i));

describe("the base topology", () => {
  test("parses without error", () => {
    expect(() => parseTopology(structuredClone(base), "t.json")).not.toThrow();
  });
});

describe("account IDs", () => {
  test("rejects an account ID that is not 12 digits", () => {
    rejects((t) => (t.accounts[0].id = "11111111111"), "accounts[0].id", "11111111111", "exactly 12 digits");
  });

  test("rejects an account ID of 13 digits", () => {
    rejects((t) => (t.accounts[1].id = "2222222222222"), "accounts[1].id", "2222222222222", "exactly 12 digits");
  });

  test("rejects an account ID with a letter in it", () => {
    rejects((t) => (t.accounts[2].id = "33333333333a"), "accounts[2].id", "33333333333a", "exactly 12 digits");
  });

  test("rejects a grant account that is neither a known name nor 12 digits", () => {
    rejects(
      (t) => (t.receivers[0].grants[0].account = "12345"),
      "receivers[0].grants[0].account",
      "12345",
      "a name from accounts or a 12-digit account ID",
    );
  });

  test("rejects a receiver rule sender that is neither a known name nor 12 digits", () => {
    rejects(
      (t) => (t.receivers[0].rules[1].senders = ["paymnets"]),
      "receivers[0].rules[1].senders[0]",
      "paymnets",
      "a name from accounts or a 12-digit account ID",
    );
  });
});

describe("organization IDs", () => {
  test("rejects an account organization that does not match o-[a-z0-9]{10,32}", () => {
    rejects((t) => (t.accounts[0].organization = "o-short"), "accounts[0].organization", "o-short", "o-[a-z0-9]{10,32}");
  });

  test("rejects an account organization in capitals", () => {
    rejects((t) => (t.accounts[1].organization = "O-EXAMPLEORG01"), "accounts[1].organization", "O-EXAMPLEORG01", "o-[a-z0-9]{10,32}");
  });

  test("rejects a grant organization that does not match o-[a-z0-9]{10,32}", () => {
    rejects(
      (t) => (t.receivers[0].grants[2].organization = "exampleorg01"),
      "receivers[0].grants[2].organization",
      "exampleorg01",
      "o-[a-z0-9]{10,32}",
    );
  });

  test("rejects a grant organization over 32 characters after o-", () => {
    const long = `o-${"a".repeat(33)}`;
    rejects((t) => (t.receivers[0].grants[2].organization = long), "receivers[0].grants[2].organization", long, "o-[a-z0-9]{10,32}");
  });
});

describe("regions", () => {
  test("rejects a receiver region without its number", () => {
    rejects((t) => (t.receivers[0].region = "us-east"), "receivers[0].region", "us-east", "a region looks like us-east-1");
  });

  test("rejects a sender region in capitals", () => {
    rejects((t) => (t.senders[0].region = "US-EAST-1"), "senders[0].region", "US-EAST-1", "a region looks like us-east-1");
  });

  test("rejects an availability zone given as a region", () => {
    rejects((t) => (t.senders[1].region = "us-east-1a"), "senders[1].region", "us-east-1a", "a region looks like us-east-1");
  });
});

describe("uniqueness", () => {
  test("rejects a duplicate account ID", () => {
    rejects(
      (t) => (t.accounts[2].id = "222222222222"),
      "accounts[2].id",
      "222222222222",
      "an account ID is already used at accounts[1].id",
    );
  });

  test("rejects a duplicate account name", () => {
    rejects((t) => (t.accounts[2].name = "orders"), "accounts[2].name", "orders", "an account name is already used at accounts[1].name");
  });

  test("rejects a duplicate receiver name", () => {
    rejects(
      (t) => t.receivers.push({ name: "central", account: "observability", region: "us-west-2", grants: [{ account: "orders" }] }),
      "receivers[1].name",
      "central",
      "a receiver name is already used at receivers[0].name",
    );
  });

  test("rejects two receiver rules with the same name on the same bus", () => {
    rejects(
      (t) => (t.receivers[0].rules[1].name = "audit-everything-forwarded"),
      "receivers[0].rules[1].name",
      "audit-everything-forwarded",
      "a rule with this ARN is already used at receivers[0].rules[0].name",
    );
  });

  test("rejects a second grant of the same account", () => {
    rejects(
      (t) => t.receivers[0].grants.push({ account: "orders" }),
      "receivers[0].grants[3]",
      "222222222222",
      "already granted at grants[0]",
    );
  });

  test("rejects a second grant of the same account given once by name and once by ID", () => {
    rejects(
      (t) => t.receivers[0].grants.push({ account: "333333333333" }),
      "receivers[0].grants[3]",
      "333333333333",
      "already granted at grants[1]",
    );
  });

  test("rejects a second grant of the same organization", () => {
    rejects(
      (t) => t.receivers[0].grants.push({ organization: "o-exampleorg01" }),
      "receivers[0].grants[3]",
      "o-exampleorg01",
      "already granted at grants[2]",
    );
  });
});

describe("senders and receivers", () => {
  test("rejects a sender that is its own receiver", () => {
    rejects(
      (t) => (t.senders[0].account = "observability"),
      "senders[0].forwards[0].to[0]",
      "central",
      "a sender cannot be its own receiver",
    );
  });
});

describe("rule names", () => {
  test("rejects a receiver rule name with a space", () => {
    rejects(
      (t) => (t.receivers[0].rules[0].name = "audit everything"),
      "receivers[0].rules[0].name",
      "audit everything",
      "an EventBridge rule name is 1-64 characters of [.-_A-Za-z0-9]",
    );
  });

  test("rejects a forward name of 65 characters", () => {
    const name = "f".repeat(65);
    rejects(
      (t) => (t.senders[0].forwards[0].name = name),
      "senders[0].forwards[0].name",
      name,
      "an EventBridge rule name is 1-64 characters of [.-_A-Za-z0-9]",
    );
  });

  test("rejects an empty forward name", () => {
    rejects((t) => (t.senders[0].forwards[0].name = ""), "senders[0].forwards[0].name", "", "an EventBridge rule name is 1-64 characters");
  });
});

describe("bus names", () => {
  const rule = "a custom event bus name is 1-256 characters of [.-_A-Za-z0-9]";

  test('rejects a custom bus named "default"', () => {
    rejects((t) => (t.receivers[0].bus = { name: "default" }), "receivers[0].bus.name", "default", "is not 'default'");
  });

  test('rejects a custom bus name containing "/"', () => {
    rejects((t) => (t.receivers[0].bus = { name: "central/events" }), "receivers[0].bus.name", "central/events", "has no '/'");
  });

  test("rejects a custom bus name of 257 characters", () => {
    const name = "b".repeat(257);
    rejects((t) => (t.senders[0].bus = { name }), "senders[0].bus.name", name, rule);
  });

  test("rejects an empty custom bus name", () => {
    rejects((t) => (t.receivers[0].bus = { name: "" }), "receivers[0].bus.name", "", rule);
  });

  test("rejects a custom bus name with a space", () => {
    rejects((t) => (t.receivers[0].bus = { name: "central events" }), "receivers[0].bus.name", "central events", rule);
  });
});

describe("role names", () => {
  test("rejects an explicit role name of 65 characters", () => {
    const name = "r".repeat(65);
    rejects(
      (t) => (t.senders[0].forwards[0].role = { name }),
      "senders[0].forwards[0].role.name",
      name,
      "an IAM role name is 1-64 characters",
    );
  });

  test('rejects a forward name whose derived role name "<name>-forwarder" is over 64 characters', () => {
    const name = "f".repeat(60);
    rejects((t) => (t.senders[0].forwards[0].name = name), "senders[0].forwards[0].name", name, "set role.name");
  });
});

describe("targets per rule", () => {
  test("rejects a receiver rule with 6 targets", () => {
    const targets = ["audit-log", "payment-work", "a", "b", "c", "d"];
    rejects((t) => (t.receivers[0].rules[0].targets = targets), "receivers[0].rules[0].targets", targets, "at most 5 targets");
  });

  test("rejects a forward to 6 receivers", () => {
    const to = ["central", "r2", "r3", "r4", "r5", "r6"];
    rejects((t) => (t.senders[0].forwards[0].to = to), "senders[0].forwards[0].to", to, "at most 5 targets");
  });
});

describe("event patterns", () => {
  test("rejects a forward pattern that is an array", () => {
    const pattern = [{ source: ["com.example.orders"] }];
    rejects(
      (t) => (t.senders[0].forwards[0].pattern = pattern),
      "senders[0].forwards[0].pattern",
      pattern,
      "an event pattern is a JSON object",
    );
  });

  test("rejects a receiver rule pattern that is a string", () => {
    const pattern = '{"source":["com.example.payments"]}';
    rejects(
      (t) => (t.receivers[0].rules[1].pattern = pattern),
      "receivers[0].rules[1].pattern",
      pattern,
      "an event pattern is a JSON object",
    );
  });

  test("rejects a forward pattern that is null", () => {
    rejects((t) => (t.senders[0].forwards[0].pattern = null), "senders[0].forwards[0].pattern", null, "an event pattern is a JSON object");
  });

  test("rejects an empty forward pattern", () => {
    rejects((t) => (t.senders[0].forwards[0].pattern = {}), "senders[0].forwards[0].pattern", {}, "non-empty JSON object");
  });

  test("rejects a forward pattern over 2,048 characters", () => {
    const pattern = { source: Array.from({ length: 120 }, (_, i) => `com.example.source-${i}`) };
    const length = JSON.stringify(pattern).length;
    expect(length).toBeGreaterThan(2048);
    rejects(
      (t) => (t.senders[0].forwards[0].pattern = pattern),
      "senders[0].forwards[0].pattern",
      `${length} characters`,
      "an event pattern holds at most 2048 characters",
    );
  });

  test("rejects a receiver rule pattern that is over 2,048 characters once its account filter is added", () => {
    // Under the limit on its own; the filter {"account":["333333333333"]} written from senders tips it over.
    const pattern = { source: ["com.example.payments"], "detail-type": ["PaymentSettled"], detail: { note: [""] } };
    pattern.detail.note[0] = "n".repeat(2040 - JSON.stringify(pattern).length);
    expect(JSON.stringify(pattern).length).toBe(2040);
    const rendered = JSON.stringify({ account: ["333333333333"], ...pattern }).length;
    expect(rendered).toBeGreaterThan(2048);
    rejects(
      (t) => (t.receivers[0].rules[1].pattern = pattern),
      "receivers[0].rules[1].pattern",
      `${rendered} characters`,
      "an event pattern holds at most 2048 characters",
    );
  });
});

describe('"*" in account filters', () => {
  const rule = 'an account filter never holds "*"';

  test('rejects "*" among a receiver rule\'s senders', () => {
    rejects((t) => (t.receivers[0].rules[1].senders = ["*"]), "receivers[0].rules[1].senders[0]", "*", rule);
  });

  test('rejects "*" in a forward pattern\'s account filter', () => {
    rejects(
      (t) => (t.senders[0].forwards[0].pattern = { source: ["com.example.orders"], account: ["*"] }),
      "senders[0].forwards[0].pattern.account",
      ["*"],
      rule,
    );
  });

  test('rejects "*" nested in an operator of a forward pattern\'s account filter', () => {
    rejects(
      (t) => (t.senders[0].forwards[0].pattern = { source: ["com.example.orders"], account: [{ "anything-but": "*" }] }),
      "senders[0].forwards[0].pattern.account",
      [{ "anything-but": "*" }],
      rule,
    );
  });

  test("rejects an account filter written into a receiver pattern", () => {
    rejects(
      (t) => (t.receivers[0].rules[1].pattern = { source: ["com.example.payments"], account: ["333333333333"] }),
      "receivers[0].rules[1].pattern.account",
      ["333333333333"],
      "leave account out of a receiver pattern",
    );
  });
});

describe("bus policy size", () => {
  test("rejects a bus policy over 10,240 characters", () => {
    const ids = twelveDigitIds(300);
    rejects(
      (t) => {
        t.receivers[0].grants.push(...ids.map((account) => ({ account })));
        // Keep the rule filters short, so the policy is the only thing broken.
        t.receivers[0].rules[0].senders = ["orders", "payments"];
      },
      "receivers[0].grants",
      expect.stringMatching(/^303 grants, \d+ characters$/),
      "an event bus policy holds at most 10240 characters",
    );
  });

  test("reports the bus policy size at the grants even when receiver rules derive their senders from them", () => {
    const ids = twelveDigitIds(300);
    rejects(
      (t) => t.receivers[0].grants.push(...ids.map((account) => ({ account }))),
      "receivers[0].grants",
      expect.stringMatching(/^303 grants, \d+ characters$/),
      "an event bus policy holds at most 10240 characters",
    );
  });
});

describe("grants that cover each forward", () => {
  test("rejects a forward to a receiver that grants neither the sender's account nor its organization", () => {
    rejects(
      (t) => (t.receivers[0].grants = [{ account: "payments" }]),
      "senders[0].forwards[0].to[0]",
      "central",
      'receiver "central" does not grant account orders (222222222222)',
    );
  });

  test("rejects a forward from an account of another organization than the one granted", () => {
    rejects(
      (t) => {
        t.accounts[1].organization = "o-otherorg0001";
        t.receivers[0].grants.splice(0, 1);
      },
      "senders[0].forwards[0].to[0]",
      "central",
      "or its organization o-otherorg0001",
    );
  });

  test("rejects a forward without a sender role that only an organization grant lets in", () => {
    rejects(
      (t) => {
        t.receivers[0].grants.splice(0, 1);
        t.senders[0].forwards[0].role = false;
        t.senders[0].forwards[0].existingTarget = true;
      },
      "senders[0].forwards[0].role",
      false,
      "only by an organization grant, which needs a sender role",
    );
  });

  test("rejects a forward without a role that does not say its target already exists (AWS's rule of 2 March 2023)", () => {
    rejects(
      (t) => (t.senders[0].forwards[0].role = false),
      "senders[0].forwards[0].role",
      false,
      "since 2 March 2023 AWS requires an IAM role",
    );
    const accepted = structuredClone(base);
    Object.assign(accepted.senders[0].forwards[0], { role: false, existingTarget: true });
    expect(() => parseTopology(accepted, "t.json")).not.toThrow();
  });

  test("rejects existingTarget on a forward with a role", () => {
    rejects(
      (t) => (t.senders[0].forwards[0].existingTarget = true),
      "senders[0].forwards[0].existingTarget",
      true,
      "a forward with a role leaves it out",
    );
  });

  test("rejects a role-less forward that only a grant narrowed to sender rules lets in", () => {
    rejects(
      (t) => {
        t.receivers[0].grants = t.receivers[0].grants.map((grant: Input) => ({ ...grant, rules: [t.senders[0].forwards[0].name] }));
        Object.assign(t.senders[0].forwards[0], { role: false, existingTarget: true });
      },
      "senders[0].forwards[0].role",
      false,
      "a grant narrowed to sender rules (aws:SourceArn) is documented only for deliveries through a role",
    );
  });

  test("rejects a cross-region forward without a sender role", () => {
    rejects(
      (t) => {
        t.senders[0].region = "us-west-2";
        t.senders[0].forwards[0].role = false;
        t.senders[0].forwards[0].existingTarget = true;
      },
      "senders[0].forwards[0].role",
      false,
      "crosses regions, which needs a sender role",
    );
  });
});

describe("grants narrowed by content (events:source, events:detail-type)", () => {
  /** Only orders' own account grant lets it in, narrowed as given. */
  const narrowOrders = (t: Input, narrowing: object) => {
    t.receivers[0].grants.splice(2, 1);
    Object.assign(t.receivers[0].grants[0], narrowing);
  };

  test("accepts a forward whose pattern sends only what the grant lists", () => {
    const input = structuredClone(base) as Input;
    narrowOrders(input, { sources: ["com.example.orders"] });
    expect(() => parseTopology(input, "t.json")).not.toThrow();
  });

  test("rejects a forward whose pattern can send a source the grant drops, naming the grant and an example", () => {
    const problem = rejects(
      (t) => {
        narrowOrders(t, { sources: ["com.example.orders"] });
        t.senders[0].forwards[0].pattern = { source: [{ prefix: "com.example." }] };
      },
      "senders[0].forwards[0].to[0]",
      "central",
      'only by receivers[0].grants[0] (sources "com.example.orders")',
    );
    expect(problem.rule).toContain('rule "orders-to-central"');
    expect(problem.rule).toContain('such as source "com.example.other"');
  });

  test("rejects a pattern without detail-type under a grant narrowed to detail-types", () => {
    rejects(
      (t) => narrowOrders(t, { detailTypes: ["OrderPlaced"] }),
      "senders[0].forwards[0].to[0]",
      "central",
      'such as detail-type "Witness"',
    );
  });

  test("accepts what another grant, not narrowed, lets in", () => {
    const input = structuredClone(base) as Input;
    input.receivers[0].grants[0].sources = ["com.example.elsewhere"];
    expect(() => parseTopology(input, "t.json")).not.toThrow();
  });

  test("a grant narrowed by content that does not admit all of a role-less forward leaves the rest to the organization grant", () => {
    rejects(
      (t) => {
        t.receivers[0].grants[0].detailTypes = ["OrderPlaced"];
        Object.assign(t.senders[0].forwards[0], { role: false, existingTarget: true });
      },
      "senders[0].forwards[0].role",
      false,
      "only by an organization grant, which needs a sender role",
    );
  });

  test("rejects empty lists, repeated values, empty strings and *", () => {
    rejects((t) => (t.receivers[0].grants[0].sources = []), "receivers[0].grants[0].sources", [], "list each source once");
    rejects(
      (t) => (t.receivers[0].grants[2].detailTypes = ["A", "A"]),
      "receivers[0].grants[2].detailTypes",
      ["A", "A"],
      "list each detail-type once",
    );
    rejects((t) => (t.receivers[0].grants[0].sources = [""]), "receivers[0].grants[0].sources[0]", "", "a non-empty string");
    rejects(
      (t) => (t.receivers[0].grants[0].sources = ["com.example.*"]),
      "receivers[0].grants[0].sources[0]",
      "com.example.*",
      "* is no wildcard there",
    );
  });

  test("rejects sources or detail-types on a grant to everybody", () => {
    rejects(
      (t) => {
        t.receivers[0].allowEverybody = true;
        t.receivers[0].grants.push({ everybody: true, sources: ["com.example.orders"] });
      },
      "receivers[0].grants[3].sources",
      ["com.example.orders"],
      "a grant to everybody cannot be narrowed to sources",
    );
  });
});

describe("bus dead-letter queues", () => {
  const encrypted = (t: Input) => {
    t.receivers[0].bus = { name: "central-events" };
    t.receivers[0].encryption = { createKey: true };
  };

  test("a bus with a customer managed key always gets one, named after the bus", () => {
    const input = structuredClone(base) as Input;
    encrypted(input);
    expect(parseTopology(input, "t.json").receivers[0].deadLetterQueue).toEqual({ name: "central-events-bus-dlq" });
  });

  test("rejects turning it off on a bus with a customer managed key", () => {
    rejects(
      (t) => {
        encrypted(t);
        t.receivers[0].deadLetterQueue = false;
      },
      "receivers[0].deadLetterQueue",
      false,
      "a bus with a customer managed key keeps a dead-letter queue",
    );
  });

  test("rejects one on the adopted default bus", () => {
    rejects(
      (t) => Object.assign(t.receivers[0], { bus: "default", deadLetterQueue: true }),
      "receivers[0].deadLetterQueue",
      true,
      "the adopted default bus is managed elsewhere",
    );
  });

  test("rejects a derived name that breaks the queue rule, and a name another queue has", () => {
    rejects(
      (t) => {
        t.receivers[0].bus = { name: "b".repeat(80) };
        t.receivers[0].deadLetterQueue = true;
      },
      "receivers[0].deadLetterQueue",
      `${"b".repeat(80)}-bus-dlq`,
      "set deadLetterQueue.name",
    );
    rejects(
      (t) => {
        encrypted(t);
        t.receivers[0].deadLetterQueue = { name: "central-payment-events" };
      },
      "receivers[0].deadLetterQueue",
      "central-payment-events",
      "this queue",
    );
  });

  test("rejects an alarm topic of another region", () => {
    rejects(
      (t) => (t.receivers[0].alarmTopicArn = "arn:aws:sns:eu-west-1:111111111111:alerts"),
      "receivers[0].alarmTopicArn",
      "arn:aws:sns:eu-west-1:111111111111:alerts",
      "alarm actions go to a topic in the receiver's account 111111111111 and region us-east-1",
    );
  });
});

describe("retry policy", () => {
  const age = "retry age is 60 to 86,400 seconds";
  const attempts = "retry attempts are 0 to 185";
  const retry = (t: Input, value: object) => (t.senders[0].forwards[0].retry = value);

  test("rejects a retry age of 59 seconds", () => {
    rejects((t) => retry(t, { maximumEventAgeSeconds: 59 }), "senders[0].forwards[0].retry.maximumEventAgeSeconds", 59, age);
  });

  test("rejects a retry age of 86,401 seconds", () => {
    rejects((t) => retry(t, { maximumEventAgeSeconds: 86401 }), "senders[0].forwards[0].retry.maximumEventAgeSeconds", 86401, age);
  });

  test("rejects a retry age that is not a whole number of seconds", () => {
    rejects(
      (t) => retry(t, { maximumEventAgeSeconds: 60.5 }),
      "senders[0].forwards[0].retry.maximumEventAgeSeconds",
      60.5,
      "a whole number of seconds",
    );
  });

  test("rejects -1 retry attempts", () => {
    rejects((t) => retry(t, { maximumRetryAttempts: -1 }), "senders[0].forwards[0].retry.maximumRetryAttempts", -1, attempts);
  });

  test("rejects 186 retry attempts", () => {
    rejects((t) => retry(t, { maximumRetryAttempts: 186 }), "senders[0].forwards[0].retry.maximumRetryAttempts", 186, attempts);
  });

  test("rejects 1.5 retry attempts", () => {
    rejects(
      (t) => retry(t, { maximumRetryAttempts: 1.5 }),
      "senders[0].forwards[0].retry.maximumRetryAttempts",
      1.5,
      "a whole number of attempts",
    );
  });
});

describe("unknown keys", () => {
  const rule = "unknown key: a typo is never ignored";

  test('rejects a misspelt top-level key "recievers"', () => {
    rejects((t) => (t.recievers = [{ name: "other" }]), "recievers", [{ name: "other" }], rule);
  });

  test("rejects an unknown key in an account", () => {
    rejects((t) => (t.accounts[0].organisation = "o-exampleorg01"), "accounts[0].organisation", "o-exampleorg01", rule);
  });

  test('rejects a forward whose "pattern" is misspelt "patern"', () => {
    rejects(
      (t) => {
        const forward = t.senders[0].forwards[0];
        forward.patern = forward.pattern;
        delete forward.pattern;
      },
      "senders[0].forwards[0].patern",
      { source: ["com.example.orders"] },
      rule,
    );
  });

  test("rejects an unknown key in a receiver rule", () => {
    rejects((t) => (t.receivers[0].rules[1].sender = ["payments"]), "receivers[0].rules[1].sender", ["payments"], rule);
  });

  test("rejects an unknown key in a grant", () => {
    rejects((t) => (t.receivers[0].grants[0].rule = ["orders-to-central"]), "receivers[0].grants[0].rule", ["orders-to-central"], rule);
  });

  test("rejects an unknown key in a target", () => {
    rejects((t) => (t.receivers[0].targets[0].retention = 90), "receivers[0].targets[0].retention", 90, rule);
  });

  test("rejects an unknown key in a custom bus", () => {
    rejects((t) => (t.receivers[0].bus.nmae = "x"), "receivers[0].bus.nmae", "x", rule);
  });

  test("rejects an unknown key in an explicit role", () => {
    rejects(
      (t) => (t.senders[0].forwards[0].role = { name: "orders-forwarder", path: "/" }),
      "senders[0].forwards[0].role.path",
      "/",
      rule,
    );
  });

  test("rejects an unknown key in a retry policy", () => {
    rejects((t) => (t.senders[0].forwards[0].retry = { maxAttempts: 3 }), "senders[0].forwards[0].retry.maxAttempts", 3, rule);
  });

  test("rejects an unknown key in assumeRole credentials", () => {
    rejects((t) => (t.accounts[0].credentials.assumeRole.externalID = "abc"), "accounts[0].credentials.assumeRole.externalID", "abc", rule);
  });
});

describe("grants to everybody", () => {
  test("rejects a grant to everybody without allowEverybody: true", () => {
    rejects(
      (t) => t.receivers[0].grants.push({ everybody: true }),
      "receivers[0].grants[3].everybody",
      true,
      "needs the explicit opt-in allowEverybody: true",
    );
  });

  test("rejects a grant to everybody with allowEverybody: false spelled out", () => {
    rejects(
      (t) => {
        t.receivers[0].allowEverybody = false;
        t.receivers[0].grants.push({ everybody: true });
      },
      "receivers[0].grants[3].everybody",
      true,
      "needs the explicit opt-in allowEverybody: true",
    );
  });
});

describe("receiver targets", () => {
  test("rejects a receiver rule target id that does not exist", () => {
    rejects(
      (t) => t.receivers[0].rules[0].targets.push("audit-logs"),
      "receivers[0].rules[0].targets[1]",
      "audit-logs",
      'must be the id of a target of receiver "central"',
    );
  });

  test("rejects a target that no rule uses", () => {
    rejects(
      (t) => t.receivers[0].targets.push({ id: "spare", type: "queue", name: "central-spare" }),
      "receivers[0].targets[2].id",
      "spare",
      "no rule delivers to this target",
    );
  });
});

describe("several problems in one input", () => {
  test("reports every schema problem, one line each", () => {
    const { error, problems } = problemsOf((t) => {
      t.accounts[0].id = "1";
      t.receivers[0].region = "us-east";
      t.senders[0].forwards[0].retry = { maximumRetryAttempts: 186 };
    });
    expect(problems.map((p) => formatPath(p.path))).toEqual(
      expect.arrayContaining(["accounts[0].id", "receivers[0].region", "senders[0].forwards[0].retry.maximumRetryAttempts"]),
    );
    expect(error.message.split("\n")).toEqual(
      expect.arrayContaining([
        't.json: accounts[0].id: an AWS account ID is exactly 12 digits (got "1")',
        't.json: receivers[0].region: a region looks like us-east-1, eu-central-2 or us-gov-west-1 (got "us-east")',
        "t.json: senders[0].forwards[0].retry.maximumRetryAttempts: retry attempts are 0 to 185 (got 186)",
      ]),
    );
  });

  test("reports every cross-reference problem", () => {
    const { problems } = problemsOf((t) => {
      t.receivers[0].grants.push({ account: "orders" });
      t.receivers[0].grants.push({ everybody: true });
      t.receivers[0].targets.push({ id: "spare", type: "queue", name: "central-spare" });
    });
    expect(problems.map((p) => formatPath(p.path))).toEqual(
      expect.arrayContaining(["receivers[0].grants[3]", "receivers[0].grants[4].everybody", "receivers[0].targets[2].id"]),
    );
  });

  test("reports an oversized bus policy together with an unrelated problem elsewhere", () => {
    // Two things broken: 300 more account grants, and two forwards of payments naming the same role.
    const { problems } = problemsOf((t) => {
      t.receivers[0].grants.push(...twelveDigitIds(300).map((account) => ({ account })));
      t.receivers[0].rules[0].senders = ["orders", "payments"];
      t.senders[1].forwards[0].role = { name: "shared-forwarder" };
      t.senders[1].forwards.push({
        name: "payments-refunds",
        pattern: { source: ["com.example.refunds"] },
        to: ["central"],
        role: { name: "shared-forwarder" },
      });
    });
    expect(problems.map((p) => formatPath(p.path))).toEqual(expect.arrayContaining(["senders[1].forwards[1].role", "receivers[0].grants"]));
  });
});

describe("values of the wrong shape", () => {
  test("rejects a bus given as a bare name, saying what a bus is", () => {
    rejects((t) => (t.receivers[0].bus = "central-events"), "receivers[0].bus", "central-events", 'a bus is "default"');
  });

  test("rejects a role that is neither a flag nor a name", () => {
    rejects((t) => (t.senders[0].forwards[0].role = "yes"), "senders[0].forwards[0].role", "yes", 'role is true, false or {"name"');
  });

  test('rejects a grant to the account "*", pointing at the everybody grant', () => {
    rejects((t) => (t.receivers[0].grants[0].account = "*"), "receivers[0].grants[0].account", "*", '{"everybody": true}');
  });
});

describe("event patterns EventBridge would reject", () => {
  test("rejects an unknown operator at load, naming where in the pattern", () => {
    rejects(
      (t) => (t.senders[0].forwards[0].pattern = { source: [{ prefx: "com.example." }] }),
      "senders[0].forwards[0].pattern",
      { source: [{ prefx: "com.example." }] },
      "EventBridge would reject this pattern: source[0]",
    );
  });

  test("rejects a numeric match in the wrong shape in a receiver rule", () => {
    rejects(
      (t) => (t.receivers[0].rules[0].pattern = { detail: { amount: [{ numeric: [">"] }] } }),
      "receivers[0].rules[0].pattern",
      { detail: { amount: [{ numeric: [">"] }] } },
      "detail.amount[0].numeric",
    );
  });
});

describe("tags and archives", () => {
  test("merges account tags over topology tags", () => {
    const input: Input = structuredClone(base);
    input.tags = { team: "platform", env: "prod" };
    input.accounts[1].tags = { team: "orders" };
    const topology = parseTopology(input, "t.json");
    expect(topology.accounts.find((account) => account.name === "orders")?.tags).toEqual({ team: "orders", env: "prod" });
  });

  test("rejects a reserved tag key", () => {
    rejects((t) => (t.tags = { "aws:team": "x" }), 'tags["aws:team"]', "aws:team", "does not start with aws:");
  });

  test("rejects an archive whose derived name is too long, and a negative retention", () => {
    rejects(
      (t) => (t.receivers[0].bus = { name: "b".repeat(41) }),
      "receivers[0].archive",
      `${"b".repeat(41)}-archive`,
      "set archive.name",
    );
    rejects(
      (t) => (t.receivers[0].archive = { retentionDays: -1 }),
      "receivers[0].archive.retentionDays",
      -1,
      "0 (indefinitely) or more days",
    );
  });
});

describe("encryption", () => {
  test("rejects a key on the adopted default bus, and a key of another account or region", () => {
    rejects(
      (t) => ((t.receivers[0].bus = "default"), (t.receivers[0].encryption = { createKey: true })),
      "receivers[0].encryption",
      { createKey: true },
      "managed elsewhere",
    );
    rejects(
      (t) => (t.receivers[0].encryption = { keyArn: "arn:aws:kms:us-east-1:999999999999:key/abc-1" }),
      "receivers[0].encryption.keyArn",
      "arn:aws:kms:us-east-1:999999999999:key/abc-1",
      "name a key of the bus's account",
    );
    rejects(
      (t) => (t.receivers[0].encryption = { keyArn: "arn:aws:kms:eu-west-1:111111111111:key/abc-1" }),
      "receivers[0].encryption.keyArn",
      "arn:aws:kms:eu-west-1:111111111111:key/abc-1",
      "the key must be in the bus's region us-east-1",
    );
  });
});

describe("alarms", () => {
  test("are on by default and off by the flag", () => {
    expect(parseTopology(structuredClone(base), "t.json").senders.every((sender) => sender.alarms !== false)).toBe(true);
    const off: Input = structuredClone(base);
    off.alarms = { enabled: false };
    expect(parseTopology(off, "t.json").senders.every((sender) => sender.alarms === false)).toBe(true);
  });

  test("rejects an alarm topic outside the sender's account and region", () => {
    rejects(
      (t) => (t.senders[1].alarmTopicArn = "arn:aws:sns:eu-west-1:333333333333:alerts"),
      "senders[1].alarmTopicArn",
      "arn:aws:sns:eu-west-1:333333333333:alerts",
      "a topic in the sender's account 333333333333 and region us-east-1",
    );
  });
});
