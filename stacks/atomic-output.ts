import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Fills a staging folder beside `target` and swaps it in only when `fill` succeeds, so a failure
 * leaves the previous output exactly as it was and no file of an earlier run stays behind.
 */
export function replaceFolder<T>(target: string, fill: (staging: string) => T): T {
  const folder = resolve(target);
  const staging = `${folder}.staging-${process.pid}`;
  const retired = `${folder}.retired-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(folder), { recursive: true });
  try {
    const result = fill(staging);
    if (existsSync(folder)) renameSync(folder, retired);
    renameSync(staging, folder);
    rmSync(retired, { recursive: true, force: true });
    return result;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
