/** What the app process changes in cdktf to synthesize faster; library users of the constructs are not affected. */
// The module objects themselves, not import namespaces, so their exports can be replaced.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import namespace is read-only
import tokenStackTraces = require("cdktf/lib/tokens/private/stack-trace");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import namespace is read-only
import tokenResolution = require("cdktf/lib/tokens/private/resolve");
import { resolve } from "./fast-resolve";

/**
 * Speeds up synthesis in the app process; library users of the constructs are not affected.
 *
 * cdktf captures a full stack trace for every token it creates (tens of thousands for a large
 * topology) only to print it if that token later fails to resolve, and tsx maps each trace through
 * source maps. That is about half the CPU time and a third of the memory of synthesizing 1,000
 * accounts. Our input errors carry their own field paths, so the app keeps neither.
 * Relies on a private cdktf module (CDK Terrain has the same one, and an environment switch):
 * test/framework/fast-synthesis.test.ts fails if an upgrade moves it.
 */
export function skipTokenStackTraces(): void {
  process.setSourceMapsEnabled(false);
  (tokenStackTraces as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
  // CDK Terrain records a token's creation stack through its own function, with a switch to skip it.
  process.env.CDKTN_DISABLE_CREATION_STACK = "true";
}

/**
 * Resolves tokens with fast-resolve.ts instead of cdktf's own function: the same output and errors,
 * in about a third of the time, with far less garbage. Relies on the private module
 * cdktf/lib/tokens/private/resolve (CDK Terrain's is the same file), called through its exports:
 * test/framework/fast-resolve.test.ts fails if an upgrade moves it or changes what it returns.
 */
export function resolveTokensFast(): void {
  (tokenResolution as { resolve: typeof resolve }).resolve = resolve;
}

/** Everything above: what the app does before it synthesizes. */
export function speedUpSynthesis(): void {
  skipTokenStackTraces();
  resolveTokensFast();
}
