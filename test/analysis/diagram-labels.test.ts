/** The diagram names accounts as the topology does, and counts accounts apart from account-regions (issue 14). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyGraph } from "../../analysis/checks";
import { buildDiagram } from "../../analysis/diagram";
import { readTopologyGraph } from "../../analysis/model";
import { diagram as diagramCommand } from "../../cli/diagram";
import { synthesizeTopology } from "../../stacks/synthesize";
import { parseTopology } from "../../topology/load";

const ids: Record<string, string> = { hub: "101010101010", "wl-dev": "202020202020", "wl-prod": "303030303030", "wl-test": "404040404040" };
ids["wl-qa"] = "505050505050";
const REGIONS = ["us-east-1", "eu-west-1"];

/** 5 accounts with hyphens in their names; 4 of them in two regions, one in one: 9 account-regions. */
const TOPOLOGY = {
  name: "labels",
  accounts: Object.entries(ids).map(([name, id]) => ({
    name,
    id,
    credentials: { assumeRole: { roleArn: `arn:aws:iam::${id}:role/deployer` } },
  })),
  receivers: REGIONS.map((region) => ({
    name: `hub-${region}`,
    account: "hub",
    region,
    grants: ["wl-dev", "wl-prod", "wl-test", "wl-qa"].map((account) => ({ account })),
    targets: [{ id: "log", type: "logGroup", name: `/aws/events/hub-${region}` }],
    rules: [{ name: "all", pattern: { source: [{ prefix: "" }] }, targets: ["log"] }],
  })),
  senders: ["wl-dev", "wl-prod", "wl-test", "wl-qa"].flatMap((account) =>
    (account === "wl-qa" ? REGIONS.slice(0, 1) : REGIONS).map((region) => ({
      account,
      region,
      forwards: [{ name: `${account}-to-hub-${region}`, pattern: { source: ["com.example"] }, to: [`hub-${region}`] }],
    })),
  ),
};

describe("diagram labels", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "eventbridge-diagram-labels-"));
    synthesizeTopology(parseTopology(TOPOLOGY), join(dir, "out"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("account boxes carry the topology's account names (wl-dev, not the provider alias wl_dev) and IDs", () => {
    const graph = readTopologyGraph(join(dir, "out"));
    const { groups } = buildDiagram(graph, verifyGraph(graph));
    expect(groups).toContain("wl-dev 202020202020 us-east-1");
    expect(groups).toContain("wl-qa 505050505050 us-east-1");
    expect(groups.join("\n")).not.toMatch(/wl_/);
    expect(groups).toHaveLength(9);
  });

  test("the summary counts 5 accounts and 9 account-regions", () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const code = diagramCommand([join(dir, "out"), "--out", join(dir, "drawn")]);
    const printed = log.mock.calls.map((call) => String(call[0])).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toMatch(/^diagram: 5 accounts, 9 account-regions, /);
  });
});
