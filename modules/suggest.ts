/** "Did you mean": the closest known name to a misspelled one, and the one sentence that offers it. */

/**
 * The optimal string alignment distance (Damerau-Levenshtein restricted to adjacent transpositions):
 * the fewest insertions, deletions, substitutions and swaps of neighbours that turn a into b.
 */
export function editDistance(a: string, b: string): number {
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}

/**
 * The known name closest to `word`, if it is close enough to be a typo of it: at most one edit in
 * three characters (at least one), case ignored; the first in `known` order among equals.
 */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === word) continue;
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(word.length, name.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ": did you mean "x"?" when a known name is close to `word`, else nothing; rules end with it. */
export function didYouMean(word: unknown, known: Iterable<string>): string {
  if (typeof word !== "string") return "";
  const name = closestName(word, known);
  return name === undefined ? "" : `; did you mean ${JSON.stringify(name)}?`;
}
