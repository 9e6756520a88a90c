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
/** A search state's bookkeeping (memo, bound, children list) in work units, beside the members and circle steps it scans. */
const STATE_WORK = 10;

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};
const lowIndex = (x: number): number => 31 - Math.clz32(x & -x);

/**
 * Grows every clique of up to `max` members from `mask` (`size` members, pairwise scores summing to
 * `w`) by members of `cand` (bit sets over m members; `adj` rows, `s` an m×m score matrix), each
 * member joining only after lower ones so every clique is found once. `visit` sees every clique
 * grown, in growth order, and returns false to stop; growCliques then returns false.
 */
function growCliques(
  adj: Int32Array,
  s: Float64Array,
  m: number,
  min: number,
  max: number,
  mask: number,
  cand: number,
  size: number,
  w: number,
  visit: (mask: number, size: number, w: number) => boolean,
): boolean {
  if (!visit(mask, size, w)) return false;
  if (size === max || size + popcount(cand) < min) return true;
  for (let rest = cand; rest !== 0; rest &= rest - 1) {
    const j = lowIndex(rest);
    let add = 0;
    for (let x = mask; x !== 0; x &= x - 1) add += s[lowIndex(x) * m + j]!;
    if (!growCliques(adj, s, m, min, max, mask | (1 << j), cand & adj[j]! & ~((2 << j) - 1), size + 1, w + add, visit)) return false;
  }
  return true;
}

export interface PackLimits {
  /** Give up (return null) past this many feasible circles, search states or work units. */
  maxCircles: number;
  maxStates: number;
  maxWork?: number;
  /** When given, the work done (circles found, then per state and per member or clique step scanned) is added to `used`, solved or not. */
  meter?: { used: number };
}

/**
 * The best packing of m ≤ PACK_MAX members into disjoint circles of [min, max] members whose pairs
 * are all compatible: most members placed, then the largest objective (each circle worth
 * 2·W/(size − 1), W its pair-score sum). Every circle is enumerated once as a clique (for the
 * limit, the member order and each member's best share); then a branch and bound over the set of
 * members left takes its first member (fewest circles first) out or into one of its circles among
 * the members left, cut by a bound (members who still have a circle's worth of compatible members,
 * each at its best circle's value per member). Exact, or null when the limits are hit (the caller
 * keeps what it has).
 */
export function packCircles(
  m: number,
  compat: (a: number, b: number) => boolean,
  score: (a: number, b: number) => number,
  min: number,
  max: number,
  limits: PackLimits = { maxCircles: 60_000, maxStates: 400_000, maxWork: 8_000_000 },
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
  // Every feasible circle once (grown from its lowest member), as a mask and its value.
  const masks: number[] = [];
  const values: number[] = [];
  let overflow = false;
  const keep = (mask: number, size: number, w: number): boolean => {
    if (size < min) return true;
    masks.push(mask);
    values.push((2 * w) / (size - 1));
    return masks.length <= limits.maxCircles;
  };
  for (let i = 0; i < m && !overflow; i++) overflow = !growCliques(adj, s, m, min, max, 1 << i, adj[i]! & ~((2 << i) - 1), 1, 0, keep);
  if (limits.meter) limits.meter.used += masks.length;
  if (overflow) return null;
  // The packing branches on the first member left; members in the fewest circles come first, so
  // the branching is narrow near the root and most sets of members left are never reached.
  const inCircles = new Int32Array(m);
  for (const c of masks) for (let x = c; x !== 0; x &= x - 1) inCircles[lowIndex(x)]!++;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => inCircles[a]! - inCircles[b]! || a - b);
  const pos = new Int32Array(m);
  order.forEach((i, k) => (pos[i] = k));
  const remap = (c: number): number => {
    let r = 0;
    for (let x = c; x !== 0; x &= x - 1) r |= 1 << pos[lowIndex(x)]!;
    return r;
  };
  // share[k]: the most member k can bring to the objective (its best circle's value per member).
  const share = new Float64Array(m).fill(-Infinity);
  for (let k = 0; k < masks.length; k++) {
    const size = popcount(masks[k]!);
    for (let x = masks[k]!; x !== 0; x &= x - 1) share[pos[lowIndex(x)]!] = Math.max(share[pos[lowIndex(x)]!]!, values[k]! / size);
  }
  const adjNew = new Int32Array(m);
  const sNew = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    adjNew[pos[a]!] = remap(adj[a]!);
    for (let b = 0; b < m; b++) sNew[pos[a]! * m + pos[b]!] = s[a * m + b]!;
  }
  /** The circles of first member i among the members left S (cliques grown in order), as [mask, value]. */
  const circlesIn = (i: number, S: number): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    growCliques(adjNew, sNew, m, min, max, 1 << i, adjNew[i]! & S, 1, 0, (mask, size, w) => {
      work += size;
      if (size >= min) out.push([mask, (2 * w) / (size - 1)]);
      return true;
    });
    // Largest members' circles first (the reverse of the growth order): measured, it proves the optimum in fewer steps than sorting by size or value.
    return out.reverse();
  };

  // Branch and bound over the sets of members left, memoised fail-soft: an entry is exact, or an
  // upper bound that did not beat what its caller needed.
  const memo = new Map<number, number>();
  const memoP: number[] = [];
  const memoV: number[] = [];
  const memoExact: boolean[] = [];
  const memoChoice: number[] = [];
  let states = 0;
  let work = 0;
  const maxWork = limits.maxWork ?? Infinity;
  let gaveUp = false;
  const beats = (p: number, v: number, tp: number, tv: number): boolean => p > tp || (p === tp && v > tv + EPS);
  /** Bound on S: every member with a circle's worth of compatible members left is placed, at its best share. */
  const bound = (S: number): [number, number] => {
    let p = 0;
    let v = 0;
    let vPos = 0;
    work += popcount(S);
    for (let x = S; x !== 0; x &= x - 1) {
      const k = lowIndex(x);
      if (share[k] === -Infinity || popcount(adjNew[k]! & S) < min - 1) continue;
      p++;
      v += share[k]!;
      vPos += Math.max(share[k]!, 0);
    }
    // Only some counts can be split into circles of [min, max] members.
    let q = p;
    while (q > 0 && Math.floor(q / min) * max < q) q--;
    return q === p ? [p, v] : [q, vPos];
  };
  /** The best packing of S if it beats (tp, tv); else an upper bound that does not. [placed, value, exact]. */
  const solve = (S: number, tp: number, tv: number): [number, number, boolean] => {
    if (S === 0) return [0, 0, true];
    const at = memo.get(S);
    if (at !== undefined && (memoExact[at] || !beats(memoP[at]!, memoV[at]!, tp, tv))) return [memoP[at]!, memoV[at]!, memoExact[at]!];
    if (gaveUp || ++states > limits.maxStates) {
      gaveUp = true;
      return [0, 0, false];
    }
    const [bp, bv] = bound(S);
    if (!beats(bp, bv, tp, tv)) return [bp, bv, false];
    const i = lowIndex(S);
    if (STATE_WORK * states + work > maxWork) gaveUp = true;
    let bestP = -1;
    let bestV = 0;
    let choice = 0;
    let failP = -1;
    let failV = -Infinity;
    let exact = true;
    const consider = (c: number, cp: number, cv: number): boolean => {
      const [rp, rv, rx] = solve(S & ~(c || 1 << i), Math.max(tp, bestP) - cp, (beats(bestP, bestV, tp, tv) ? bestV : tv) - cv);
      if (gaveUp) return false;
      if (!rx) {
        exact = false;
        if (beats(rp + cp, rv + cv, failP, failV)) [failP, failV] = [rp + cp, rv + cv];
      } else if (beats(rp + cp, rv + cv, bestP, bestV)) [bestP, bestV, choice] = [rp + cp, rv + cv, c];
      return true;
    };
    for (const [c, v] of circlesIn(i, S)) if (!consider(c, popcount(c), v)) break;
    if (!gaveUp) consider(0, 0, 0);
    if (gaveUp) return [0, 0, false];
    // Every child that was not solved exactly was cut below what was needed, so the best is exact
    // when it beats the target; else the largest of all the children bounds S.
    const isExact = exact || beats(bestP, bestV, tp, tv);
    const [rp, rv] = isExact || beats(bestP, bestV, failP, failV) ? [bestP, bestV] : [failP, failV];
    const k = at ?? memoP.length;
    memo.set(S, k);
    [memoP[k], memoV[k], memoExact[k], memoChoice[k]] = [rp, rv, isExact, choice];
    return [rp, rv, isExact];
  };
  const all = m === 32 ? -1 : (1 << m) - 1;
  const [placed, value] = solve(all, -1, 0);
  if (limits.meter) limits.meter.used += STATE_WORK * states + work;
  if (gaveUp) return null;
  const circles: number[][] = [];
  for (let S = all; S !== 0; ) {
    const at = memo.get(S);
    const c = at === undefined ? 0 : memoChoice[at]!;
    if (c === 0) {
      S &= ~(1 << lowIndex(S));
      continue;
    }
    const members: number[] = [];
    for (let x = c; x !== 0; x &= x - 1) members.push(order[lowIndex(x)]!);
    circles.push(members.sort((a, b) => a - b));
    S &= ~c;
  }
  return { circles, placed, value };
}
