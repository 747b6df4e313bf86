import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import defaultTopology from "../../topology/default.json";
import { StacksFile } from "../../pipeline/apply-order";
import { ChangedSinceError } from "../../pipeline/changes";
import { exportTopology, exportTopologySince } from "../../pipeline/export";
import { loadTopology, parseTopology } from "../../topology/load";
import { PROJECT } from "../support/project";

const example = (file: string) => JSON.parse(readFileSync(join(PROJECT, "examples", file), "utf8"));
const stacksFile = (folder: string): StacksFile => JSON.parse(readFileSync(join(folder, "stacks.json"), "utf8"));

describe("export digests and --changed-since", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-changes-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test("each stack's digest is the sha256 of its root module file as written, and only it", () => {
    const stacks = exportTopology(loadTopology(join(PROJECT, "examples", "direct-delivery.json")), "hcl", "out", cwd);
    const recorded = stacksFile(join(cwd, "out")).stacks;
    expect(recorded.map((stack) => stack.name)).toEqual(stacks.map((stack) => stack.name));
    for (const stack of recorded) {
      const hex = createHash("sha256")
        .update(readFileSync(join(cwd, "out", stack.file)))
        .digest("hex");
      expect(stack.digest).toBe(`sha256:${hex}`);
      expect(stack).not.toHaveProperty("changed");
    }
    expect(stacksFile(join(cwd, "out"))).not.toHaveProperty("changedSince");
  });

  test("an unchanged topology, compared with its own export folder: nothing changed, nothing removed", () => {
    const topology = loadTopology(join(PROJECT, "examples", "many-to-many.json"));
    exportTopology(topology, "json", "out", cwd);
    const before = readFileSync(join(cwd, "out", "stacks.json"));
    const { stacks, changes } = exportTopologySince(topology, "json", "out", "out", cwd);
    expect(stacks.map((stack) => stack.changed)).toEqual(stacks.map(() => false));
    expect([...changes.changed]).toEqual([]);
    expect(changes.removed).toEqual([]);
    const after = stacksFile(join(cwd, "out"));
    expect(after.changedSince).toBe(`sha256:${createHash("sha256").update(before).digest("hex")}`);
    expect(after.removed).toEqual([]);
    expect(after.stacks.map((stack) => stack.changed)).toEqual(stacks.map(() => false));
  });

  test("a forward's new pattern changes exactly the stack of its sender", () => {
    const topology = example("account-grants.json");
    exportTopology(parseTopology(topology), "hcl", "out", cwd);
    const [sender] = topology.senders;
    sender.forwards[0].pattern = { ...sender.forwards[0].pattern, "detail-type": ["Changed"] };
    const { stacks, changes } = exportTopologySince(parseTopology(topology), "hcl", "out", "out", cwd);
    expect([...changes.changed]).toEqual([sender.account]);
    expect(stacks.filter((stack) => stack.changed).map((stack) => stack.name)).toEqual([sender.account]);
    expect(stacksFile(join(cwd, "out")).stacks.filter((stack) => stack.changed)).toEqual([
      expect.objectContaining({ name: sender.account, step: stacks.find((stack) => stack.name === sender.account)?.step }),
    ]);
  });

  test("another export folder changes the stacks with local state: their state file is named after the folder", () => {
    const topology = parseTopology(defaultTopology);
    exportTopology(topology, "json", "before", cwd);
    const { changes } = exportTopologySince(topology, "json", "after", "before", cwd);
    expect([...changes.changed]).toEqual(["observability", "orders", "payments"]);
    expect(readFileSync(join(cwd, "after", "orders", "main.tf.json"), "utf8")).toContain('"path": "../../terraform.after.orders.tfstate"');
  });

  test("another format changes every stack: the files differ, and the digest is of the file as written", () => {
    const topology = parseTopology(defaultTopology);
    exportTopology(topology, "json", "out", cwd);
    const { changes } = exportTopologySince(topology, "hcl", "out", "out", cwd);
    expect([...changes.changed]).toEqual(["observability", "orders", "payments"]);
  });

  test("a stack the earlier export had and this one lacks is removed; a new one is changed", () => {
    exportTopology(parseTopology(defaultTopology), "json", "out", cwd);
    const single = { ...defaultTopology, state: { layout: "single" } };
    const { changes } = exportTopologySince(parseTopology(single), "json", "out", "out", cwd);
    expect([...changes.changed]).toEqual(["eventbridge"]);
    expect(changes.removed).toEqual(["observability", "orders", "payments"]);
    expect(stacksFile(join(cwd, "out")).removed).toEqual(["observability", "orders", "payments"]);
  });

  const refused = (since: string, message: string) => {
    const topology = parseTopology(defaultTopology);
    expect(() => exportTopologySince(topology, "json", "out", since, cwd)).toThrow(ChangedSinceError);
    expect(() => exportTopologySince(topology, "json", "out", since, cwd)).toThrow(`--changed-since ${JSON.stringify(since)}: ${message}`);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  };

  test("refuses a folder that is no export, naming it, before writing anything", () => {
    refused("nowhere", "has no stacks.json: give the folder of an earlier export");
    writeFileSync(join(cwd, "stacks.json"), "{ not json");
    expect(() => exportTopologySince(parseTopology(defaultTopology), "json", "out", ".", cwd)).toThrow(
      /^--changed-since "\.": stacks\.json is not JSON \(/,
    );
    writeFileSync(join(cwd, "stacks.json"), JSON.stringify({ stacks: {} }));
    refused(".", "stacks.json: stacks: {} is invalid: an export lists its stacks in a non-empty array");
  });

  test("refuses an export that recorded no digests (before 0.6.0), naming the field, the value and the rule", () => {
    const old = { stacks: [{ name: "observability", step: 1, dependencies: [], file: "observability/main.tf.json" }] };
    writeFileSync(join(cwd, "stacks.json"), JSON.stringify(old));
    refused(
      ".",
      'stacks.json: stacks[0].digest: undefined is invalid: a digest is "sha256:" and 64 lowercase hex digits (exports before ' +
        "0.6.0 record none: export that topology again first)",
    );
    const digest = `sha256:${"0".repeat(64)}`;
    writeFileSync(join(cwd, "stacks.json"), JSON.stringify({ stacks: [{ ...old.stacks[0], name: "${{ x }}", digest }] }));
    refused(".", 'stacks.json: stacks[0].name: "${{ x }}" is invalid: a stack is named as a name in the topology starts with');
    writeFileSync(join(cwd, "stacks.json"), JSON.stringify({ stacks: [{ ...old.stacks[0], digest: "sha256:abc" }] }));
    refused(".", 'stacks.json: stacks[0].digest: "sha256:abc" is invalid: a digest is "sha256:" and 64 lowercase hex digits');
  });
});
