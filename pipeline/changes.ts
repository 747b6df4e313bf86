/** What changed since an earlier export: each stack's Terraform digest, compared by stack name. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TOPOLOGY_NAME } from "../modules/limits";
import { STACKS_FILE } from "./apply-order";

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const DIGEST_RULE = 'a digest is "sha256:" and 64 lowercase hex digits';

/** The digest of a file as written: `sha256sum` of the same file prints the same hex. */
export const digestOf = (text: string | Buffer) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** A folder that is not an earlier export to compare with: the message names the folder, the field, the value and the rule. */
export class ChangedSinceError extends Error {
  constructor(given: string, reason: string) {
    super(`--changed-since ${JSON.stringify(given)}: ${reason}`);
    this.name = "ChangedSinceError";
  }
}

/** An earlier export, as its stacks.json records it. */
export interface PreviousExport {
  /** Digest of its stacks.json, bytes as read: names the baseline without naming a machine path. */
  readonly digest: string;
  /** Each stack's digest, by name, in the order stacks.json lists them. */
  readonly stacks: ReadonlyMap<string, string>;
}

/** What changed between an earlier export and this one. */
export interface Changes {
  /** Digest of the earlier export's stacks.json. */
  readonly since: string;
  /** Stacks that are new, or whose digest differs. */
  readonly changed: ReadonlySet<string>;
  /** Stacks of the earlier export this one no longer has: their resources stay until destroyed. */
  readonly removed: readonly string[];
}

const invalid = (field: string, value: unknown, rule: string) => `${STACKS_FILE}: ${field}: ${JSON.stringify(value)} is invalid: ${rule}`;

/** Reads the stacks.json of an earlier export; refuses a folder that is none, or an export that recorded no digests. */
export function readPreviousExport(folder: string, given: string): PreviousExport {
  const file = join(folder, STACKS_FILE);
  if (!existsSync(file)) throw new ChangedSinceError(given, `has no ${STACKS_FILE}: give the folder of an earlier export`);
  const bytes = readFileSync(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ChangedSinceError(given, `${STACKS_FILE} is not JSON (${(error as Error).message})`);
  }
  const listed = (parsed as { stacks?: unknown } | null)?.stacks;
  if (!Array.isArray(listed) || listed.length === 0) {
    throw new ChangedSinceError(given, invalid("stacks", listed, "an export lists its stacks in a non-empty array"));
  }
  const stacks = new Map<string, string>();
  listed.forEach((stack: { name?: unknown; digest?: unknown } | null, i) => {
    // Removed stacks are named in the pipeline files: only names an export can have reach them.
    if (typeof stack?.name !== "string" || !TOPOLOGY_NAME.pattern.test(stack.name)) {
      throw new ChangedSinceError(given, invalid(`stacks[${i}].name`, stack?.name, `a stack is named as ${TOPOLOGY_NAME.rule}`));
    }
    if (typeof stack.digest !== "string" || !DIGEST.test(stack.digest)) {
      throw new ChangedSinceError(
        given,
        invalid(`stacks[${i}].digest`, stack.digest, `${DIGEST_RULE} (exports before 0.6.0 record none: export that topology again first)`),
      );
    }
    stacks.set(stack.name, stack.digest);
  });
  return { digest: digestOf(bytes), stacks };
}

/** A stack changed when it is new or its Terraform differs; a stack the earlier export had and this one lacks is removed. */
export function changesSince(previous: PreviousExport, stacks: readonly { name: string; digest: string }[]): Changes {
  const names = new Set(stacks.map((stack) => stack.name));
  return {
    since: previous.digest,
    changed: new Set(stacks.filter((stack) => previous.stacks.get(stack.name) !== stack.digest).map((stack) => stack.name)),
    removed: [...previous.stacks.keys()].filter((name) => !names.has(name)),
  };
}

/** The contract line: `changed: a, b` or `changed: none` (and the same for `removed:`). */
export const listLine = (label: "changed" | "removed", names: readonly string[]) =>
  `${label}: ${names.length > 0 ? names.join(", ") : "none"}`;
