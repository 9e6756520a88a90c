// Exact circles on a small set of members: every feasible circle (a clique of the compatibility graph), then set packing.
export interface Packing {
  /** Circles as indices into the members given. */
  circles: number[][];
  placed: number;
  value: number;
}

/** At most this many members: sets are 32-bit masks. */
export const PACK_MAX = 30;
const EPS = 1e-9;

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};
const lowIndex = (x: number): number => 31 - Math.clz32(x & -x);

export interface PackLimits {
  /** Give up (return null) past this many feasible circles, search states or circle checks. */
  maxCircles: number;
  maxStates: number;
  maxWork?: number;
  /** When given, the work done (circles found, states, circle checks) is added to `used`, solved or not. */
  meter?: { used: number };
}

/**
 * The best packing of m ≤ PACK_MAX members into disjoint circles of [min, max] members whose pairs
 * are all compatible: most members placed, then the largest objective (each circle worth
 * 2·W/(size − 1), W its pair-score sum). Circles are enumerated per lowest member as cliques; the
 * packing takes the lowest remaining member either out or in one of its circles, memoised on the
 * set of members left. Exact, or null when the limits are hit (the caller keeps what it has).
 */
export function packCircles(
  m: number,
  compat: (a: number, b: number) => boolean,
  score: (a: number, b: number) => number,
  min: number,
  max: number,
  limits: PackLimits = { maxCircles: 60_000, maxStates: 400_000, maxWork: 3_000_000 },
): Packing | null {
  if (m > PACK_MAX) throw new RangeError(`packCircles takes at most ${PACK_MAX} members`);
  const adj = new Int32Array(m);
  const s = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (!compat(a, b)) continue;
      adj[a]! |= 1 << b;
      adj[b]! |= 1 << a;
      s[a * m + b] = s[b * m + a] = score(a, b);
    }
  }
  // byLow[i]: circles whose lowest member is i, as [mask, value].
  const byLow: Array<Array<[number, number]>> = Array.from({ length: m }, () => []);
  let count = 0;
  let overflow = false;
  const grow = (low: number, mask: number, cand: number, size: number, w: number): void => {
    if (overflow) return;
    if (size >= min) {
      byLow[low]!.push([mask, (2 * w) / (size - 1)]);
      if (++count > limits.maxCircles) {
        overflow = true;
        return;
      }
    }
    if (size === max || size + popcount(cand) < min) return;
    for (let rest = cand; rest !== 0; rest &= rest - 1) {
      const j = lowIndex(rest);
      let add = 0;
      for (let x = mask; x !== 0; x &= x - 1) add += s[lowIndex(x) * m + j]!;
      // Only higher members join, so each circle is found once.
      grow(low, mask | (1 << j), cand & adj[j]! & ~((2 << j) - 1), size + 1, w + add);
    }
  };
  for (let i = 0; i < m && !overflow; i++) grow(i, 1 << i, adj[i]! & ~((2 << i) - 1), 1, 0);
  if (limits.meter) limits.meter.used += count;
  if (overflow) return null;
  for (const l of byLow) l.sort((a, b) => b[1] - a[1] || a[0] - b[0]);

  const memoPlaced = new Map<number, number>();
  const memoValue = new Map<number, number>();
  const memoChoice = new Map<number, number>();
  let states = 0;
  let work = 0;
  const maxWork = limits.maxWork ?? Infinity;
  const solve = (S: number): boolean => {
    if (S === 0 || memoPlaced.has(S)) return true;
    if (++states > limits.maxStates) return false;
    const i = lowIndex(S);
    const without = S & ~(1 << i);
    if (!solve(without)) return false;
    let bestP = memoPlaced.get(without) ?? 0;
    let bestV = memoValue.get(without) ?? 0;
    let choice = 0;
    for (const [c, v] of byLow[i]!) {
      if (++work > maxWork) return false;
      if ((c & S) !== c) continue;
      const r = S & ~c;
      if (!solve(r)) return false;
      const p = popcount(c) + (memoPlaced.get(r) ?? 0);
      const val = v + (memoValue.get(r) ?? 0);
      if (p > bestP || (p === bestP && val > bestV + EPS)) {
        bestP = p;
        bestV = val;
        choice = c;
      }
    }
    memoPlaced.set(S, bestP);
    memoValue.set(S, bestV);
    memoChoice.set(S, choice);
    return true;
  };
  const all = m === 32 ? -1 : (1 << m) - 1;
  const solved = solve(all);
  if (limits.meter) limits.meter.used += states + work;
  if (!solved) return null;
  const circles: number[][] = [];
  for (let S = all; S !== 0; ) {
    const c = memoChoice.get(S) ?? 0;
    if (c === 0) {
      S &= ~(1 << lowIndex(S));
      continue;
    }
    const members: number[] = [];
    for (let x = c; x !== 0; x &= x - 1) members.push(lowIndex(x));
    circles.push(members);
    S &= ~c;
  }
  return { circles, placed: memoPlaced.get(all) ?? 0, value: memoValue.get(all) ?? 0 };
}
