// Circle state (members, pair-score sums) and its seeded greedy construction, with leftovers placed after.
import type { Problem } from './problem.js';
import type { Rng } from './prng.js';
import { permutation } from './prng.js';

export interface CircleState {
  pr: Problem;
  min: number;
  max: number;
  of: Int32Array;
  circles: number[][];
  /** Sum of pairwise scores inside each circle. */
  W: number[];
  /** Each member's sum of scores with its circle mates. */
  row: Float64Array;
  /** Whether recent repeats are allowed (only in the last, forced phase). */
  allowRepeat: boolean;
}

/** A circle's share of the objective: the sum over its members of their mean score with the rest. */
export function circleValue(w: number, size: number): number {
  return size >= 2 ? (2 * w) / (size - 1) : 0;
}

export function compatible(st: CircleState, i: number, j: number): boolean {
  return st.pr.feasible(i, j) && (st.allowRepeat || !st.pr.repeat(i, j));
}

export function compatibleWithAll(st: CircleState, i: number, group: readonly number[], except = -1): boolean {
  for (const j of group) if (j !== except && j !== i && !compatible(st, i, j)) return false;
  return true;
}

export function sumTo(st: CircleState, i: number, group: readonly number[], except = -1): number {
  let s = 0;
  for (const j of group) if (j !== except && j !== i) s += st.pr.score(i, j);
  return s;
}

export function newState(pr: Problem, min: number, max: number): CircleState {
  return { pr, min, max, of: new Int32Array(pr.n).fill(-1), circles: [], W: [], row: new Float64Array(pr.n), allowRepeat: false };
}

/** Moves member i into circle `to` (-1: out of every circle), keeping sums exact. */
export function relocate(st: CircleState, i: number, to: number): void {
  const from = st.of[i]!;
  if (from === to) return;
  if (from >= 0) {
    const c = st.circles[from]!;
    c.splice(c.indexOf(i), 1);
    st.W[from] = st.W[from]! - st.row[i]!;
    for (const a of c) st.row[a] = st.row[a]! - st.pr.score(a, i);
  }
  st.row[i] = 0;
  st.of[i] = to;
  if (to >= 0) {
    const c = st.circles[to]!;
    let s = 0;
    for (const b of c) {
      const x = st.pr.score(i, b);
      st.row[b] = st.row[b]! + x;
      s += x;
    }
    st.row[i] = s;
    st.W[to] = st.W[to]! + s;
    c.push(i);
  }
}

/** Members placed in circles. */
export function placedCount(st: CircleState): number {
  return st.circles.reduce((s, c) => s + c.length, 0);
}

/** The objective of the circles as they stand (the sum of circle values). */
export function totalValue(st: CircleState): number {
  let t = 0;
  for (let c = 0; c < st.circles.length; c++) t += circleValue(st.W[c]!, st.circles[c]!.length);
  return t;
}

/** Whether `b` places more members than `a`, or as many for more value. */
export function placesMoreOrBetter(b: CircleState, a: CircleState): boolean {
  const [pa, pb] = [placedCount(a), placedCount(b)];
  return pb > pa || (pb === pa && totalValue(b) > totalValue(a) + 1e-9);
}

/** Makes `st` hold the circles of `from` (a state over the same problem). */
export function adopt(st: CircleState, from: CircleState): void {
  Object.assign(st, { of: from.of, circles: from.circles, W: from.W, row: from.row });
}

export function addCircle(st: CircleState, members: readonly number[]): number {
  const id = st.circles.length;
  st.circles.push([]);
  st.W.push(0);
  for (const m of members) relocate(st, m, id);
  return id;
}

/**
 * Grows one circle from a seed to `target` members, each time adding the compatible member with the
 * best total score to those already in. The pool comes from candidate edges; when it dries up a
 * random sample of the still-unplaced members is tried. Returns the members (may fall short).
 */
function grow(st: CircleState, seed: number, target: number, unplaced: number[], rng: Rng): number[] {
  const g = st.pr.graph;
  const group = [seed];
  const pool = new Map<number, number>();
  const offer = (x: number): void => {
    for (let k = g.start[x]!; k < g.start[x + 1]!; k++) {
      const y = g.nbr[k]!;
      if (st.of[y] !== -1 || pool.has(y) || group.includes(y)) continue;
      if (compatibleWithAll(st, y, group)) pool.set(y, sumTo(st, y, group));
    }
  };
  offer(seed);
  while (group.length < target) {
    let best = -1;
    let bestSum = -Infinity;
    for (const [y, s] of pool) {
      if (s > bestSum) [best, bestSum] = [y, s];
    }
    if (best < 0) {
      const tries = Math.min(unplaced.length, 64);
      for (let t = 0; t < tries; t++) {
        const y = unplaced.length <= 64 ? unplaced[t]! : unplaced[rng.int(unplaced.length)]!;
        if (st.of[y] !== -1 || group.includes(y) || !compatibleWithAll(st, y, group)) continue;
        const s = sumTo(st, y, group);
        if (s > bestSum) [best, bestSum] = [y, s];
      }
      if (best < 0) break;
    }
    pool.delete(best);
    group.push(best);
    for (const [y, s] of pool) {
      if (!compatible(st, best, y)) pool.delete(y);
      else pool.set(y, s + st.pr.score(best, y));
    }
    offer(best);
  }
  return group;
}

/** Seeds go hardest-first (fewest candidates), ties in seeded order; circles start at minSize. */
export function construct(st: CircleState, rng: Rng): void {
  const n = st.pr.n;
  const g = st.pr.graph;
  const perm = permutation(n, rng);
  const order = Array.from(perm).sort((a, b) => g.start[a + 1]! - g.start[a]! - (g.start[b + 1]! - g.start[b]!));
  let unplaced = order.slice();
  let sinceCompact = 0;
  for (const seed of order) {
    if (st.of[seed] !== -1) continue;
    const group = grow(st, seed, st.min, unplaced, rng);
    if (group.length >= st.min) addCircle(st, group);
    if (++sinceCompact > 64) {
      unplaced = unplaced.filter((x) => st.of[x] === -1);
      sinceCompact = 0;
    }
  }
}

/** Circles holding a candidate of i (every circle when there are few). */
function nearCircles(st: CircleState, i: number): number[] {
  if (st.circles.length <= 400) return st.circles.map((_, c) => c);
  const g = st.pr.graph;
  const out = new Set<number>();
  for (let k = g.start[i]!; k < g.start[i + 1]!; k++) {
    const c = st.of[g.nbr[k]!]!;
    if (c >= 0) out.add(c);
  }
  return [...out];
}

/** Places left-out members: into a circle with room, by bumping a member who fits elsewhere, or in new circles. */
export function placeLeftovers(st: CircleState, rng: Rng): void {
  const n = st.pr.n;
  const gainIn = (i: number, c: number): number => {
    const m = st.circles[c]!;
    return circleValue(st.W[c]! + sumTo(st, i, m), m.length + 1) - circleValue(st.W[c]!, m.length);
  };
  const bestRoom = (i: number, within: readonly number[], except = -1): number => {
    let best = -1;
    let bestGain = -Infinity;
    for (const c of within) {
      const m = st.circles[c]!;
      if (c === except || m.length >= st.max || m.length === 0 || !compatibleWithAll(st, i, m)) continue;
      const gain = gainIn(i, c);
      if (gain > bestGain) [best, bestGain] = [c, gain];
    }
    return best;
  };
  const all = (): number[] => st.circles.map((_, c) => c);
  let left = Array.from({ length: n }, (_, i) => i).filter((i) => st.of[i] === -1);
  for (const i of left) {
    let c = bestRoom(i, nearCircles(st, i));
    if (c < 0 && st.circles.length > 400) c = bestRoom(i, all());
    if (c >= 0) relocate(st, i, c);
  }
  left = left.filter((i) => st.of[i] === -1);
  for (const i of left) {
    // Bump: i takes k's seat where k fits into another circle with room.
    search: for (const c of nearCircles(st, i)) {
      const m = st.circles[c]!;
      if (m.length === 0) continue;
      const blockers = m.filter((x) => !compatible(st, i, x));
      const seats = blockers.length === 0 ? m.slice() : blockers.length === 1 ? blockers : [];
      for (const k of seats) {
        const dest = bestRoom(k, nearCircles(st, k), c);
        if (dest < 0) continue;
        relocate(st, k, dest);
        relocate(st, i, c);
        break search;
      }
    }
  }
  left = left.filter((i) => st.of[i] === -1);
  while (left.length >= st.min) {
    const group = grow(st, left[0]!, st.min, left, rng);
    if (group.length >= st.min) addCircle(st, group);
    left = left.filter((i) => st.of[i] === -1 && (group.length >= st.min || i !== left[0]));
  }
}
