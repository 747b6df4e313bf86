/**
 * cdktf's token resolution (cdktf/lib/tokens/private/resolve.js) with the same results and errors,
 * allocating only where a token is.
 *
 * cdktf walks every value of every resource two or three times per synthesis, and for each one
 * makes a resolution context (an object, three closures, a copy of its options and of its key path)
 * whether or not the value holds a token: three fifths of the time of synthesizing thousands of
 * accounts. Here a plain value costs a key-path link; a context is made, exactly as cdktf makes it,
 * only for a token, and the key path is only turned into an array for a context or an error.
 * test/framework/fast-resolve.test.ts checks it against cdktf's own on every example and on each kind of token.
 */
import { IPostProcessor, IResolveContext, StringConcat, Token, Tokenization } from "cdktf";
// The private modules themselves: the app replaces one export (see fast-synthesis.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import namespace is read-only
import resolveModule = require("cdktf/lib/tokens/private/resolve");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- private module, no ES export map
import encoding = require("cdktf/lib/tokens/private/encoding");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- private module, no ES export map
import tokenMapModule = require("cdktf/lib/tokens/private/token-map");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- private module, no ES export map
import errors = require("cdktf/lib/errors");

type ResolveOptions = resolveModule.IResolveOptions;
/** What a nested resolution reads of the context it was made in. */
type Inherited = Pick<IResolveContext, "suppressBraces" | "ignoreEscapes" | "warnEscapes" | "iteratorContext">;

const { TokenString, BEGIN_STRING_TOKEN_MARKER, BEGIN_LIST_TOKEN_MARKER, BEGIN_MAP_TOKEN_MARKER } = encoding;
const tokenMap = tokenMapModule.TokenMap.instance();
/**
 * cdktf encodes a number token as a double whose top 16 bits are its marker (0xfdff, or 0xfbff in a
 * list): about -8e298 and -2e289. Any number above this bound is itself, and its string has no "e+".
 */
const NUMBER_TOKENS_BELOW = -1e288;
/** cdktf's depth limit against cyclic references. */
const MAX_DEPTH = 200;

/**
 * cdktf makes a fresh context per nested value only to hand the next level these four flags, copied
 * from the context it is in; nothing else sees it. A copy is enough, and a copy of a copy is the copy.
 */
class Flags implements Inherited {
  readonly suppressBraces?: boolean;
  readonly ignoreEscapes?: boolean;
  readonly warnEscapes?: boolean;
  readonly iteratorContext?: Inherited["iteratorContext"];
  constructor(from: Inherited | undefined) {
    this.suppressBraces = from?.suppressBraces;
    this.ignoreEscapes = from?.ignoreEscapes;
    this.warnEscapes = from?.warnEscapes;
    this.iteratorContext = from?.iteratorContext;
  }
}
const flagsOf = (previous: Inherited | undefined): Flags => (previous instanceof Flags ? previous : new Flags(previous));

/** The key path of a value: the caller's prefix and the keys walked since, as links. */
class Path {
  constructor(
    readonly depth: number,
    readonly parent?: Path,
    readonly key?: string,
    readonly base?: string[],
  ) {}
  child(key: string): Path {
    return new Path(this.depth + 1, this, key);
  }
  /** cdktf's prefix array: the caller's own (possibly undefined) at the top, copies below. */
  prefix(): string[] | undefined {
    return this.parent === undefined ? this.base : [...(this.parent.prefix() ?? []), this.key as string];
  }
  name(): string {
    return "/" + (this.prefix() ?? []).join("/");
  }
}

interface Level {
  readonly options: ResolveOptions;
  readonly path: Path;
  readonly previous?: Inherited;
}

/** cdktf's makeContext, made only when a token needs it. */
function makeContext({ options, path, previous }: Level, appendPath?: string): [IResolveContext, IPostProcessor] {
  const newPrefix = appendPath !== undefined ? [...(path.prefix() ?? []), appendPath] : path.prefix();
  let postProcessor: IPostProcessor | undefined;
  const context: IResolveContext = {
    preparing: options.preparing,
    scope: options.scope,
    suppressBraces: previous?.suppressBraces,
    ignoreEscapes: previous?.ignoreEscapes,
    warnEscapes: previous?.warnEscapes,
    iteratorContext: previous?.iteratorContext,
    registerPostProcessor(pp) {
      postProcessor = pp;
    },
    resolve(x) {
      return resolve(x, { ...options, prefix: newPrefix, previousContext: context });
    },
  };
  return [context, { postProcess: (x) => (postProcessor ? postProcessor.postProcess(x, context) : x) }];
}

/** Drop-in for cdktf's resolve(obj, options). */
export function resolve(obj: unknown, options: ResolveOptions): unknown {
  const path = new Path((options.prefix ?? []).length, undefined, undefined, options.prefix);
  return resolveValue(obj, { options, path, previous: options.previousContext });
}

function resolveValue(obj: unknown, level: Level): unknown {
  if (level.path.depth > MAX_DEPTH) throw errors.unableToResolveCircularReference(level.path.name());
  if (obj === undefined) return undefined;
  if (obj === null) return null;
  if (typeof obj === "function") throw errors.cannotResolveFunction(level.path.name(), obj);
  if (typeof obj === "string") return resolveString(obj, level);
  if (typeof obj === "number") {
    if (obj === Token.NUMBER_MAP_TOKEN_VALUE) throw errors.encodedMapTokenInScalarNumberContext();
    const token = obj < NUMBER_TOKENS_BELOW ? tokenMap.lookupNumberToken(obj) : undefined;
    return token === undefined ? obj : makeContext(level)[0].resolve(token);
  }
  if (typeof obj !== "object" || obj instanceof Date) return obj;
  if (Array.isArray(obj)) return resolveArray(obj, level);
  if (Object.keys(obj).some(isMapToken)) return level.options.resolver.resolveMap(obj as Record<string, unknown>, makeContext(level)[0]);
  if (Tokenization.isResolvable(obj)) {
    const [context, postProcessor] = makeContext(level);
    return level.options.resolver.resolveToken(obj, context, postProcessor);
  }
  // cdktf's guard against resolving a construct, which would walk parent <-> children forever.
  const node = obj as { _children?: unknown; _metadata?: unknown };
  if (node._children !== undefined && node._metadata !== undefined) throw errors.constructsCannotBeResolved(level.path.name());
  return resolveObject(obj as Record<string, unknown>, level);
}

// Each token marker is a literal the marker's pattern starts with; without it, the pattern cannot match.
const isListToken = (x: unknown) => typeof x === "string" && x.includes(BEGIN_LIST_TOKEN_MARKER) && TokenString.forListToken(x).test();
const isMapToken = (x: string) => x.includes(BEGIN_MAP_TOKEN_MARKER) && TokenString.forMapToken(x).test();

function resolveString(obj: string, level: Level): unknown {
  if (isListToken(obj)) throw errors.encodedListTokenInScalarStringContext();
  if (obj === Token.STRING_MAP_TOKEN_VALUE || obj === Token.ANY_MAP_TOKEN_VALUE) throw errors.encodedMapTokenInScalarStringContext();
  let str: unknown = obj;
  if (obj.includes(BEGIN_STRING_TOKEN_MARKER)) {
    const tokenStr = TokenString.forString(obj, !level.previous?.ignoreEscapes, level.previous?.warnEscapes);
    if (tokenStr.test())
      str = level.options.resolver.resolveString(tokenStr.split(tokenMap.lookupToken.bind(tokenMap)), makeContext(level)[0]);
  }
  // A number token in a string is written as such a double ("-8.1e+298"): without "e+" the string holds
  // none, and cdktf's split would give back the same string.
  if (typeof str !== "string" || str.includes("e+")) {
    const tokenNumberStr = TokenString.forNumbers(str as string);
    if (tokenNumberStr.test()) {
      const fragments = tokenNumberStr.split((id) => tokenMap.lookupNumberToken(parseFloat(id)));
      str = fragments.mapTokens(makeContext(level)[0]).join(new StringConcat());
    }
  }
  return str;
}

function resolveArray(obj: unknown[], level: Level): unknown {
  const { options, path, previous } = level;
  if (obj.some(isListToken)) return options.resolver.resolveList(obj as string[], makeContext(level)[0]);
  if (encoding.containsNumberListTokenElement(obj)) return options.resolver.resolveNumberList(obj as number[], makeContext(level)[0]);
  return obj
    .map((x, i) => resolveValue(x, { options, path: path.child(`${i}`), previous: flagsOf(previous) }))
    .filter((x) => typeof x !== "undefined");
}

function resolveObject(obj: Record<string, unknown>, level: Level): unknown {
  const { options, path, previous } = level;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const resolvedKey = resolveValue(key, { options, path, previous: flagsOf(previous) });
    if (typeof resolvedKey !== "string") throw errors.mapKeyMustResolveToString(path.name(), key, resolvedKey);
    const value = resolveValue(obj[key], { options, path: path.child(key), previous: flagsOf(previous) });
    if (typeof value === "undefined") continue;
    result[resolvedKey] = value;
  }
  return result;
}
