// Ejection chains: a left-out member takes a seat whose holder moves on, until someone fits a circle with room.
import { compatible, relocate, type CircleState } from './circles.js';

/** Moves on one chain at most (the left-out member's and its successors'). */
const MAX_DEPTH = 5;

/** A move: `who` into circle `to`. */
type Move = [who: number, to: number];

interface Search {
  st: CircleState;
  /** Circle checks left (work, not time: one result on any machine). */
  left: number;
}

/** The members of circle `c` who break a rule with `i` (i itself aside), or null past one. */
function soleBlocker(st: CircleState, i: number, c: number): number[] | null {
  let found: number[] = [];
  for (const x of st.circles[c]!) {
    if (x === i || compatible(st, i, x)) continue;
    if (found.length === 1) return null;
    found = [x];
  }
  return found;
}

/**
 * A new seat for `k`, which gives up its own: a circle with room where it breaks no rule, or a circle
 * where exactly one member does, who then looks for a seat the same way (depth first, at most
 * `depth` moves). `banned` holds the circles the chain has already changed; `seen` the members it
 * has already tried to move. Returns the moves, first first, or null.
 */
function reseat(s: Search, k: number, banned: Set<number>, depth: number, seen: Set<number>): Move[] | null {
  const { st } = s;
  const home = st.of[k]!;
  const oneOff: Array<[number, number]> = [];
  for (let c = 0; c < st.circles.length; c++) {
    const m = st.circles[c]!;
    if (m.length === 0 || c === home || banned.has(c)) continue;
    if (--s.left < 0) return null;
    const blockers = soleBlocker(st, k, c);
    if (!blockers) continue;
    if (blockers.length === 0 && m.length < st.max) return [[k, c]];
    if (blockers.length === 1 && !seen.has(blockers[0]!)) oneOff.push([c, blockers[0]!]);
  }
  if (depth <= 1) return null;
  for (const [c, b] of oneOff) {
    if (seen.has(b)) continue;
    seen.add(b);
    banned.add(c);
    const rest = reseat(s, b, banned, depth - 1, seen);
    banned.delete(c);
    if (rest) return [[k, c], ...rest];
    if (s.left < 0) return null;
  }
  return null;
}

/**
 * Places left-out members by ejection chains: a member left out takes a seat in a circle where it
 * breaks a rule with exactly one member (or sits down where it breaks none and there is room), and
 * that member is reseated the same way, until the last one fits a circle with room. Every circle on
 * a chain keeps its size but the last, which grows by one, and every member who moves sits with
 * members it may sit with: placement grows by one per chain, no rule is broken. The one-step bump of
 * `placeLeftovers` is a chain of one move; longer chains reach members whose seat only frees up
 * two or three circles away (the core of a dense metro, where most pairs are rivals). Members in
 * index order, circles in index order, work capped by `budget.left` circle checks (spent from it, so
 * passes can share one budget): one result per seed. Returns how many members it placed.
 */
export function placeByChains(st: CircleState, budget: { left: number }): number {
  const s: Search = { st, left: budget.left };
  let placed = 0;
  // Members who could not be reseated since the circles last changed: whether one can depends on the
  // circles alone (its own circle is the only one barred), so the answer holds until a chain succeeds.
  const stuck = new Set<number>();
  for (let u = 0; u < st.pr.n && s.left > 0; u++) {
    if (st.of[u] !== -1) continue;
    for (let c = 0; c < st.circles.length && st.of[u] === -1 && s.left > 0; c++) {
      const m = st.circles[c]!;
      if (m.length === 0) continue;
      const blockers = soleBlocker(st, u, c);
      if (!blockers) continue;
      let moves: Move[] | null = null;
      if (blockers.length === 0) moves = m.length < st.max ? [] : null;
      else if (!stuck.has(blockers[0]!)) {
        moves = reseat(s, blockers[0]!, new Set([c]), MAX_DEPTH - 1, new Set([u, blockers[0]!]));
        if (!moves && s.left > 0) stuck.add(blockers[0]!);
      }
      if (!moves) continue;
      stuck.clear();
      // The last move first: each one frees the seat the one before it takes.
      for (let k = moves.length - 1; k >= 0; k--) relocate(st, moves[k]![0], moves[k]![1]);
      relocate(st, u, c);
      placed++;
    }
  }
  budget.left = Math.max(0, s.left);
  return placed;
}

/**
 * Two left-out members who may sit together take one member's seat in a circle with room for one
 * more (each breaks no rule with the rest of the circle): placement grows by one, and the member who
 * gave up the seat is left out, for a later chain to reseat. In a dense metro a left-out practice
 * often competes with nothing in a circle but its rival: that rival makes way for it and for another
 * rival, left out, who competes with nobody else there. A chain cannot make that move (the rival who
 * leaves has no other circle to go to). Circles, members and left-out members in index order, work
 * capped by `budget.left` member checks (spent from it): one result per seed. Returns the gain.
 */
export function placeByPairSwaps(st: CircleState, budget: { left: number }): number {
  const n = st.pr.n;
  let gained = 0;
  for (let c = 0; c < st.circles.length && budget.left > 0; c++) {
    const circle = st.circles[c]!;
    if (circle.length === 0 || circle.length >= st.max) continue;
    // Each left-out member who breaks no rule with the circle (blocker −1) or with exactly one member.
    const byBlocker = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (st.of[i] !== -1) continue;
      budget.left -= circle.length;
      const blockers = soleBlocker(st, i, c);
      if (!blockers) continue;
      const key = blockers[0] ?? -1;
      const list = byBlocker.get(key);
      if (list) list.push(i);
      else byBlocker.set(key, [i]);
    }
    const free = byBlocker.get(-1) ?? [];
    for (const m of circle) {
      const fits = [...free, ...(byBlocker.get(m) ?? [])].sort((a, b) => a - b);
      const pair = compatiblePair(st, fits, budget);
      if (!pair) continue;
      relocate(st, m, -1);
      relocate(st, pair[0], c);
      relocate(st, pair[1], c);
      gained++;
      break;
    }
  }
  return gained;
}

/** The first two of `ids` who may sit together, in index order (each check spent from `budget.left`). */
function compatiblePair(st: CircleState, ids: readonly number[], budget: { left: number }): [number, number] | null {
  for (let a = 0; a < ids.length; a++) {
    for (let b = a + 1; b < ids.length; b++) {
      if (--budget.left < 0) return null;
      if (compatible(st, ids[a]!, ids[b]!)) return [ids[a]!, ids[b]!];
    }
  }
  return null;
}
