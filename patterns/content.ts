/** Which sources and detail-types a pattern lets through, against grants that admit only some of them. */
import { intersection, subsumption } from "./algebra";
import { EventPattern } from "./pattern";

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

/** The events a filter admits, as a pattern: its sources and detail-types (a filter that narrows neither admits every event). */
export function filterPattern(filter: ContentFilter): EventPattern {
  if (!filter.sources && !filter.detailTypes) return { source: [{ exists: true }] };
  return {
    ...(filter.sources ? { source: [...filter.sources] } : {}),
    ...(filter.detailTypes ? { "detail-type": [...filter.detailTypes] } : {}),
  };
}

/**
 * An event the pattern can match (within the context patterns, such as the sender's account) that
 * no filter admits, or undefined when every such event is admitted or that is not decided (an
 * empty list of filters admits nothing). The pattern algebra answers (patterns/algebra.ts), and
 * the matcher has confirmed the event.
 */
export function unadmittedEvent(
  pattern: EventPattern,
  filters: readonly ContentFilter[],
  context: readonly EventPattern[] = [],
): (EventContent & { readonly event: Record<string, unknown> }) | undefined {
  // A filter that narrows nothing admits every event.
  if (filters.some((filter) => !filter.sources && !filter.detailTypes)) return undefined;
  const answer =
    filters.length === 0 ? intersection([pattern, ...context]) : subsumption([pattern, ...context], filters.map(filterPattern));
  const found = filters.length === 0 ? answer.answer === "yes" : answer.answer === "no";
  if (!found || !answer.witness) return undefined;
  const event = answer.witness;
  return { source: event.source as string, detailType: event["detail-type"] as string, event };
}
