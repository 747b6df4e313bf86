/** String comparisons of event patterns: equals-ignore-case, prefixes and suffixes, wildcards. */
/** Digits right of the decimal point in the shortest decimal form of n (3.018e2 has 1). */
export function decimalPlaces(n: number): number {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(Math.abs(n).toString());
  if (!match) return 0;
  const fraction = match[2]?.length ?? 0;
  const exponent = match[3] ? Number(match[3]) : 0;
  return Math.max(0, fraction - exponent);
}

// Case-insensitive comparison, character by character, as equals-ignore-case does.
const sameIgnoringCase = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

export function equalsIgnoreCase(value: string, expected: string): boolean {
  const v = Array.from(value);
  const e = Array.from(expected);
  return v.length === e.length && e.every((char, i) => sameIgnoringCase(v[i], char));
}

export function startsWithIgnoreCase(value: string, prefix: string): boolean {
  const v = Array.from(value);
  const p = Array.from(prefix);
  return v.length >= p.length && p.every((char, i) => sameIgnoringCase(v[i], char));
}

export function endsWithIgnoreCase(value: string, suffix: string): boolean {
  const v = Array.from(value);
  const s = Array.from(suffix);
  const offset = v.length - s.length;
  return offset >= 0 && s.every((char, i) => sameIgnoringCase(v[offset + i], char));
}

// a literal backslash; a backslash before anything else, and `**`, are refused.

export function wildcardSyntaxProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "*" && text[i + 1] === "*") {
      return `consecutive wildcard characters (**) at position ${i} are not allowed`;
    }
    if (char === "\\") {
      if (text[i + 1] === "*" || text[i + 1] === "\\") {
        i++;
        continue;
      }
      return `invalid escape character at position ${i}: a backslash may only escape * or \\`;
    }
  }
  return undefined;
}

/** The literal pieces between the (unescaped) stars of a valid wildcard. */
export function wildcardSegments(text: string): string[] {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      current += text[i + 1];
      i++;
    } else if (char === "*") {
      segments.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

export function wildcardMatches(segments: readonly string[], value: string): boolean {
  if (segments.length === 1) return value === segments[0];
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

// hexadecimal IPv6 groups with at most one `::` (no zone, no embedded dotted quad). An
// IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address.
