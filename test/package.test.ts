import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TSC } from "../scripts/compiler";
import { CDKTN_FLAVOR, packageFlavors } from "../scripts/package";
import { codeBlocks, section, transcripts } from "./support/readme";
import { PROJECT, TOPOLOGIES } from "./support/project";

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8"));

/** The README's install steps ("Installing the package"): the pack, then the lines run in the fresh project. */
const INSTALLING = section("## Installing the package");
const [README_STEPS, README_REGISTRY] = codeBlocks(INSTALLING, "sh").map((block) =>
  block
    .trim()
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "")),
);
const README_INSTALL = README_STEPS.find((line) => line.startsWith("npm install "))!
  .split(" ")
  .slice(2);
const OFFLINE = ["--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"];
/** The files a tarball holds, by their paths in the package, sorted. */
const tarballFiles = (packed: string) =>
  execFileSync("tar", ["tzf", packed], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((file) => file.replace(/^package\//, ""))
    .sort();

const CONSUMER_JS = `
const { App } = require("cdktf");
const { parseTopology, buildStacks, STATE_DIR } = require("cdktf-eventbridge-cross-account");
const { SenderForwarding } = require("cdktf-eventbridge-cross-account/modules/sender-forwarding");
const topology = parseTopology(require("./topology.json"), "topology.json");
const app = new App({ outdir: "cdktf.out" });
const stacks = buildStacks(app, topology, { stateDir: STATE_DIR });
app.synth();
console.log(stacks.map((stack) => stack.node.id).join(",") + " " + typeof SenderForwarding);
`;

const CONSUMER_TS = `
import { App } from "cdktf";
import { AccountProvider, EventBus, ReceiverBusPolicy, TopologyStack, parseTopology } from "cdktf-eventbridge-cross-account";
import { SenderForwarding } from "cdktf-eventbridge-cross-account/modules/sender-forwarding";

const app = new App();
const stack = new TopologyStack(app, "typed", { stateDir: "." });
const provider = new AccountProvider(stack, "p", {
  accountName: "a", accountId: "111111111111", region: "us-east-1", credentials: { profile: "a" },
});
const bus = new EventBus(stack, "bus", { provider, busName: "central" });
const policy: ReceiverBusPolicy = new ReceiverBusPolicy(stack, "policy", { bus, grants: [{ kind: "account", accountId: "222222222222" }] });
const forward: typeof SenderForwarding = SenderForwarding;
export const used = [policy.document.Version, forward, parseTopology];
`;

describe("npm package", () => {
  const work = mkdtempSync(join(tmpdir(), "eventbridge-package-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let tarball: string;
  let cdktnTarball: string;

  beforeAll(() => {
    [tarball, cdktnTarball] = packageFlavors(join(work, "packages")).map((file) => join(work, "packages", file));
  }, 180_000);

  const installed = new Set<string>();
  const CDKTF_PEERS = ["cdktf", "constructs", "@cdktf/provider-aws"];

  /**
   * Installs a tarball with its peers into a fresh project; once per name, for the tests that use it.
   * The cdktf package is installed by the README's steps as written: `npm init -y`, then its `npm install` line.
   */
  function consumerOf(name: string, packed: string, peers: string[]): string {
    const consumer = join(work, name);
    if (installed.has(name)) return consumer;
    installed.add(name);
    mkdirSync(consumer);
    if (name === "cdktf-consumer") {
      cpSync(packed, join(consumer, basename(packed)));
      npm(["init", "-y"], consumer);
      npm(["install", ...README_INSTALL, ...OFFLINE], consumer);
      return consumer;
    }
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name, private: true }));
    // The package from its tarball; its peers linked from this project's node_modules (the versions the lockfile pins),
    // since extracting @cdktn/provider-aws (476 MB) cost 8 s of CPU. The package's own files resolve only in the
    // consumer's node_modules, so a require of anything it does not declare still fails.
    npm(["install", packed, ...peers.map((peer) => `file:${join(PROJECT, "node_modules", peer)}`), ...OFFLINE], consumer);
    return consumer;
  }

  test("the README's install steps: pack prints the tarball's name, installed with the peers this project is tested with", () => {
    expect(README_STEPS[0]).toBe("npm pack");
    const printed = npm(["pack", "--dry-run", "--ignore-scripts"], PROJECT).trim();
    expect(printed).toBe(basename(tarball));
    expect(printed).toBe(`${pkg.name}-${pkg.version}.tgz`);
    expect(README_STEPS[1]).toBe(`mkdir ../my-app && cp ${printed} my-topology.json ../my-app/ && cd ../my-app`);
    expect(README_STEPS[2]).toBe("npm init -y");
    expect(README_INSTALL).toEqual([`./${printed}`, ...CDKTF_PEERS.map((peer) => `${peer}@${pkg.devDependencies[peer]}`)]);
    // The registry cannot be asked for an unpublished package: its line is the tarball line with the name in place of the file.
    expect(README_REGISTRY).toEqual([`npm install ${[pkg.name, ...README_INSTALL.slice(1)].join(" ")}`]);
    expect(INSTALLING).toContain("not published on the npm registry yet");
  });

  test("holds the compiled library, its types, the schema and the docs, and nothing else", () => {
    const files = tarballFiles(tarball);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/modules/sender-forwarding.d.ts",
        "schema/topology.schema.json",
        "terraform-modules/sender-forwarding/main.tf",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "package.json",
      ]),
    );
    expect(
      files.filter((file) => !/^(dist\/|schema\/|terraform-modules\/|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(file)),
    ).toEqual([]);
    expect(
      files.filter((file) => /(^|\/)(test|examples|scripts)\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts"))),
    ).toEqual([]);
    expect(pkg.peerDependencies).toEqual({ cdktf: "^0.21.0", constructs: "^10.4.2", "@cdktf/provider-aws": "^20.1.0" });
  });

  test("installs into a fresh project and synthesizes a topology there, from JavaScript and TypeScript", () => {
    const consumer = consumerOf("cdktf-consumer", tarball, CDKTF_PEERS);
    writeFileSync(
      join(consumer, "topology.json"),
      readFileSync(join(PROJECT, "examples", "account-grants.json"), "utf8").replace(/"\$schema": "[^"]*",/, ""),
    );
    writeFileSync(join(consumer, "consumer.js"), CONSUMER_JS);
    expect(execFileSync(process.execPath, ["consumer.js"], { cwd: consumer, encoding: "utf8" }).trim()).toBe("audit,shop,billing function");
    expect(readdirSync(join(consumer, "cdktf.out", "stacks")).sort()).toEqual(["audit", "billing", "shop"]);
    const audit = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "audit", "cdk.tf.json"), "utf8"));
    expect(Object.keys(audit.resource)).toContain("aws_cloudwatch_event_bus_policy");

    writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "node16", moduleResolution: "node16", strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ["consumer.ts"],
      }),
    );
    execFileSync(process.execPath, [join(PROJECT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: consumer,
      encoding: "utf8",
    });

    const bin = (name: string, args: string[]) =>
      execFileSync(join(consumer, "node_modules", ".bin", name), args, { cwd: consumer, encoding: "utf8" });
    expect(bin("eventbridge-synth", ["topology.json", "--out", "synth"])).toContain(
      "stack audit: account audit (111111111111); region eu-west-1; 9 resources; synth/stacks/audit/cdk.tf.json",
    );
    expect(bin("eventbridge", ["--help"])).toMatch(/^ {2}simulate /m);
    // The README's last install step prints what npm start printed for the first topology.
    const first = section("## Your first topology");
    writeFileSync(join(consumer, "my-topology.json"), codeBlocks(first, "json")[0]);
    expect(README_STEPS[4]).toBe("npx eventbridge synth my-topology.json --out my-out");
    expect(bin("eventbridge", README_STEPS[4].split(" ").slice(2)).trimEnd().split("\n")).toEqual(transcripts(first)[0].output);
    expect(bin("eventbridge", ["export", "topology.json", "--out", "terraform"])).toContain("terraform/audit/main.tf.json");
    expect(bin("eventbridge", ["verify", "terraform"])).toContain("verify: 3 stacks, 4 targets: 0 errors, 1 warning");
    expect(bin("eventbridge", ["diagram", "terraform", "--out", "drawn"])).toMatch(/^diagram: 3 accounts/);
  }, 180_000);

  /** Synthesizes the default and every example through the installed package; the Terraform of each stack, "//" metadata left out. */
  function synthesizeEvery(consumer: string, packageName: string): Record<string, unknown> {
    const script = `
      const { loadTopology, synthesizeTopology } = require("${packageName}");
      const topologies = ${JSON.stringify(TOPOLOGIES.map((topology) => (topology === "default" ? null : join(PROJECT, topology))))};
      topologies.forEach((file, i) => synthesizeTopology(loadTopology(file ?? undefined), "out-" + i));`;
    execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" });
    const withoutMetadata = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(withoutMetadata)
        : typeof node === "object" && node !== null
          ? Object.fromEntries(
              Object.entries(node)
                .filter(([key]) => key !== "//")
                .map(([key, value]) => [key, withoutMetadata(value)]),
            )
          : node;
    return Object.fromEntries(
      TOPOLOGIES.flatMap((topology, i) =>
        readdirSync(join(consumer, `out-${i}`, "stacks")).map((stack) => [
          `${topology}: ${stack}`,
          withoutMetadata(JSON.parse(readFileSync(join(consumer, `out-${i}`, "stacks", stack, "cdk.tf.json"), "utf8"))),
        ]),
      ),
    );
  }

  test("the CDK Terrain package has the same files and exports, with CDK Terrain's peers", () => {
    expect(tarballFiles(cdktnTarball)).toEqual(tarballFiles(tarball));
    const manifest = JSON.parse(execFileSync("tar", ["xzf", cdktnTarball, "-O", "package/package.json"], { encoding: "utf8" }));
    expect(manifest).toMatchObject({
      name: "cdktn-eventbridge-cross-account",
      version: pkg.version,
      peerDependencies: CDKTN_FLAVOR.peerDependencies,
      bin: pkg.bin,
      exports: pkg.exports,
    });
  });

  test("installed with their own peers, both packages write the same Terraform for the default and every example", () => {
    const cdktf = consumerOf("cdktf-consumer", tarball, CDKTF_PEERS);
    const cdktn = consumerOf("cdktn-consumer", cdktnTarball, ["cdktn", "constructs", "@cdktn/provider-aws"]);
    expect(readdirSync(join(cdktn, "node_modules"))).not.toContain("cdktf");
    const fromCdktf = synthesizeEvery(cdktf, "cdktf-eventbridge-cross-account");
    const fromCdktn = synthesizeEvery(cdktn, "cdktn-eventbridge-cross-account");
    expect(Object.keys(fromCdktf).length).toBeGreaterThan(TOPOLOGIES.length);
    expect(fromCdktn).toEqual(fromCdktf);

    writeFileSync(
      join(cdktn, "consumer.ts"),
      CONSUMER_TS.replace(/from "cdktf"/g, 'from "cdktn"').replace(/cdktf-eventbridge-cross-account/g, "cdktn-eventbridge-cross-account"),
    );
    writeFileSync(
      join(cdktn, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "node16", moduleResolution: "node16", strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ["consumer.ts"],
      }),
    );
    // TypeScript 7 here, TypeScript 5 for the cdktf package's consumer: the declarations read by both.
    execFileSync(process.execPath, [TSC, "-p", "."], { cwd: cdktn, encoding: "utf8" });
    const bin = (args: string[]) =>
      execFileSync(join(cdktn, "node_modules", ".bin", "eventbridge"), args, { cwd: cdktn, encoding: "utf8" });
    expect(bin(["--help"])).toMatch(/^ {2}diagram /m);
    expect(bin(["synth", join(PROJECT, "examples", "account-grants.json"), "--out", "synth"])).toContain(
      "verify: 3 stacks, 4 targets: 0 errors, 1 warning",
    );
    expect(bin(["export", "--format", "hcl", "--out", "terraform"])).toContain("terraform/observability/main.tf");
  }, 240_000);
});
