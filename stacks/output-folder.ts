/**
 * Output folders of this tool: written whole or not at all, and never a file it did not write lost.
 *
 * A run fills a staging folder beside the target, then swaps it in with two renames; files that are
 * not the tool's (a pipeline's `.terraform/`, `.terraform.lock.hcl`, `backend_override.tf`) move from
 * the previous output into the new one, and only the previous output's own files are removed. A marker
 * file lists what the tool wrote, so a folder without it is never touched. A lock file beside the
 * target lets one run at a time write it; a run killed half-way is finished or undone by the next.
 */
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

/** The marker: what this tool wrote into an output folder. */
export const OUTPUT_MARKER = ".eventbridge-output.json";
const GENERATOR = "eventbridge-cross-account";

export type OutputKind = "synth" | "export" | "diagram" | "package";

/** What the diagram command wrote before it kept a marker. */
const DIAGRAM_FILES = ["topology.md", "topology.svg"];

export interface OutputFolderOptions {
  /** What fills the folder, recorded in the marker; no default. */
  readonly kind: OutputKind;
  /** The folder as the user named it, for messages; default the resolved path. */
  readonly given?: string;
  /** Files whose folders (and their parents) may never be an output, such as the topology file; default none. */
  readonly protectedFiles?: readonly string[];
  /** Keep the emptied folders of the previous output (the cdktf CLI removes orphaned stack folders itself); default false. */
  readonly keepEmptiedFolders?: boolean;
}

interface Marker {
  readonly generator: string;
  readonly kind: OutputKind;
  readonly files: readonly string[];
}

/** An output folder the tool will not write: the message names the folder, the reason and the way out. */
export class OutputFolderError extends Error {
  constructor(given: string, reason: string) {
    super(`--out ${JSON.stringify(given)}: ${reason}`);
    this.name = "OutputFolderError";
  }
}

/** This package's own root: the folder holding its package.json. */
const PACKAGE_ROOT = resolve(__dirname, existsSync(resolve(__dirname, "..", "package.json")) ? ".." : "../..");

const isSameOrAncestor = (folder: string, of: string) => of === folder || of.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** Why a folder may never be an output, whatever it holds. */
function forbiddenReason(folder: string, protectedFiles: readonly string[]): string | undefined {
  if (isSameOrAncestor(folder, process.cwd())) return "is the current folder or one of its parents, never an output folder";
  if (isSameOrAncestor(folder, PACKAGE_ROOT)) return "holds this project's own files, never an output folder";
  if (isSameOrAncestor(folder, homedir())) return "is a home folder or one of its parents, never an output folder";
  const file = protectedFiles.find((path) => isSameOrAncestor(folder, resolve(path)));
  if (file) return `holds the topology file ${basename(file)}, never an output folder`;
  return undefined;
}

function walkFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? walkFiles(root, path) : [relative(root, path).split(sep).join("/")];
  });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The files of an earlier output: from its marker, or for an output of release 0.4 and earlier (no
 * marker) from cdktf's manifest.json, the export's stacks.json or the diagram's two files; undefined
 * when it is not ours.
 */
function ownedFiles(folder: string): Set<string> | undefined {
  const marker = readJson(join(folder, OUTPUT_MARKER)) as Marker | undefined;
  if (marker?.generator === GENERATOR && Array.isArray(marker.files)) return new Set([OUTPUT_MARKER, ...marker.files]);
  const manifest = readJson(join(folder, "manifest.json")) as { stacks?: Record<string, { synthesizedStackPath?: unknown }> } | undefined;
  const synthesized = Object.values(manifest?.stacks ?? {}).map((stack) => stack.synthesizedStackPath);
  if (synthesized.length > 0 && synthesized.every((path) => typeof path === "string")) {
    return new Set(["manifest.json", ...(synthesized as string[]).map((path) => path.replace(/^\.\//, ""))]);
  }
  const entries = readdirSync(folder);
  if (entries.length > 0 && entries.every((entry) => DIAGRAM_FILES.includes(entry))) return new Set(entries);
  const order = readJson(join(folder, "stacks.json")) as { stacks?: { name?: unknown; file?: unknown }[] } | undefined;
  const exported = order?.stacks ?? [];
  if (exported.length > 0 && exported.every((stack) => typeof stack.name === "string" && typeof stack.file === "string")) {
    return new Set(["README.md", "stacks.json", ...exported.flatMap((stack) => [stack.file as string, `${stack.name}/README.md`])]);
  }
  return undefined;
}

/** Where a run keeps its lock, staging and retired folders: beside the target, named after it. */
function siblings(folder: string) {
  const base = join(dirname(folder), `.${basename(folder)}.eventbridge`);
  return { lock: `${base}-lock`, staging: `${base}-staging`, retired: `${base}-retired` };
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Links `file` in as the lock; false when a lock is there already. */
function linkLock(file: string, lock: string): boolean {
  try {
    linkSync(file, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Creates the lock with this process's ID already in it: written to a file of its own, then linked
 * into place, so another run never reads it empty (and takes it for a dead run's). Where hard links
 * are not supported, an exclusive create.
 */
function createLock(lock: string): boolean {
  const own = `${lock}.${process.pid}`;
  writeFileSync(own, `${process.pid}\n`);
  try {
    return linkLock(own, lock);
  } catch {
    return createExclusive(lock);
  } finally {
    unlinkSync(own);
  }
}

function createExclusive(lock: string): boolean {
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** The process ID in a lock file; undefined when the file is gone. */
function lockHolder(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, "utf8"), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Moves a dead run's lock aside (of runs that try at once, one wins the rename); puts it back if it
 * was another run's fresh lock by then.
 */
function removeStaleLock(lock: string, holder: number): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (!Object.is(lockHolder(aside), holder)) linkLock(aside, lock);
  rmSync(aside, { force: true });
}

/** One writer per output folder: a lock file holding the writer's process ID. True when it takes over from a run that died. */
function acquireLock(lock: string, given: string): boolean {
  let takenOver = false;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (createLock(lock)) return takenOver;
    const holder = lockHolder(lock);
    if (holder === undefined) continue;
    if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
      throw new OutputFolderError(given, `another run (process ${holder}) is writing this folder; run again when it has ended`);
    }
    removeStaleLock(lock, holder);
    takenOver = true;
  }
  throw new OutputFolderError(given, `other runs kept taking its lock ${basename(lock)}; run again`);
}

/** Moves every file of `from` that is not in `owned` to the same place in `to`; returns what it could not move. */
function moveForeignFiles(from: string, to: string, owned: ReadonlySet<string>): string[] {
  const left: string[] = [];
  for (const file of walkFiles(from).filter((path) => !owned.has(path))) {
    const destination = join(to, file);
    if (existsSync(destination)) left.push(file);
    else {
      mkdirSync(dirname(destination), { recursive: true });
      renameSync(join(from, file), destination);
    }
  }
  return left;
}

/** Removes the folders left empty under `folder`, and `folder` itself when it is empty then; rmdir never removes a file. */
function removeEmptyFolders(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyFolders(join(folder, entry.name));
  if (readdirSync(folder).length === 0) rmdirSync(folder);
}

/**
 * Removes the retired output: every file that is not the tool's moves into the new output first,
 * then only the files its marker lists are deleted, one by one, and the folders they leave empty.
 */
function removeRetired(retired: string, folder: string, keepEmptiedFolders: boolean): void {
  const owned = ownedFiles(retired) ?? new Set<string>();
  const left = moveForeignFiles(retired, folder, owned);
  if (left.length > 0) throw new Error(`${retired}: files of yours were left here (${left.join(", ")}); move them back into ${folder}`);
  for (const file of owned) {
    if (!existsSync(join(retired, file))) continue;
    if (keepEmptiedFolders && file.includes("/")) mkdirSync(join(folder, dirname(file)), { recursive: true });
    unlinkSync(join(retired, file));
  }
  removeEmptyFolders(retired);
}

/** A staging folder is the tool's only while it holds the marker written when it was made. */
function createStaging(staging: string, given: string, kind: OutputKind): void {
  removeStaging(staging, given);
  mkdirSync(staging);
  writeFileSync(join(staging, OUTPUT_MARKER), `${JSON.stringify({ generator: GENERATOR, kind, files: [] }, null, 2)}\n`);
}

/** Removes a staging folder of this tool (everything in it was written by this tool's run); refuses any other. */
function removeStaging(staging: string, given: string): void {
  if (!existsSync(staging)) return;
  if (!ownedFiles(staging)) {
    throw new OutputFolderError(given, `${basename(staging)} beside it holds files this tool did not write; move it away and run again`);
  }
  rmSync(staging, { recursive: true, force: true });
}

/** Finishes or undoes the swap of a run that was killed: the target is left old or new, never half. */
function recover(folder: string, given: string, keepEmptiedFolders: boolean): void {
  const { staging, retired } = siblings(folder);
  if (existsSync(retired)) {
    if (!existsSync(folder)) renameSync(retired, folder);
    else removeRetired(retired, folder, keepEmptiedFolders);
  }
  removeStaging(staging, given);
}

/** Refuses a folder the tool did not write; returns the files it did write there before, if any. */
function checkTarget(folder: string, given: string, protectedFiles: readonly string[]): Set<string> | undefined {
  const forbidden = forbiddenReason(folder, protectedFiles);
  if (forbidden) throw new OutputFolderError(given, forbidden);
  if (!existsSync(folder)) return undefined;
  if (!lstatSync(folder).isDirectory()) throw new OutputFolderError(given, "is a file, not a folder; nothing was changed");
  const owned = ownedFiles(folder);
  if (!owned && readdirSync(folder).length > 0) {
    throw new OutputFolderError(
      given,
      `holds files this tool did not write (it has no ${OUTPUT_MARKER}); nothing was changed: choose a new folder or an earlier ` +
        `output of this tool`,
    );
  }
  return owned;
}

/**
 * Writes an output folder through `fill` (which writes into the staging folder it is given) and
 * swaps it in only when `fill` succeeds. Refuses folders the tool did not write, keeps every file
 * it did not write, and removes only its own stale files.
 */
export function replaceOutputFolder<T>(target: string, options: OutputFolderOptions, fill: (staging: string) => T): T {
  const folder = resolve(target);
  const given = options.given ?? target;
  const keep = options.keepEmptiedFolders ?? false;
  checkTarget(folder, given, options.protectedFiles ?? []);
  mkdirSync(dirname(folder), { recursive: true });
  const { lock, staging, retired } = siblings(folder);
  const takenOver = acquireLock(lock, given);
  let staged = false;
  try {
    if (takenOver) recover(folder, given, keep);
    const owned = checkTarget(folder, given, options.protectedFiles ?? []);
    createStaging(staging, given, options.kind);
    staged = true;
    const result = fill(staging);
    const files = walkFiles(staging)
      .filter((file) => file !== OUTPUT_MARKER)
      .sort();
    const clash = existsSync(folder) ? files.find((file) => existsSync(join(folder, file)) && !owned?.has(file)) : undefined;
    if (clash) throw new OutputFolderError(given, `would overwrite ${clash}, which this tool did not write; nothing was changed`);
    writeFileSync(join(staging, OUTPUT_MARKER), `${JSON.stringify({ generator: GENERATOR, kind: options.kind, files }, null, 2)}\n`);
    if (existsSync(folder)) {
      renameSync(folder, retired);
      renameSync(staging, folder);
      removeRetired(retired, folder, keep);
    } else renameSync(staging, folder);
    return result;
  } finally {
    // Only the staging folder this run made, if a failure left it; the lock file is this run's own.
    if (staged && existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}
