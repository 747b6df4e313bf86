import fc from "fast-check";
import { TopologyInput } from "../../topology/load";

/**
 * Valid topologies of every shape the product supports: 2 to 6 accounts, receivers on default or
 * custom buses with account or organization grants, senders in the same or another region, 1-2
 * forwards each to 1-2 receivers, patterns built from EventBridge's operators, every target kind,
 * and both state layouts. Each is valid by construction; the properties check the product agrees.
 */
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"] as const;
const ORGANIZATION = "o-fuzzorg0001";

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const value = fc.oneof(word, fc.constant("com.example.orders"), fc.constant("PaymentSettled"));

/** Event patterns from the operators EventBridge offers, without account (written by the product). */
export const patternArbitrary = fc.oneof(
  fc.record({ source: fc.array(value, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    "detail-type": fc.array(
      fc.oneof(
        value,
        value.map((prefix) => ({ prefix })),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({
    detail: fc.record({
      amount: fc
        .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }))
        .map(([low, span]) => [{ numeric: [">", low, "<=", low + span] }]),
    }),
  }),
  fc.record({
    detail: fc.record({
      state: fc.array(
        fc.oneof(
          value.map((v) => ({ "anything-but": v })),
          fc.constant({ exists: true }),
        ),
        { minLength: 1, maxLength: 1 },
      ),
    }),
  }),
  fc.record({ source: fc.array(value, { minLength: 1, maxLength: 1 }), detail: fc.record({ ip: fc.constant([{ cidr: "10.0.0.0/24" }]) }) }),
  // Nested fields, as deep as a pattern of the default size quota plausibly goes (the loader refuses past 255 levels).
  fc.tuple(fc.integer({ min: 1, max: 40 }), value).map(([depth, leaf]) => ({ detail: nested(depth, { leaf: [leaf] }) })),
);

/** `inner` under `depth` levels of objects, built without recursion. */
export function nested(depth: number, inner: object, key = "n"): object {
  let value = inner;
  for (let level = 0; level < depth; level++) value = { [key]: value };
  return value;
}

export const topologyArbitrary: fc.Arbitrary<TopologyInput> = fc
  .record({
    accounts: fc.integer({ min: 2, max: 6 }),
    receivers: fc.integer({ min: 1, max: 2 }),
    layout: fc.constantFrom("per-account" as const, "single" as const),
    byOrganization: fc.boolean(),
    customBus: fc.boolean(),
    receiverRegion: fc.constantFrom(...REGIONS),
    senderRegions: fc.array(fc.constantFrom(...REGIONS), { minLength: 5, maxLength: 5 }),
    forwards: fc.array(fc.tuple(fc.integer({ min: 1, max: 2 }), fc.boolean(), patternArbitrary, patternArbitrary), {
      minLength: 5,
      maxLength: 5,
    }),
    targets: fc.array(fc.constantFrom("logGroup" as const, "queue" as const, "topic" as const, "function" as const), {
      minLength: 1,
      maxLength: 3,
    }),
    rulePatterns: fc.array(patternArbitrary, { minLength: 1, maxLength: 3 }),
    tags: fc.dictionary(word, word, { maxKeys: 3 }),
  })
  .filter(({ accounts, receivers }) => accounts > receivers)
  .map((shape) => {
    const accounts = Array.from({ length: shape.accounts }, (_, i) => ({
      name: `account-${i}`,
      id: String(100000000000 + i * 111111),
      organization: ORGANIZATION,
      credentials: { assumeRole: { roleArn: `arn:aws:iam::${100000000000 + i * 111111}:role/deployer` } },
    }));
    const receiverAccounts = accounts.slice(0, shape.receivers);
    const senderAccounts = accounts.slice(shape.receivers);
    const receivers = receiverAccounts.map((account, r) => ({
      name: `receiver-${r}`,
      account: account.name,
      region: shape.receiverRegion,
      bus: shape.customBus ? { name: `bus-${r}` } : ("default" as const),
      grants: shape.byOrganization ? [{ organization: ORGANIZATION }] : senderAccounts.map((sender) => ({ account: sender.name })),
      targets: shape.targets.map((type, t) => ({
        id: `target-${t}`,
        type,
        name: type === "logGroup" ? `/aws/events/r${r}-t${t}` : `r${r}-t${t}`,
      })),
      rules: shape.rulePatterns.map((pattern, k) => ({
        name: `rule-${k}`,
        pattern,
        senders: senderAccounts.map((sender) => sender.name),
        // The first rule delivers everywhere (no target unused), the others to one target each.
        targets: k === 0 ? shape.targets.map((_, t) => `target-${t}`) : [`target-${k % shape.targets.length}`],
      })),
    }));
    const senders = senderAccounts.map((account, s) => {
      const region = shape.senderRegions[s];
      const [count, wantsRole, first, second] = shape.forwards[s];
      const sameRegion = region === shape.receiverRegion;
      return {
        account: account.name,
        region,
        forwards: [first, second].slice(0, count).map((pattern, f) => {
          // A role is optional only for a target that already exists, in one region, granted by account ID.
          const role = wantsRole || !sameRegion || shape.byOrganization;
          return {
            name: `forward-${f}`,
            pattern,
            to: receivers.map((receiver) => receiver.name).slice(0, f + 1),
            role,
            ...(role ? {} : { existingTarget: true as const }),
          };
        }),
      };
    });
    return {
      name: "fuzz",
      state: { layout: shape.layout },
      tags: shape.tags,
      accounts,
      receivers,
      senders,
    } as TopologyInput;
  });
