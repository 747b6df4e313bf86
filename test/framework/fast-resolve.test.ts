import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  App,
  DefaultTokenResolver,
  Fn,
  Lazy,
  Op,
  StringConcat,
  TerraformCount,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object, to swap its export
import tokenResolution = require("cdktf/lib/tokens/private/resolve");
import { resolve as fastResolve } from "../../framework/fast-resolve";
import { resolveTokensFast } from "../../framework/fast-synthesis";
import { synthesizeInto } from "../../stacks/synthesize";
import { loadTopologyFile, parseTopology } from "../../topology/load";
import defaultTopology from "../../topology/default.json";
import { cdktfResolve } from "../support/cdktf-own";
import { PROJECT, TOPOLOGIES } from "../support/project";

type Resolve = typeof tokenResolution.resolve;
const resolution = tokenResolution as { resolve: Resolve };

/** Runs `run` with cdktf resolving tokens through `resolve`, then puts back the one it had. */
function withResolve<T>(resolve: Resolve, run: () => T): T {
  const before = resolution.resolve;
  resolution.resolve = resolve;
  try {
    return run();
  } finally {
    resolution.resolve = before;
  }
}

/** Every file of a synthesized folder, by its relative path. */
function filesOf(dir: string, root = dir): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? Object.entries(filesOf(path, root)) : [[relative(root, path), readFileSync(path, "utf8")]];
    }),
  );
}

/** Synthesizes into a scratch folder with one resolver and returns what was written, or the error thrown. */
function synthFiles(resolve: Resolve, synth: (outdir: string) => void): Record<string, string> | string {
  const outdir = mkdtempSync(join(tmpdir(), "fast-resolve-"));
  try {
    withResolve(resolve, () => synth(outdir));
    return filesOf(outdir);
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A stack with a token of each kind cdktf has, and a reference another stack makes to it (prepared as a cross-stack output). */
function everyKindOfToken(app: App): void {
  const stack = new TerraformStack(app, "tokens");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
  const count = new TerraformVariable(stack, "count", { type: "number", default: 2 });
  const names = new TerraformVariable(stack, "names", { type: "list(string)", default: ["a", "b"] });
  const tags = new TerraformVariable(stack, "tags", { type: "map(string)", default: { team: "x" } });
  const local = new TerraformLocal(stack, "prefix", Fn.join("-", ["p", Token.asString(count.numberValue)]));
  const queue = new SqsQueue(stack, "queue", {
    provider,
    name: `${local.asString}-\${literal}-%{if x}-${Lazy.stringValue({ produce: () => "lazy" })}`,
    delaySeconds: Op.add(count.numberValue, 1),
    maxMessageSize: Lazy.numberValue({ produce: () => 1024 }),
    tags: Token.asStringMap(tags.value),
    policy: Fn.jsonencode({ Statement: [{ Resource: names.listValue, Condition: { Count: count.numberValue } }] }),
    count: TerraformCount.of(count.numberValue),
  });
  queue.addOverride("visibility_timeout_seconds", Fn.max([count.numberValue, 30]));
  const iterator = TerraformIterator.fromList(names.listValue);
  new IamRole(stack, "role", {
    provider,
    name: Fn.conditional(Op.gt(count.numberValue, 1), "many", "one"),
    assumeRolePolicy: Fn.jsonencode({ Version: "2012-10-17", Statement: [] }),
    inlinePolicy: iterator.dynamic({ name: iterator.value, policy: Fn.jsonencode({ Name: iterator.value }) }),
    managedPolicyArns: Token.asList(Lazy.listValue({ produce: () => ["arn:aws:iam::aws:policy/x"] })),
    dependsOn: [queue],
    lifecycle: { ignoreChanges: ["tags"] },
  });
  new TerraformOutput(stack, "queue-arns", { value: Fn.element(queue.fqn, 0), sensitive: true });
  const other = new TerraformStack(app, "other");
  new SqsQueue(other, "copy", { provider: new AwsProvider(other, "aws", { region: "us-east-1" }), name: Token.asString(queue.url) });
}

describe("fast token resolution", () => {
  test.each(TOPOLOGIES)("%s: every file synthesized is the same as with cdktf's own resolve", (topology) => {
    const resolved = topology === "default" ? parseTopology(defaultTopology) : loadTopologyFile(join(PROJECT, topology));
    const synth = (outdir: string) => void synthesizeInto(resolved, outdir, { outputName: "out" });
    const ours = synthFiles(fastResolve, synth);
    expect(typeof ours).toBe("object");
    expect(ours).toEqual(synthFiles(cdktfResolve, synth));
  });

  test("every kind of token resolves as cdktf resolves it, cross-stack references included", () => {
    const synth = (outdir: string) => {
      const app = new App({ outdir, stackTraces: false });
      everyKindOfToken(app);
      app.synth();
    };
    const ours = synthFiles(fastResolve, synth) as Record<string, string>;
    expect(ours["stacks/other/cdk.tf.json"]).toContain("terraform_remote_state");
    expect(ours["stacks/tokens/cdk.tf.json"]).toContain("dynamic");
    expect(ours).toEqual(synthFiles(cdktfResolve, synth));
  });

  // An App makes its output folder at once: give it a scratch one, never the project's cdktf.out.
  const scratch = mkdtempSync(join(tmpdir(), "eventbridge-resolve-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const scope = new Construct(new App({ outdir: scratch }), "scope");
  const resolver = new DefaultTokenResolver(new StringConcat());
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const listToken = Token.asList(Lazy.listValue({ produce: () => ["a"] }));
  test.each<[string, unknown]>([
    ["plain values", { a: [1, undefined, "1e5", true, null, new Date(0), { b: [] }, -1e300, NaN], c: undefined, "key-e": "1e+5 -2.5e+10" }],
    ["a token as a key", { [Token.asString(Lazy.stringValue({ produce: () => "k" }))]: Lazy.anyValue({ produce: () => [{ x: 1 }] }) }],
    [
      "a number token in a string",
      `n=${Token.asString(Lazy.numberValue({ produce: () => 3 }))} ${Token.asNumber(Lazy.numberValue({ produce: () => 4 }))}`,
    ],
    ["a function", { a: { f: () => 1 } }],
    ["a construct, walked to the depth limit", { a: [scope] }],
    ["a cycle", cyclic],
    ["a list token in a string", { a: `x${listToken[0]}` }],
    ["a key that is not a string", { [Token.asString(Lazy.anyValue({ produce: () => 5 }))]: "v" }],
  ])("%s: the same value or the same error", (_, value) => {
    const run = (resolve: Resolve) =>
      withResolve(resolve, () => {
        try {
          return { value: Tokenization.resolve(value, { scope, preparing: false, resolver }) };
        } catch (error) {
          return { error: (error as Error).message };
        }
      });
    expect(run(fastResolve)).toEqual(run(cdktfResolve));
  });

  test("the app replaces cdktf's resolve through the module cdktf calls it by (fails if an upgrade moves it)", () => {
    expect(cdktfResolve).not.toBe(fastResolve);
    withResolve(cdktfResolve, () => {
      resolveTokensFast();
      expect(resolution.resolve).toBe(fastResolve);
      const lazy = Lazy.stringValue({ produce: () => "b" });
      expect(Tokenization.resolve({ a: lazy }, { scope, preparing: false, resolver })).toEqual({ a: "b" });
    });
  });
});
