/** One value of a pattern field read as a set of leaf values: sample members, and sound proofs that two sets are disjoint or nested. */
import { cidrRange, compareBytes, looksLikeIp, parseIp } from "./addresses";
import { leafPredicate } from "./match";
import { Leaf, NUMERIC_MATCH_LIMIT, isPlainObject } from "./pattern";
import { equalsIgnoreCase, startsWithIgnoreCase, endsWithIgnoreCase, wildcardSegments } from "./text";

/** Which leaf values a field can hold: strings only (the fixed fields of an event and `resources`) or any JSON leaf (`detail`). */
export type Domain = "string" | "any";

interface Interval {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** A pattern value, classified: what the proofs below reason about. */
export type Term =
  | { readonly kind: "exact"; readonly value: Leaf }
  | { readonly kind: "prefix" | "suffix"; readonly text: string; readonly ignoreCase: boolean }
  | { readonly kind: "equals-ignore-case"; readonly text: string }
  | { readonly kind: "wildcard"; readonly segments: readonly string[] }
  | { readonly kind: "cidr"; readonly text: string }
  | ({ readonly kind: "numeric" } & Interval)
  | { readonly kind: "exists" }
  | { readonly kind: "absent" }
  | { readonly kind: "but-values"; readonly values: readonly (string | number)[] }
  | { readonly kind: "but-text"; readonly operator: string; readonly texts: readonly string[] };

/** The classified term of a valid pattern value, with the raw value kept for the matcher. */
export interface Value {
  readonly raw: unknown;
  readonly term: Term;
}

function numericInterval(terms: readonly unknown[]): Interval {
  let interval: Interval = { low: -NUMERIC_MATCH_LIMIT, lowOpen: false, high: NUMERIC_MATCH_LIMIT, highOpen: false };
  for (let i = 0; i < terms.length; i += 2) {
    const n = terms[i + 1] as number;
    const op = terms[i] as string;
    if (op === "=" || op === ">" || op === ">=") interval = { ...interval, low: n, lowOpen: op === ">" };
    if (op === "=" || op === "<" || op === "<=") interval = { ...interval, high: n, highOpen: op === "<" };
  }
  return interval;
}

/** Reads one value of a valid pattern. */
export function classify(raw: unknown): Value {
  if (!isPlainObject(raw)) return { raw, term: { kind: "exact", value: raw as Leaf } };
  const [operator] = Object.keys(raw);
  const spec = raw[operator];
  const text = (isPlainObject(spec) ? spec["equals-ignore-case"] : spec) as string;
  switch (operator) {
    case "prefix":
    case "suffix":
      return { raw, term: { kind: operator, text, ignoreCase: isPlainObject(spec) } };
    case "equals-ignore-case":
      return { raw, term: { kind: operator, text } };
    case "wildcard":
      return { raw, term: { kind: "wildcard", segments: wildcardSegments(text) } };
    case "cidr":
      return { raw, term: { kind: "cidr", text } };
    case "numeric":
      return { raw, term: { kind: "numeric", ...numericInterval(spec as unknown[]) } };
    case "exists":
      return { raw, term: { kind: spec === true ? "exists" : "absent" } };
    default: {
      if (isPlainObject(spec)) {
        const [inner] = Object.keys(spec);
        const texts = spec[inner];
        return { raw, term: { kind: "but-text", operator: inner, texts: (Array.isArray(texts) ? texts : [texts]) as string[] } };
      }
      return { raw, term: { kind: "but-values", values: (Array.isArray(spec) ? spec : [spec]) as (string | number)[] } };
    }
  }
}

const predicates = new WeakMap<Value, (leaf: Leaf) => boolean>();

/** Whether the leaf satisfies the value, as the matcher decides (compiled once per value). */
export function satisfies(value: Value, leaf: Leaf): boolean {
  let predicate = predicates.get(value);
  if (!predicate) {
    predicate = leafPredicate(value.raw);
    predicates.set(value, predicate);
  }
  return predicate(leaf);
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);
const FILLERS = ["other", "x", "0", "_", "Zq9"];

/** Up to 8 spellings of the text that differ only in the case of its letters. */
function caseVariants(text: string): string[] {
  const chars = Array.from(text);
  const cased = chars.flatMap((char, i) => (char.toLowerCase() === char.toUpperCase() ? [] : [i]));
  const variant = (n: number) =>
    chars.map((char, i) => (cased.includes(i) && (n >> cased.indexOf(i)) & 1 ? char.toUpperCase() : char.toLowerCase()));
  return [text, text.toUpperCase(), ...Array.from({ length: Math.min(8, 2 ** Math.min(cased.length, 3)) }, (_, n) => variant(n).join(""))];
}

function addressText(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(":");
}

function numbersIn(term: Interval): number[] {
  const { low, high } = term;
  return [0, 1, -1, Math.round((low + high) / 2), low + 1, high - 1, (low + high) / 2, low, high];
}

/** Some members of the term's set (and, for an anything-but, values outside its exclusions), for witnesses. */
export function samples(term: Term): Leaf[] {
  switch (term.kind) {
    case "exact":
      return [term.value];
    case "prefix":
      return [...FILLERS.map((filler) => term.text + filler), term.text];
    case "suffix":
      return [...FILLERS.map((filler) => filler + term.text), term.text];
    case "equals-ignore-case":
      return caseVariants(term.text);
    case "wildcard":
      return [...FILLERS.map((filler) => term.segments.join(filler)), term.segments.join("")];
    case "cidr": {
      const range = cidrRange(term.text);
      return [addressText(range.bottom), addressText(range.top)];
    }
    case "numeric":
      return numbersIn(term);
    case "absent":
      return [];
    case "but-values":
      return [
        ...FILLERS,
        "any.other.value",
        0,
        7,
        ...term.values.flatMap((value): Leaf[] => (typeof value === "string" ? [`${value}x`, `x${value}`] : [value + 1])),
      ];
    case "exists":
      return [...FILLERS, "any.other.value", 0, null, true];
    default:
      return [...FILLERS, "any.other.value", ...term.texts.map((text) => `Zq9${text}Zq9`), 0];
  }
}

/** Members that both terms may share, built from the pair (a prefix and a suffix joined, ...). */
export function jointSamples(a: Term, b: Term): Leaf[] {
  const [first, second] = a.kind <= b.kind ? [a, b] : [b, a];
  const out: Leaf[] = [];
  const heads = (term: Term) =>
    term.kind === "prefix"
      ? [term.text]
      : term.kind === "wildcard"
        ? [term.segments[0]]
        : term.kind === "equals-ignore-case"
          ? [term.text]
          : [];
  const tails = (term: Term) =>
    term.kind === "suffix" ? [term.text] : term.kind === "wildcard" ? [term.segments[term.segments.length - 1]] : [];
  for (const head of [...heads(first), ...heads(second)])
    for (const tail of [...tails(first), ...tails(second)]) out.push(head + tail, `${head}x${tail}`);
  if (first.kind === "wildcard" && second.kind === "wildcard") {
    // The longer head and tail, with both middles between them: matches both when the heads and tails agree.
    const longer = (x: string, y: string) => (x.length >= y.length ? x : y);
    const middle = (term: typeof first) => term.segments.slice(1, -1).join("");
    const [head, tail] = [longer(first.segments[0], second.segments[0]), longer(first.segments.at(-1) ?? "", second.segments.at(-1) ?? "")];
    out.push(head + middle(first) + middle(second) + tail, head + middle(second) + middle(first) + tail);
  }
  if (first.kind === "prefix" && second.kind === "wildcard") out.push(first.text + second.segments.slice(1).join(""));
  if (first.kind === "suffix" && second.kind === "wildcard") out.push(second.segments.slice(0, -1).join("") + first.text);
  for (const term of [first, second]) {
    const other = term === first ? second : first;
    if (term.kind === "equals-ignore-case" && (other.kind === "prefix" || other.kind === "suffix")) {
      const chars = Array.from(term.text);
      const size = Array.from(other.text).length;
      out.push(
        other.kind === "prefix" ? other.text + chars.slice(size).join("") : chars.slice(0, chars.length - size).join("") + other.text,
      );
    }
  }
  return out;
}

const startsWith = (text: string, head: string, ignoreCase: boolean) =>
  ignoreCase ? startsWithIgnoreCase(text, head) : text.startsWith(head);
const endsWith = (text: string, tail: string, ignoreCase: boolean) => (ignoreCase ? endsWithIgnoreCase(text, tail) : text.endsWith(tail));

/** Whether the term's set holds no value of the domain (sound: true only when proven). */
export function emptyIn(term: Term, domain: Domain): boolean {
  if (term.kind === "absent") return true;
  if (term.kind === "numeric") {
    const { low, high, lowOpen, highOpen } = term;
    return domain === "string" || low > high || (low === high && (lowOpen || highOpen));
  }
  if (term.kind === "exact") return domain === "string" && typeof term.value !== "string";
  return false;
}

const isStringOperator = (term: Term) => ["prefix", "suffix", "equals-ignore-case", "wildcard", "cidr"].includes(term.kind);

function intervalsDisjoint(a: Interval, b: Interval): boolean {
  if (a.high < b.low || b.high < a.low) return true;
  return (a.high === b.low && (a.highOpen || b.lowOpen)) || (b.high === a.low && (b.highOpen || a.lowOpen));
}

/** Whether an exact value's set is that one value only (an IP address also matches its other spellings). */
export const singleton = (term: Term): term is { kind: "exact"; value: Leaf } =>
  term.kind === "exact" && !(typeof term.value === "string" && looksLikeIp(term.value) && parseIp(term.value));

/** A reason the two values share no leaf of the domain, or undefined when that is not proven. */
export function disjointReason(a: Value, b: Value, domain: Domain): string | undefined {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    const reason = oneWayDisjoint(x, y, domain);
    if (reason) return reason;
  }
  return undefined;
}

function oneWayDisjoint(a: Value, b: Value, domain: Domain): string | undefined {
  const [s, t] = [a.term, b.term];
  const show = (value: Value) => JSON.stringify(value.raw);
  if (emptyIn(s, domain)) return `${show(a)} matches no value here`;
  if (singleton(s) && !satisfies(b, s.value)) return `${show(b)} does not match ${show(a)}`;
  if (s.kind === "exact" && !singleton(s) && t.kind === "cidr") {
    const address = parseIp(s.value as string) as number[];
    const range = cidrRange(t.text);
    if (address.length !== range.bottom.length || compareBytes(address, range.bottom) < 0 || compareBytes(address, range.top) > 0)
      return `${show(a)} is outside ${show(b)}`;
  }
  if (s.kind === "numeric" && (isStringOperator(t) || (t.kind === "exact" && typeof t.value !== "number")))
    return `${show(a)} matches numbers only, ${show(b)} no number`;
  if (s.kind === "exact" && typeof s.value !== "string" && isStringOperator(t)) return `${show(b)} matches strings only`;
  if (s.kind === "numeric" && t.kind === "numeric" && intervalsDisjoint(s, t)) return `the ranges ${show(a)} and ${show(b)} do not overlap`;
  if (s.kind === "numeric" && t.kind === "but-values" && s.low === s.high && t.values.includes(s.low))
    return `${show(b)} excludes ${s.low}`;
  const plain = (term: Term) => "ignoreCase" in term && !term.ignoreCase;
  if (s.kind === "prefix" && t.kind === "prefix" && plain(s) && plain(t) && !s.text.startsWith(t.text) && !t.text.startsWith(s.text))
    return `no value starts with both ${JSON.stringify(s.text)} and ${JSON.stringify(t.text)}`;
  if (s.kind === "suffix" && t.kind === "suffix" && plain(s) && plain(t) && !s.text.endsWith(t.text) && !t.text.endsWith(s.text))
    return `no value ends with both ${JSON.stringify(s.text)} and ${JSON.stringify(t.text)}`;
  return caseOrWildcardDisjoint(s, t) ?? exclusionDisjoint(s, t, show(b));
}

/** Disjointness of equals-ignore-case and wildcards, proven only where the texts are ASCII (no case folding surprises). */
function caseOrWildcardDisjoint(s: Term, t: Term): string | undefined {
  if (s.kind === "equals-ignore-case" && isAscii(s.text)) {
    if (t.kind === "equals-ignore-case" && isAscii(t.text) && !equalsIgnoreCase(s.text, t.text)) return "the two texts differ beyond case";
    if ((t.kind === "prefix" || t.kind === "suffix") && isAscii(t.text)) {
      const fits = t.kind === "prefix" ? startsWithIgnoreCase(s.text, t.text) : endsWithIgnoreCase(s.text, t.text);
      if (!fits) return `no spelling of ${JSON.stringify(s.text)} has the ${t.kind} ${JSON.stringify(t.text)}`;
    }
  }
  if (s.kind === "wildcard" && s.segments.length > 1) {
    const head = s.segments[0];
    const tail = s.segments[s.segments.length - 1];
    const heads = t.kind === "prefix" && !t.ignoreCase ? [t.text] : t.kind === "wildcard" && t.segments.length > 1 ? [t.segments[0]] : [];
    const tails =
      t.kind === "suffix" && !t.ignoreCase
        ? [t.text]
        : t.kind === "wildcard" && t.segments.length > 1
          ? [t.segments[t.segments.length - 1]]
          : [];
    if (heads.some((other) => !other.startsWith(head) && !head.startsWith(other))) return "the two cannot start alike";
    if (tails.some((other) => !other.endsWith(tail) && !tail.endsWith(other))) return "the two cannot end alike";
  }
  return undefined;
}

function exclusionDisjoint(s: Term, t: Term, shown: string): string | undefined {
  if (t.kind !== "but-text" || !(s.kind === "prefix" || s.kind === "suffix") || s.ignoreCase || t.operator !== s.kind) return undefined;
  const covered = t.texts.some((text) => (s.kind === "prefix" ? s.text.startsWith(text) : s.text.endsWith(text)));
  return covered ? `${shown} excludes every value with the ${s.kind} ${JSON.stringify(s.text)}` : undefined;
}

/** Whether every leaf of the domain in a's set is in b's set (sound: true only when proven). */
export function contains(b: Value, a: Value, domain: Domain): boolean {
  const [s, t] = [a.term, b.term];
  if (emptyIn(s, domain)) return true;
  if (s.kind === "absent" || t.kind === "absent") return false;
  if (t.kind === "exists") return true;
  if (singleton(s)) return satisfies(b, s.value);
  if (s.kind === "exact" && t.kind === "cidr") return satisfies(b, s.value);
  if (s.kind === "numeric") {
    if (t.kind === "numeric")
      return !(
        s.low < t.low ||
        (s.low === t.low && t.lowOpen && !s.lowOpen) ||
        s.high > t.high ||
        (s.high === t.high && t.highOpen && !s.highOpen)
      );
    if (t.kind === "but-text") return true;
    if (t.kind === "but-values") return t.values.every((value) => typeof value !== "number" || value < s.low || value > s.high);
    return false;
  }
  if ((s.kind === "prefix" || s.kind === "suffix") && !s.ignoreCase) {
    const has = s.kind === "prefix" ? startsWith : endsWith;
    if (t.kind === s.kind) return has(s.text, t.text, t.ignoreCase);
    if (t.kind === "but-values") return t.values.every((value) => typeof value !== "string" || !has(value, s.text, false));
    if (t.kind === "but-text" && t.operator === s.kind)
      return t.texts.every((text) => !has(text, s.text, false) && !has(s.text, text, false));
    return false;
  }
  if (s.kind === "equals-ignore-case" && isAscii(s.text)) {
    if ("text" in t && !isAscii(t.text)) return false;
    if (t.kind === "equals-ignore-case") return equalsIgnoreCase(s.text, t.text);
    if ((t.kind === "prefix" || t.kind === "suffix") && t.ignoreCase)
      return (t.kind === "prefix" ? startsWith : endsWith)(s.text, t.text, true);
    if (t.kind === "but-values") return t.values.every((value) => typeof value !== "string" || !equalsIgnoreCase(value, s.text));
    return false;
  }
  if (s.kind === "wildcard" && s.segments.length > 1 && (t.kind === "prefix" || t.kind === "suffix") && !t.ignoreCase)
    return t.kind === "prefix" ? s.segments[0].startsWith(t.text) : (s.segments[s.segments.length - 1] as string).endsWith(t.text);
  if (s.kind === "cidr" && t.kind === "cidr") {
    const [inner, outer] = [cidrRange(s.text), cidrRange(t.text)];
    return (
      inner.bottom.length === outer.bottom.length &&
      compareBytes(inner.bottom, outer.bottom) >= 0 &&
      compareBytes(inner.top, outer.top) <= 0
    );
  }
  if (s.kind === "but-values" && t.kind === "but-values") return t.values.every((value) => s.values.includes(value));
  if (s.kind === "but-text" && t.kind === "but-text" && s.operator === t.operator && (s.operator === "prefix" || s.operator === "suffix")) {
    const has = s.operator === "prefix" ? startsWith : endsWith;
    return t.texts.every((text) => s.texts.some((excluded) => has(text, excluded, false)));
  }
  return false;
}
