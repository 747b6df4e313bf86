/** Event Ruler's byte machine for one field, reduced to what decides how complex its wildcards are. */

/*
 * Event Ruler (https://github.com/aws/event-ruler), the engine EventBridge runs, compiles the
 * values of one field into a byte-level state machine (src/main/software/amazon/event/ruler/
 * ByteMachine.java) and measures a wildcard's cost with MachineComplexityEvaluator.java: the most
 * wildcard "rule prefixes" that one input value can keep alive at the same time. This file builds
 * the same machine for `wildcard` and `anything-but: {wildcard}` values and evaluates it the same
 * way. Other match types never add to the count: they only share states a wildcard would build
 * alike (the fixed prefix before its first `*`), so they are left out.
 *
 * Where this can differ from Event Ruler: a non-ASCII character after a `*`, in a field that also
 * has a suffix pattern, takes a branch of ByteMachine.canReuseNextByteState we do not model (we
 * reuse the state); and the values of one anything-but list are inserted in the order written,
 * where Java iterates a HashSet (the machine comes out the same for the lists we tried).
 */

const STAR = -1;
const QUOTE = 0x22;
// A bound on the work (states in the sets explored) for limits far above EventBridge's, where the
// sets grow large: near the default limit a set stays under a dozen states, and a 2,048-character
// field needs a few thousand sets at most.
const MAX_EXPLORED_STATES = 100_000;

/** The bytes Ruler compiles a wildcard value to: the JSON string with its quotes, `*` as STAR. */
export function wildcardTokens(value: string): number[] {
  const tokens = [QUOTE];
  const bytes = new TextEncoder().encode(value);
  for (let i = 0; i < bytes.length; i++) {
    // The validator lets through only \* and \\ as escapes: the byte after a backslash is literal.
    tokens.push(bytes[i] === 0x5c ? bytes[++i] : bytes[i] === 0x2a ? STAR : bytes[i]);
  }
  tokens.push(QUOTE);
  return tokens;
}

interface State {
  readonly id: number;
  /** No `*` on the way here: ByteState.hasIndeterminatePrefix() is false. */
  readonly determinate: boolean;
  readonly edges: Map<number, Node[]>;
  /** The state every byte leads to (a `*`); a `*` state points to itself. */
  star?: State;
}

interface Match<T> {
  readonly id: number;
  /** The identity of the Ruler Patterns object: equal patterns count once. */
  readonly pattern: string;
  readonly next: T;
}

type Node = State | Match<unknown>;

const isState = (node: Node): node is State => "edges" in node;

// UTF-8 lead bytes and ASCII; continuation bytes (0x80-0xBF) are not "first" bytes.
const isFirstByte = (byte: number) => byte < 0x80 || byte >= 0xc0;

// Whether the Java character starting at tokens[i] has distinct lower- and upper-case forms, as
// ByteMachine.doMultipleTransitionsConvergeForInputByte asks (it reads 1, 2 or 3 bytes).
function isCased(tokens: readonly number[], i: number): boolean {
  const lead = tokens[i];
  const length = lead < 0x80 ? 1 : lead <= 0xdf ? 2 : 3;
  const char = new TextDecoder().decode(Uint8Array.from(tokens.slice(i, i + length)))[0] ?? "";
  return char.toLowerCase() !== char.toUpperCase();
}

export class WildcardMachine<T> {
  private ids = 0;
  private readonly start: State = this.newState(true);
  private readonly matches: Array<Match<T>> = [];

  private newState(determinate: boolean): State {
    return { id: this.ids++, determinate, edges: new Map() };
  }

  private link(from: State, byte: number, to: Node) {
    const targets = from.edges.get(byte);
    if (targets) targets.push(to);
    else from.edges.set(byte, [to]);
  }

  // The state Ruler walks on to when it meets an existing transition (ByteMachine.addMatchValue and
  // canReuseNextByteState): a fixed prefix is shared, and so is the first `*` after it; past a `*`,
  // a byte is shared only when it starts no cased character and the state has no `*` of its own.
  private reusable(state: State, tokens: readonly number[], i: number): State | undefined {
    const token = tokens[i];
    if (token === STAR) return state.star;
    const targets = (state.edges.get(token) ?? []).filter((node): node is State => isState(node) && node !== state);
    if (state.determinate) return targets.find((node) => node.determinate);
    const converge = isFirstByte(token) && ((state.star !== undefined && state.star !== state) || isCased(tokens, i));
    return converge ? undefined : targets[0];
  }

  /**
   * Adds one wildcard value of a pattern (ByteMachine.addMatchValue, addEndOfMatch, insertMatch)
   * and returns the name state it leads to: the one already there when the walk ends on a match of
   * the same pattern, else `candidate`, else a new one.
   */
  insert(tokens: readonly number[], pattern: string, candidate: T | undefined, create: () => T): T {
    let state = this.start;
    let previous: State | undefined;
    let i = 0;
    for (; i < tokens.length - 1; i++) {
      const next = this.reusable(state, tokens, i);
      if (!next) break;
      [previous, state] = [state, next];
    }
    for (; i < tokens.length - 1; i++) {
      const next = this.newState(state.determinate && tokens[i] !== STAR);
      if (tokens[i] === STAR) {
        next.star = next;
        state.star = next;
      } else {
        this.link(state, tokens[i], next);
        // A `*` also matches nothing: the state before it takes the byte after it too.
        if (previous && tokens[i - 1] === STAR) this.link(previous, tokens[i], next);
      }
      [previous, state] = [state, next];
    }
    const last = tokens[tokens.length - 1];
    const found = (state.edges.get(last) ?? []).find((node): node is Match<T> => !isState(node) && node.pattern === pattern);
    if (found) return found.next;
    const match = this.matchFor(pattern, candidate ?? create());
    this.link(state, last, match);
    if (previous && tokens[tokens.length - 2] === STAR) this.link(previous, last, match);
    return match.next;
  }

  // Ruler's ByteMatch is equal to another of the same pattern and name state, so one input meeting
  // both counts it once.
  private matchFor(pattern: string, next: T): Match<T> {
    const found = this.matches.find((match) => match.pattern === pattern && match.next === next);
    if (found) return found;
    const match = { id: this.ids++, pattern, next };
    this.matches.push(match);
    return match;
  }

  /** The name states the machine's matches lead to. */
  nextStates(): T[] {
    return this.matches.map((match) => match.next);
  }

  /**
   * MachineComplexityEvaluator.evaluate: over every set of states one input can reach (after at
   * least one byte), the number of wildcard patterns reachable from each state in it, summed, plus
   * those behind a `*` the input could enter on its next byte. Stops once past `limit` (or after
   * MAX_EXPLORED_STATES states, answering the highest seen).
   */
  complexity(limit: number): number {
    const weight = this.weights();
    const size = (set: readonly Node[]) => {
      const members = new Set(set);
      let total = 0;
      for (const node of set) {
        total += weight(node);
        if (isState(node) && node.star && !members.has(node.star)) total += weight(node.star);
      }
      return total;
    };
    const seen = new Set<string>();
    const pending = this.successors([this.start]);
    let highest = 0;
    let explored = 0;
    for (let set; (set = pending.pop()) && highest <= limit && explored < MAX_EXPLORED_STATES;) {
      const key = set.map((node) => node.id).join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      explored += set.length;
      highest = Math.max(highest, size(set));
      pending.push(...this.successors(set));
    }
    return highest;
  }

  // The sets reached from `set` on one more byte: one per byte with its own transitions, and one
  // for all other bytes, which only `*` states take.
  private successors(set: readonly Node[]): Node[][] {
    const states = set.filter(isState);
    const bytes = new Set(states.flatMap((state) => [...state.edges.keys()]));
    const stars = states.flatMap((state) => (state.star ? [state.star] : []));
    const result = [...bytes].map((byte) => [...states.flatMap((state) => state.edges.get(byte) ?? []), ...stars]);
    if (stars.length > 0) result.push(stars);
    return result.map((nodes) => [...new Set(nodes)].sort((a, b) => a.id - b.id)).filter((nodes) => nodes.length > 0);
  }

  // How many distinct wildcard patterns each node can still reach (getPatternsWithComplexity).
  private weights(): (node: Node) => number {
    const reach = new Map<Node, Set<string>>();
    const patterns = (node: Node): Set<string> => {
      let found = reach.get(node);
      if (found) return found;
      found = new Set();
      reach.set(node, found);
      if (!isState(node)) found.add(node.pattern);
      else {
        const targets = [...[...node.edges.values()].flat(), ...(node.star ? [node.star] : [])];
        for (const target of targets) if (target !== node) patterns(target).forEach((pattern) => found?.add(pattern));
      }
      return found;
    };
    return (node) => patterns(node).size;
  }
}
