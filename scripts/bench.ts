/** `npm run bench`: synthesis, start and analysis timings of generated topologies. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { synth } from "../cli/synth";
import { TopologyInput } from "../topology/load";

/** Sender counts measured by `npm run bench`, each in a fresh process so peak RSS is its own. */
const SIZES = [1, 100, 1_000, 10_000];
/** The size whose line also gives floor_ratio: its time over bare cdktf's writing the same sender stacks (bench-floor.ts). */
const FLOOR_SIZE = 1_000;
/** Senders of the topology `npm run bench:analysis` verifies and simulates. */
const ANALYSIS_SIZE = 1_000;
/** Senders per receiver rule: 100 account IDs keep the rendered pattern under 2,048 characters. */
const SENDERS_PER_RULE = 100;
const ORGANIZATION = "o-benchorg0001";
const RECEIVER_ID = 100_000_000_000;
const FIRST_SENDER_ID = 200_000_000_000;

const PROJECT = join(__dirname, "..");
const MAIN = join(PROJECT, "main.ts");
const FLOOR = join(__dirname, "bench-floor.ts");
const RSS_MARK = "bench-peak-rss-kb=";

const credentials = (id: string) => ({ assumeRole: { roleArn: `arn:aws:iam::${id}:role/terraform-deployer` } });

/**
 * A per-account topology of one receiver ("hub", custom bus, one organization grant) and `senders`
 * sender accounts in that organization, each forwarding one rule with a role. The receiver has one
 * rule per 100 senders, all delivering to one log group.
 */
export function benchTopology(senders: number): TopologyInput {
  const hubId = String(RECEIVER_ID);
  const names = Array.from({ length: senders }, (_, i) => `sender-${i + 1}`);
  const rules: NonNullable<TopologyInput["receivers"][number]["rules"]> = [];
  for (let start = 0; start < names.length; start += SENDERS_PER_RULE) {
    rules.push({
      name: `from-senders-${rules.length + 1}`,
      pattern: { source: [{ prefix: "com.bench." }] },
      senders: names.slice(start, start + SENDERS_PER_RULE),
      targets: ["hub-log"],
    });
  }
  return {
    name: "bench",
    state: { layout: "per-account" },
    accounts: [
      { name: "hub", id: hubId, organization: ORGANIZATION, credentials: credentials(hubId) },
      ...names.map((name, i) => {
        const id = String(FIRST_SENDER_ID + i + 1);
        return { name, id, organization: ORGANIZATION, credentials: credentials(id) };
      }),
    ],
    receivers: [
      {
        name: "hub",
        account: "hub",
        region: "us-east-1",
        bus: { name: "hub-events" },
        grants: [{ organization: ORGANIZATION }],
        targets: [{ id: "hub-log", type: "logGroup", name: "/aws/events/hub" }],
        rules,
      },
    ],
    senders: names.map((name) => ({
      account: name,
      region: "us-east-1",
      forwards: [{ name: "to-hub", pattern: { source: [{ prefix: "com.bench." }] }, to: ["hub"], role: true }],
    })),
  };
}

/**
 * In the child: run main.ts exactly as `npm start -- <file> --out <dir>` does, and report the
 * process's peak RSS on stderr when it exits.
 */
function runChild(file: string, outdir: string): void {
  process.on("exit", () => process.stderr.write(`${RSS_MARK}${process.resourceUsage().maxRSS}\n`));
  process.exitCode = synth([file, "--out", outdir]);
}

/** A TypeScript program run in a fresh process in the project, timed from spawn to exit. */
function runTimed(args: readonly string[]) {
  const started = performance.now();
  // A line per stack: 10,000 stacks print more than spawnSync's default 1 MB, which would kill the child.
  const child = spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: PROJECT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { child, wallMs: Math.round(performance.now() - started) };
}

/**
 * Runs `measure` in a folder this run makes inside the project (writing there as users do) and
 * removes only that folder afterwards, never one it did not make.
 */
function inBenchFolder<T>(measure: (folder: string) => T): T {
  const made = mkdtempSync(join(PROJECT, ".bench-"));
  try {
    return measure(basename(made));
  } finally {
    rmSync(made, { recursive: true, force: true });
  }
}

/** The bare cdktf program writing `senders` sender stacks, timed like ours. */
function measureFloor(senders: number, folder: string): number {
  const { child, wallMs } = runTimed([FLOOR, String(senders), join(folder, `floor-${senders}`)]);
  if (child.status !== 0) throw new Error(`floor: the bare cdktf program failed (exit ${child.status}):\n${child.stderr.trim()}`);
  return wallMs;
}

/** In the parent: one child for a size, timed from spawn to exit, writing inside the project as users do. */
function measure(senders: number, folder: string): string {
  const file = join(folder, `topology-${senders}.json`);
  writeFileSync(join(PROJECT, file), JSON.stringify(benchTopology(senders)));
  const { child, wallMs } = runTimed([__filename, "--child", file, "--out", join(folder, `out-${senders}`)]);
  const stacks = child.stdout.split("\n").filter((line) => line.startsWith("stack "));
  const resources = stacks.reduce((sum, line) => sum + Number(/; (\d+) resources;/.exec(line)?.[1]), 0);
  const rssKb = Number(child.stderr.split(RSS_MARK)[1]);
  if (child.status !== 0 || stacks.length === 0 || !rssKb) {
    const exit = child.error?.message ?? `exit ${child.status ?? child.signal}`;
    throw new Error(`senders=${senders}: synthesis failed (${exit}):\n${child.stderr.split(RSS_MARK)[0].trim()}`);
  }
  const rssMb = Math.round(rssKb / 1024);
  const line = `senders=${senders} stacks=${stacks.length} resources=${resources} wall_ms=${wallMs} peak_rss_mb=${rssMb}`;
  return senders === FLOOR_SIZE ? `${line} floor_ratio=${(wallMs / measureFloor(senders, folder)).toFixed(2)}` : line;
}

/**
 * Prints a line per size as it is measured; the outputs are removed only at the end: on ext4, removing thousands of files makes
 * creating files in the next seconds slower (it skips recently freed inodes), which would be timed
 * as the next size's synthesis.
 */
function measureSizes(): void {
  inBenchFolder((folder) => {
    for (const senders of SIZES) console.log(measure(senders, folder));
  });
}

/** `npm start` on the embedded default, end to end through npm, as a user runs it: the median of five runs. */
function measureStart(): string {
  return inBenchFolder((folder) => {
    const out = join(folder, "start");
    const runs = Array.from({ length: 5 }, () => {
      const started = performance.now();
      const run = spawnSync("npm", ["start", "--silent", "--", "--out", out], { cwd: PROJECT, encoding: "utf8" });
      if (run.status !== 0) throw new Error(`npm start failed (exit ${run.status}):\n${run.stderr}`);
      return performance.now() - started;
    }).sort((a, b) => a - b);
    return `npm_start_default wall_ms=${Math.round(runs[2])}`;
  });
}

/**
 * verify and simulate on the 1,000-sender topology, each a fresh process timed end to end, as a
 * user runs them after `npm start`.
 */
function measureAnalysis(): string[] {
  return inBenchFolder((folder) => {
    const work = join(PROJECT, folder);
    const senders = ANALYSIS_SIZE;
    writeFileSync(join(work, "topology.json"), JSON.stringify(benchTopology(senders)));
    writeFileSync(join(work, "event.json"), JSON.stringify({ source: "com.bench.orders", "detail-type": "Bench", detail: {} }));
    const synth = spawnSync(process.execPath, ["--import", "tsx", MAIN, join(folder, "topology.json"), "--out", join(folder, "out")], {
      cwd: PROJECT,
      encoding: "utf8",
    });
    if (synth.status !== 0) throw new Error(`synthesis failed:\n${synth.stderr}`);
    const timed = (name: string, args: string[]) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT, "cli", `${name}.ts`), ...args], {
        cwd: PROJECT,
        encoding: "utf8",
      });
      const wallMs = Math.round(performance.now() - started);
      if (run.status !== 0) throw new Error(`${name} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
      return `${name} senders=${senders} wall_ms=${wallMs}`;
    };
    const hubLog = `arn:aws:logs:us-east-1:${RECEIVER_ID}:log-group:/aws/events/hub`;
    return [
      timed("verify", [join(folder, "out")]),
      timed("simulate", [
        "--dir",
        join(folder, "out"),
        "--event",
        join(folder, "event.json"),
        "--account",
        String(FIRST_SENDER_ID + 1),
        "--expect",
        hubLog,
      ]),
    ];
  });
}

if (require.main === module) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { child: { type: "string" }, out: { type: "string" }, start: { type: "boolean" }, analysis: { type: "boolean" } },
  });
  if (values.child !== undefined && values.out !== undefined) {
    runChild(values.child, values.out);
  } else if (values.start) {
    console.log(measureStart());
  } else if (values.analysis) {
    for (const line of measureAnalysis()) console.log(line);
  } else {
    try {
      measureSizes();
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    }
  }
}
