/** The two halves of subsumption: a proof that one alternative lies within another, and the search for a counterexample. */
import {
  Alternative,
  Clause,
  FieldValue,
  baseEvent,
  candidates,
  clauseAccepts,
  finiteLeaves,
  clauseHolds,
  domainOf,
  fieldKind,
  hasKind,
  merge,
} from "./fields";
import { Leaf } from "./pattern";
import { Domain, Value, contains } from "./terms";

/** Every value of the inner clause lies within one value of the outer clause. */
function clauseWithin(inner: Clause, outer: Clause, domain: Domain, fixed: boolean): boolean {
  return inner.values.every((value: Value) =>
    value.term.kind === "absent" ? fixed || hasKind(outer, "absent") : outer.values.some((other) => contains(other, value, domain)),
  );
}

/**
 * Whether every event matching all alternatives of the tuple matches the outer alternative. Each
 * outer field must be implied by one inner clause; the leaves the inner alternative chose then
 * satisfy the outer one, so the fields that may sit in arrays must all be implied by the same inner
 * alternative (array consistency), and `exists: false` is trusted only on names that share no array.
 */
function covers(tuple: readonly Alternative[], outer: Alternative): boolean {
  let arrayOwner: number | undefined;
  for (const [name, clause] of outer) {
    const kind = fieldKind(name);
    const inner = tuple.flatMap((alternative, index) => {
      const found = alternative.get(name);
      return found ? [{ index, clause: found }] : [];
    });
    if (inner.length === 0) {
      if (kind === "fixed" && hasKind(clause, "exists")) continue;
      if (kind === "never" && hasKind(clause, "absent")) continue;
      if (kind !== "fixed" && kind !== "never" && clause.isolated && hasKind(clause, "absent") && hasKind(clause, "exists")) continue;
      return false;
    }
    const usesAbsence = (candidate: Clause) => hasKind(candidate, "absent") || hasKind(clause, "absent");
    const implied = inner.find(
      (candidate) =>
        clauseWithin(candidate.clause, clause, domainOf(name), kind === "fixed") &&
        (!usesAbsence(candidate.clause) || kind === "fixed" || (candidate.clause.isolated && clause.isolated)),
    );
    if (!implied) return false;
    if (kind === "fixed") continue;
    if (arrayOwner !== undefined && arrayOwner !== implied.index) return false;
    arrayOwner = implied.index;
  }
  return true;
}

/** Leaves worth trying against outer clauses: what they exclude, and fresh values. */
function outerLeaves(clauses: readonly Clause[]): Leaf[] {
  return clauses.flatMap((clause) =>
    clause.values.flatMap((value): Leaf[] => {
      const term = value.term;
      if (term.kind === "but-values") return [...term.values];
      if (term.kind === "but-text") return term.texts.flatMap((text) => [text, `${text}Zq9`, `Zq9${text}`]);
      return [];
    }),
  );
}

/** The values a name can take that keep every inner clause, starting with its current one. */
function options(name: string, current: FieldValue, inner: readonly Clause[], outer: readonly Clause[]): FieldValue[] {
  const kind = fieldKind(name);
  if (kind === "never") return [current];
  const tried = finiteLeaves(inner, domainOf(name)) ?? [
    ...candidates([...inner, ...outer], domainOf(name)),
    ...outerLeaves(outer),
    "Zq9.fresh",
  ];
  const leaves = tried.filter((leaf) => (kind === "any" || typeof leaf === "string") && inner.every((clause) => clauseHolds(clause, leaf)));
  const absent = kind !== "fixed" && inner.every((clause) => clauseAccepts(clause, "absent")) ? ["absent" as const] : [];
  return [current, ...absent, ...[...new Set(leaves)].map((leaf) => ({ leaves: [leaf] }))];
}

/** Whether one alternative, read field by field, accepts these values. */
const accepts = (alternative: Alternative, values: ReadonlyMap<string, FieldValue>) =>
  [...alternative].every(([name, clause]) => clauseAccepts(clause, values.get(name) ?? "absent"));

/**
 * An event for the tuple (from its solved field values) that escapes every outer alternative, found
 * greedily: name by name, the value that leaves the fewest outer alternatives accepting. The
 * caller confirms it with the matcher; undefined when no event could be built.
 */
export function counterexample(
  tuple: readonly Alternative[],
  solved: ReadonlyMap<string, FieldValue>,
  outer: readonly Alternative[],
  build: (values: ReadonlyMap<string, FieldValue>) => Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const inner = merge(tuple);
  const base = baseEvent();
  const current = new Map(solved);
  const names = [...new Set(outer.flatMap((alternative) => [...alternative.keys()]))];
  for (const name of names) {
    if (!current.has(name)) current.set(name, fieldKind(name) === "fixed" ? { leaves: [base[name] as Leaf] } : "absent");
  }
  for (const name of names) {
    const mentioning = outer.filter((alternative) => alternative.has(name));
    const clauses = mentioning.map((alternative) => alternative.get(name) as Clause);
    let best = current.get(name) as FieldValue;
    let bestScore = Infinity;
    for (const option of options(name, best, inner.get(name) ?? [], clauses)) {
      current.set(name, option);
      const score = mentioning.filter((alternative) => accepts(alternative, current)).length;
      if (score < bestScore) [best, bestScore] = [option, score];
      if (score === 0) break;
    }
    current.set(name, best);
  }
  return build(current);
}

/**
 * Whether the outer alternatives cover the tuple, splitting an inner clause of several values into
 * one alternative per value when no single outer alternative covers it (the values are ORed, so
 * the split alternatives match the same events). At most `budget` splits.
 */
export function coveredByAny(tuple: readonly Alternative[], outer: readonly Alternative[], budget = { left: 256 }): boolean {
  if (outer.some((alternative) => covers(tuple, alternative))) return true;
  for (let i = 0; i < tuple.length; i++) {
    for (const [name, clause] of tuple[i]) {
      if (clause.values.length < 2) continue;
      if (--budget.left < 0) return false;
      return clause.values.every((value) => {
        const split = new Map(tuple[i]).set(name, { ...clause, values: [value] });
        return coveredByAny([...tuple.slice(0, i), split, ...tuple.slice(i + 1)], outer, budget);
      });
    }
  }
  return false;
}
