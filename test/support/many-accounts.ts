/** A generated topology of many accounts, for the diagram's layout at scale. */
import { TopologyInput } from "../../topology/load";

const ORGANIZATION = "o-manyaccts01";

/**
 * `count` accounts: three receivers (a custom bus with a queue and a log group, an ops bus with a
 * topic that also passes escalations on to central, a security account taking findings straight into
 * its queue) and the rest senders of five shapes: orders to central, errors to ops and client events
 * to central, findings straight to security's queue, orders to central and ops, and every fifth
 * sender a forward of its own name, so most wiring repeats and some is unique.
 */
export function manyAccounts(count: number): TopologyInput {
  const id = (i: number) => String(100000000000 + i * 1010101);
  const accounts = Array.from({ length: count }, (_, i) => ({
    name: i < 3 ? ["central", "ops", "security"][i] : `team-${String(i).padStart(2, "0")}`,
    id: id(i),
    organization: ORGANIZATION,
    credentials: { assumeRole: { roleArn: `arn:aws:iam::${id(i)}:role/deployer` } },
  }));
  const senders: { account: string; region: string; forwards: object[] }[] = accounts.slice(3).map((account, s) => ({
    account: account.name,
    region: "us-east-1",
    forwards:
      s % 5 === 4
        ? [{ name: `${account.name}-audit`, pattern: { source: [`com.example.${account.name}`] }, to: ["central"] }]
        : [
            [{ name: "orders-to-central", pattern: { source: [{ prefix: "com.example.orders" }] }, to: ["central"] }],
            [
              { name: "errors-to-ops", pattern: { "detail-type": ["ServiceError"], detail: { severity: ["critical"] } }, to: ["ops"] },
              { name: "client-events", pattern: { "detail-type": [{ prefix: "Client" }] }, to: ["central"] },
            ],
            [{ name: "findings", pattern: { "detail-type": ["Finding"] }, to: [{ receiver: "security", target: "findings" }] }],
            [{ name: "orders-to-central", pattern: { source: [{ prefix: "com.example.orders" }] }, to: ["central", "ops"] }],
          ][s % 5],
  }));
  // Ops passes escalations on to central: a hub, both receiving and sending.
  senders.push({
    account: "ops",
    region: "us-east-1",
    forwards: [{ name: "escalations", pattern: { "detail-type": ["Escalation"] }, to: ["central"] }],
  });
  const organizationGrant = [{ organization: ORGANIZATION }];
  return {
    name: "many-accounts",
    state: { layout: "single" },
    accounts,
    receivers: [
      {
        name: "central",
        account: "central",
        region: "us-east-1",
        bus: { name: "central-events" },
        grants: organizationGrant,
        targets: [
          { id: "ingest", type: "queue", name: "central-ingest" },
          { id: "audit", type: "logGroup", name: "/aws/events/central-audit" },
        ],
        rules: [
          { name: "orders", pattern: { source: [{ prefix: "com.example.orders" }] }, targets: ["ingest"] },
          { name: "everything", pattern: { source: [{ prefix: "" }] }, targets: ["audit"] },
        ],
      },
      {
        name: "ops",
        account: "ops",
        region: "us-east-1",
        bus: { name: "ops-signals" },
        grants: organizationGrant,
        targets: [{ id: "pager", type: "topic", name: "ops-pager" }],
        rules: [{ name: "to-pager", pattern: { "detail-type": ["ServiceError"] }, targets: ["pager"] }],
      },
      {
        name: "security",
        account: "security",
        region: "us-east-1",
        bus: "default",
        grants: organizationGrant,
        targets: [{ id: "findings", type: "queue", name: "security-findings" }],
      },
    ],
    senders,
  } as TopologyInput;
}
