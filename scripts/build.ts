/** `npm run build`: compiles the package into dist/, first removing only the files the previous build wrote there. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { TSC } from "./compiler";

const PROJECT = join(__dirname, "..");
const DIST = join(PROJECT, "dist");
/** The files the last build emitted, relative to dist/: kept outside it, so the package never ships the list. */
const EMITTED = join(PROJECT, "node_modules", ".cache", "eventbridge-build-files.json");

/** Removes what the last build wrote (a file renamed or deleted since must not ship), and the folders that emptied. */
function removePreviousBuild(): void {
  if (!existsSync(EMITTED)) return;
  const files = JSON.parse(readFileSync(EMITTED, "utf8")) as string[];
  for (const file of files) if (existsSync(join(DIST, file))) unlinkSync(join(DIST, file));
  const folders = [...new Set(files.map((file) => dirname(join(DIST, file))))].sort((a, b) => b.length - a.length);
  for (const folder of folders) if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
}

function build(): void {
  removePreviousBuild();
  const output = execFileSync(process.execPath, [TSC, "-p", "tsconfig.build.json", "--listEmittedFiles"], {
    cwd: PROJECT,
    encoding: "utf8",
  });
  const emitted = output
    .split("\n")
    .filter((line) => line.startsWith("TSFILE: "))
    .map((line) => relative(DIST, line.slice("TSFILE: ".length).trim()));
  mkdirSync(dirname(EMITTED), { recursive: true });
  writeFileSync(EMITTED, `${JSON.stringify(emitted, null, 2)}\n`);
}

build();
