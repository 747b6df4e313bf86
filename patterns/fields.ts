/**
 * The fields of an EventBridge event as the pattern algebra sees them: which leaf values each
 * dotted name can hold, the leaves that satisfy several clauses on one name, and witness events.
 */
import { Leaf } from "./pattern";
import { Domain, Term, Value, disjointReason, emptyIn, jointSamples, samples, satisfies, singleton } from "./terms";

/**
 * The top-level fields every event has, each one string (EventBridge user guide, "Amazon
 * EventBridge events": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
 * `resources` is an array of strings, possibly empty; `detail` is a JSON object, so a leaf sits
 * only below it. No other top-level field exists.
 */
const FIXED_FIELDS = ["version", "id", "detail-type", "source", "account", "time", "region"] as const;

/** What a dotted name holds: one string always (fixed), strings or any leaves (zero or more), or nothing ever. */
export type FieldKind = "fixed" | "strings" | "any" | "never";

export function fieldKind(name: string): FieldKind {
  if ((FIXED_FIELDS as readonly string[]).includes(name)) return "fixed";
  if (name === "resources") return "strings";
  return name.startsWith("detail.") ? "any" : "never";
}

export const domainOf = (name: string): Domain => (fieldKind(name) === "any" ? "any" : "string");

/** The values of one pattern field (ORed), and whether the name shares no array of the event with another name of its alternative. */
export interface Clause {
  readonly values: readonly Value[];
  /** No other name of the alternative shares a path below the top with this one, so `exists: false` means "no leaf". */
  readonly isolated: boolean;
}

/** One `$or` alternative of a pattern: its dotted names and their clauses. */
export type Alternative = ReadonlyMap<string, Clause>;

/** The clauses each name gets from one alternative of each pattern. */
export function merge(tuple: readonly Alternative[]): Map<string, Clause[]> {
  const merged = new Map<string, Clause[]>();
  for (const alternative of tuple) {
    for (const [name, clause] of alternative) merged.set(name, [...(merged.get(name) ?? []), clause]);
  }
  return merged;
}

/** What one name holds in a witness: its leaves (one for a fixed field), or nothing. */
export type FieldValue = { readonly leaves: readonly Leaf[] } | "absent";

type Solved = { readonly value: FieldValue } | { readonly none: string } | "unknown";

/** Whether one of the clause's values is of this kind. */
export const hasKind = (clause: Clause, kind: Term["kind"]) => clause.values.some((value) => value.term.kind === kind);
const allowsAbsence = (clause: Clause) => hasKind(clause, "absent");
const onlyAbsence = (clause: Clause) => clause.values.every((value) => value.term.kind === "absent");
interface CompiledClause {
  /** The exact values that match only themselves, looked up at once (an account filter of a hundred accounts). */
  readonly exact: ReadonlySet<Leaf>;
  readonly others: readonly Value[];
}

const compiled = new WeakMap<Clause, CompiledClause>();

export function clauseHolds(clause: Clause, leaf: Leaf): boolean {
  let found = compiled.get(clause);
  if (!found) {
    const exact = clause.values.filter((value) => singleton(value.term));
    found = {
      exact: new Set(exact.map((value) => (value.term.kind === "exact" ? value.term.value : null))),
      others: clause.values.filter((value) => !singleton(value.term)),
    };
    compiled.set(clause, found);
  }
  return found.exact.has(leaf) || found.others.some((value) => satisfies(value, leaf));
}

/** Whether a field value satisfies a clause, read on its own (no array consistency). */
export function clauseAccepts(clause: Clause, value: FieldValue): boolean {
  return value === "absent" ? allowsAbsence(clause) : value.leaves.some((leaf) => clauseHolds(clause, leaf));
}

const MAX_COMBINATIONS = 2000;

/**
 * The leaves a clause of exact values can match, when each matches only itself: then every leaf
 * that satisfies all clauses is one of them, and trying them decides (a receiver rule's account
 * filter of many accounts is one).
 */
export function finiteLeaves(clauses: readonly Clause[], domain: Domain): Leaf[] | undefined {
  const finite = clauses.find((clause) => clause.values.every((value) => singleton(value.term)));
  if (!finite) return undefined;
  const leaves = finite.values.map((value) => value.term.kind === "exact" && value.term.value) as Leaf[];
  return domain === "string" ? leaves.filter((leaf) => typeof leaf === "string") : leaves;
}

/** Candidate leaves for the clauses: samples of every value and of every pair of values across clauses. */
export function candidates(clauses: readonly Clause[], domain: Domain): Leaf[] {
  const values = clauses.flatMap((clause) => clause.values);
  const out = values.flatMap((value) => samples(value.term));
  for (let i = 0; i < values.length && out.length < MAX_COMBINATIONS; i++) {
    for (let j = i + 1; j < values.length; j++) out.push(...jointSamples(values[i].term, values[j].term));
  }
  const unique = [...new Set(out)];
  return domain === "string" ? unique.filter((leaf) => typeof leaf === "string") : unique;
}

/** One leaf that satisfies every clause, or undefined when none of the candidates does. */
function commonLeaf(clauses: readonly Clause[], domain: Domain): Leaf | undefined {
  return (finiteLeaves(clauses, domain) ?? candidates(clauses, domain)).find((leaf) =>
    clauses.every((clause) => clauseHolds(clause, leaf)),
  );
}

/** A proof that no single leaf satisfies every clause: each choice of one value per clause has a disjoint pair. */
function noCommonLeaf(clauses: readonly Clause[], domain: Domain): string | undefined {
  const finite = finiteLeaves(clauses, domain);
  if (finite) return `none of ${finite.map((leaf) => JSON.stringify(leaf)).join(", ")} fits every pattern`;
  const present = clauses.map((clause) => clause.values.filter((value) => !emptyIn(value.term, domain)));
  const empty = present.findIndex((values) => values.length === 0);
  if (empty >= 0) return `no value of ${clauses[empty].values.map((value) => JSON.stringify(value.raw)).join(", ")} can be here`;
  if (present.reduce((product, values) => product * values.length, 1) > MAX_COMBINATIONS) return undefined;
  let reason: string | undefined;
  const everyChoice = (index: number, chosen: Value[]): boolean => {
    if (index === present.length) {
      for (let i = 0; i < chosen.length; i++) {
        for (let j = i + 1; j < chosen.length; j++) {
          const found = disjointReason(chosen[i], chosen[j], domain);
          if (found) return ((reason ??= found), true);
        }
      }
      return false;
    }
    return present[index].every((value) => everyChoice(index + 1, [...chosen, value]));
  };
  return everyChoice(0, []) ? reason : undefined;
}

/** What the name can hold so that every clause holds, a proof that nothing can, or "unknown". */
export function solveField(name: string, clauses: readonly Clause[]): Solved {
  const kind = fieldKind(name);
  const domain = domainOf(name);
  const at = `field ${name}`;
  if (kind === "never") {
    if (clauses.every(allowsAbsence)) return { value: "absent" };
    return { none: `${at} is never in an EventBridge event, yet a pattern needs a value there` };
  }
  if (kind === "fixed") {
    const leaf = commonLeaf(clauses, domain);
    if (leaf !== undefined) return { value: { leaves: [leaf] } };
    const reason = noCommonLeaf(clauses, domain);
    return reason ? { none: `${at} (always one string): ${reason}` } : "unknown";
  }
  if (clauses.every(allowsAbsence)) return { value: "absent" };
  const absentOnly = clauses.find(onlyAbsence);
  if (absentOnly) {
    // Another pattern needs a leaf here; exists: false means "no leaf" only when no other name of its alternative shares an array with it.
    return absentOnly.isolated ? { none: `${at}: one pattern needs it absent (exists: false), another needs a value` } : "unknown";
  }
  const common = commonLeaf(clauses, domain);
  if (common !== undefined) return { value: { leaves: [common] } };
  // The name may hold several leaves (an array), one for each clause.
  const leaves: Leaf[] = [];
  for (const clause of clauses) {
    const leaf = commonLeaf([clause], domain);
    if (leaf === undefined) {
      const reason = noCommonLeaf([clause], domain);
      return reason ? { none: `${at}: ${reason}` } : "unknown";
    }
    leaves.push(leaf);
  }
  return { value: { leaves } };
}

/** The base of every witness: an event with each fixed field, as PutEvents fills them in. */
export function baseEvent(): Record<string, unknown> {
  return {
    version: "0",
    id: "00000000-0000-0000-0000-000000000000",
    "detail-type": "Witness",
    source: "com.example.witness",
    account: "111111111111",
    time: "2024-01-01T00:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: {},
  };
}

/** A witness event holding these field values, or undefined when two names need one path to be both a leaf and an object. */
export function buildEvent(values: ReadonlyMap<string, FieldValue>): Record<string, unknown> | undefined {
  const event = baseEvent();
  for (const [name, value] of values) {
    if (value === "absent") continue;
    const kind = fieldKind(name);
    if (kind === "fixed") {
      event[name] = value.leaves[0];
      continue;
    }
    if (kind === "strings") {
      event.resources = [...value.leaves];
      continue;
    }
    const path = name.split(".");
    let node = event;
    for (const key of path.slice(0, -1)) {
      const next = node[key] ?? (node[key] = {});
      if (typeof next !== "object" || next === null || Array.isArray(next)) return undefined;
      node = next as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (last in node) return undefined;
    node[last] = value.leaves.length === 1 ? value.leaves[0] : [...value.leaves];
  }
  return event;
}
