/** Which sources and detail-types a pattern lets through, against grants that admit only some of them. */
import { matchesEventPattern, patternAlternatives } from "./match";
import { EventPattern, isPlainObject } from "./pattern";
import { wildcardSegments } from "./text";

/**
 * What a bus policy statement admits by event content (the events:source and events:detail-type
 * condition keys); a field left undefined is not narrowed.
 */
export interface ContentFilter {
  /** The sources admitted; undefined admits any. */
  readonly sources?: readonly string[];
  /** The detail-types admitted; undefined admits any. */
  readonly detailTypes?: readonly string[];
}

/** The source and detail-type of one event. */
export interface EventContent {
  readonly source: string;
  readonly detailType: string;
}

/** Whether a filter admits an event with this source and detail-type (each must be a string the filter lists). */
export function contentAdmits(filter: ContentFilter, source: unknown, detailType: unknown): boolean {
  const admits = (allowed: readonly string[] | undefined, value: unknown) =>
    allowed === undefined || (typeof value === "string" && allowed.includes(value));
  return admits(filter.sources, source) && admits(filter.detailTypes, detailType);
}

const quoted = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(", ");

/** What a filter admits, for messages: `sources "a", "b"; detail-types "C"`. */
export function describeFilter(filter: ContentFilter): string {
  return [
    ...(filter.sources ? [`sources ${quoted(filter.sources)}`] : []),
    ...(filter.detailTypes ? [`detail-types ${quoted(filter.detailTypes)}`] : []),
  ].join("; ");
}

/** An event the filters drop, for messages: its fields that some filter narrows, `source "x" and detail-type "Y"`. */
export function describeDropped(event: EventContent, filters: readonly ContentFilter[]): string {
  return [
    ...(filters.some((filter) => filter.sources) ? [`source ${JSON.stringify(event.source)}`] : []),
    ...(filters.some((filter) => filter.detailTypes) ? [`detail-type ${JSON.stringify(event.detailType)}`] : []),
  ].join(" and ");
}

/** The values of interest a top-level string field can take in one alternative, and one other value it can take. */
interface FieldValues {
  readonly known: string[];
  readonly other?: string;
}

/**
 * An event the pattern can match that no filter admits, or undefined when each event it can match
 * is admitted by one of the filters (an empty list of filters admits nothing).
 *
 * Each field is read on its own: other fields of the pattern are taken to be satisfiable. The only
 * values that matter for a filter are the ones it lists, so each `$or` alternative is tried with
 * every listed value it can match plus one value outside all the lists, found by trying values the
 * operator can match (a prefix with something after it, ...) and keeping those the matcher accepts.
 */
export function unadmittedEvent(pattern: EventPattern, filters: readonly ContentFilter[]): EventContent | undefined {
  if (filters.some((filter) => !filter.sources && !filter.detailTypes)) return undefined;
  const listed = (pick: (filter: ContentFilter) => readonly string[] | undefined) => [...new Set(filters.flatMap((f) => pick(f) ?? []))];
  const sources = listed((filter) => filter.sources);
  const detailTypes = listed((filter) => filter.detailTypes);
  for (const alternative of patternAlternatives(pattern)) {
    const source = fieldValues(alternative, "source", sources);
    const detailType = fieldValues(alternative, "detail-type", detailTypes);
    if (!source || !detailType) continue;
    for (const s of tried(source)) {
      for (const d of tried(detailType)) {
        if (!filters.some((filter) => contentAdmits(filter, s, d))) return { source: s, detailType: d };
      }
    }
  }
  return undefined;
}

// An outside value first, so that the example shows what is missing from the grant.
const tried = (values: FieldValues) => (values.other === undefined ? values.known : [values.other, ...values.known]);

/** undefined when the alternative matches no event, since the field (always a string) cannot hold nested fields. */
function fieldValues(alternative: Map<string, readonly unknown[]>, field: string, known: readonly string[]): FieldValues | undefined {
  const nested = [...alternative].filter(([name]) => name.startsWith(`${field}.`));
  if (!nested.every(([, values]) => values.some((value) => isPlainObject(value) && value.exists === false))) return undefined;
  const values = alternative.get(field);
  const accepts = (value: string) => values === undefined || matchesEventPattern({ [field]: values }, { [field]: value });
  const candidates = values === undefined ? anyValue(field, known.length) : values.flatMap((value) => valuesOf(value, field, known.length));
  return { known: known.filter(accepts), other: candidates.find((value) => accepts(value) && !known.includes(value)) };
}

/** count + 1 distinct fillers: enough that one of them, put anywhere, gives a value outside count values. */
const fillers = (count: number) => ["other", ...Array.from({ length: count }, (_, i) => `other${i + 1}`)];

// Several shapes, so that an anything-but of a few prefixes or suffixes cannot exclude them all.
const anyValue = (field: string, count: number) => [`any.other.${field}`, "x", "0", "_", ...fillers(count).map((f) => `Z${f}`)];

/** Strings the value of a pattern field can match, as many as the count of values of interest needs. */
function valuesOf(value: unknown, field: string, count: number): string[] {
  if (typeof value === "string") return [value];
  if (!isPlainObject(value)) return [];
  const [operator] = Object.keys(value);
  const spec = value[operator];
  const text = (isPlainObject(spec) ? spec["equals-ignore-case"] : spec) as string;
  switch (operator) {
    case "prefix":
      return fillers(count).map((filler) => `${text}${filler}`);
    case "suffix":
      return fillers(count).map((filler) => `${filler}${text}`);
    case "equals-ignore-case":
      return caseVariants(text, count + 1);
    case "wildcard":
      return fillers(count).map((filler) => wildcardSegments(text).join(filler));
    case "cidr":
      return addressesIn(text, count + 1);
    case "anything-but":
      return anyValue(field, count);
    case "exists":
      return spec === true ? anyValue(field, count) : [];
    default:
      return []; // numeric matches numbers only, never a string field
  }
}

/** Up to `count` spellings of the text that differ only in the case of its letters. */
function caseVariants(text: string, count: number): string[] {
  const chars = Array.from(text);
  const cased = chars.flatMap((char, i) => (char.toLowerCase() === char.toUpperCase() ? [] : [i]));
  const total = Math.min(count, 2 ** Math.min(cased.length, 20));
  const variant = (n: number) =>
    chars.map((char, i) => (cased.includes(i) && (n >> cased.indexOf(i)) & 1 ? char.toUpperCase() : char.toLowerCase())).join("");
  return [text, ...Array.from({ length: total }, (_, n) => variant(n))];
}

/** Up to `count` IPv4 addresses from the start of a CIDR range (the matcher keeps those inside it); an IPv6 range's first address. */
function addressesIn(cidr: string, count: number): string[] {
  const [address] = cidr.split("/");
  const octets = address.split(".").map(Number);
  if (octets.length !== 4) return [address];
  return Array.from({ length: count }, (_, i) => [...octets.slice(0, 3), (octets[3] + i) % 256].join("."));
}
