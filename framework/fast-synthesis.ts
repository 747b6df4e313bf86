// The module object itself, not an import namespace, so its export can be replaced.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import namespace is read-only
import tokenStackTraces = require("cdktf/lib/tokens/private/stack-trace");

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
