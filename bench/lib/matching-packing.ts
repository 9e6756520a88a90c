// Exact weighted set packing over explicit circles: branch and bound priced by LP duals, with memo over the members left.

interface Packing {
  /** Indices of the chosen columns. */
  chosen: number[];
  total: number;
  /** Search nodes visited (a measure of the work, for the bench's report). */
  nodes: number;
}

/**
 * Best packing of the columns (bitmasks over n ≤ 30 members, each worth weight[k] ≥ 0), exact with no time
 * limit. `dual` is any row-dual vector (HiGHS's LP duals make it tight): it is raised by the largest
 * positive reduced cost over the column's size so that every column's weight ≤ the sum of its members'
 * duals, which makes Σ dual over the members left an upper bound on any packing of them. The search takes
 * the first member left (members ordered by fewest columns) and either packs a column holding it (a
 * column's own members are all left) or leaves it out; a branch whose bound cannot beat the best found is
 * cut. Results per set of members left are memoised fail-soft: the exact optimum when it beat the
 * threshold asked, else an upper bound, so a set is searched again only for a lower threshold.
 */
export function packColumns(n: number, masks: Int32Array, weight: Float64Array, dual: Float64Array, minSize: number): Packing {
  const cols = masks.length;
  if (cols === 0) return { chosen: [], total: 0, nodes: 0 };
  // Member order: fewest columns first (their branches are the narrowest).
  const count = new Int32Array(n);
  for (let k = 0; k < cols; k++) for (let m = masks[k]!; m !== 0; m &= m - 1) count[31 - Math.clz32(m & -m)]!++;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => count[a]! - count[b]! || a - b);
  const pos = new Int32Array(n);
  order.forEach((i, p) => (pos[i] = p));
  // Re-label members by position, so "first member left" is the lowest bit.
  const rm = new Int32Array(cols);
  for (let k = 0; k < cols; k++) {
    let r = 0;
    for (let m = masks[k]!; m !== 0; m &= m - 1) r |= 1 << pos[31 - Math.clz32(m & -m)]!;
    rm[k] = r;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[pos[i]!] = Math.max(0, dual[i]!);
  let rcMax = 0;
  const rc = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let d = weight[k]!;
    for (let m = rm[k]!; m !== 0; m &= m - 1) d -= y[31 - Math.clz32(m & -m)]!;
    rc[k] = d;
    if (d > rcMax) rcMax = d;
  }
  // Dual-feasible: every column has ≥ minSize members, so raising each dual by rcMax/minSize (and a
  // little for rounding) leaves no column with a positive reduced cost.
  const lift = rcMax / minSize + 1e-9;
  for (let i = 0; i < n; i++) y[i]! += lift;
  for (let k = 0; k < cols; k++) rc[k]! -= lift * popcount(rm[k]!);
  // Columns grouped by their lowest member, each group by reduced cost, best first.
  const byLow: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < cols; k++) byLow[31 - Math.clz32(rm[k]! & -rm[k]!)]!.push(k);
  const group = byLow.map((g) => Int32Array.from(g.sort((a, b) => rc[b]! - rc[a]!)));
  const sumY = (s: number): number => {
    let t = 0;
    for (let m = s; m !== 0; m &= m - 1) t += y[31 - Math.clz32(m & -m)]!;
    return t;
  };
  const EPS = 1e-9;
  const memoVal = new Map<number, number>();
  const memoExact = new Set<number>();
  const bestCol = new Map<number, number>(); // exact states: column packed at the first member, or −1
  let nodes = 0;
  /** Whether the last solve() returned an exact optimum (else an upper bound). */
  let exact = true;
  // Exact best(s) when it exceeds `lower`, else (exact = false) an upper bound on it, about ≤ lower.
  const solve = (s: number, lower: number): number => {
    exact = true;
    if (s === 0) return 0;
    const bound = sumY(s);
    exact = false;
    if (bound <= lower + EPS) return bound;
    const known = memoVal.get(s);
    if (known !== undefined && memoExact.has(s)) {
      exact = true;
      return known;
    }
    if (known !== undefined && known <= lower + EPS) return known;
    nodes++;
    const low = s & -s;
    const i = 31 - Math.clz32(low);
    let best = -Infinity;
    let bestK = -1;
    let ub = -Infinity;
    const g = group[i]!;
    for (let x = 0; x < g.length; x++) {
      const k = g[x]!;
      const th = Math.max(lower, best);
      if (bound + rc[k]! <= th + EPS) {
        ub = Math.max(ub, bound + rc[k]!);
        break;
      }
      const c = rm[k]!;
      if ((c & s) !== c) continue;
      const w = weight[k]!;
      const r = w + solve(s ^ c, th - w);
      if (exact && r > th + EPS) {
        best = r;
        bestK = k;
      } else ub = Math.max(ub, r);
    }
    const th = Math.max(lower, best);
    const r = solve(s ^ low, th);
    if (exact && r > th + EPS) {
      best = r;
      bestK = -1;
    } else ub = Math.max(ub, r);
    if (best > lower + EPS) {
      memoVal.set(s, best);
      memoExact.add(s);
      bestCol.set(s, bestK);
      exact = true;
      return best;
    }
    const out = Math.max(best, ub);
    memoVal.set(s, out);
    exact = false;
    return out;
  };
  const all = n === 32 ? -1 : (1 << n) - 1;
  const total = solve(all, -1);
  // Walk the exact states back to the chosen columns.
  const chosen: number[] = [];
  for (let s = all; s !== 0; ) {
    const k = bestCol.get(s);
    if (k === undefined) throw new Error('packing: a state on the optimal path was not solved exactly');
    if (k < 0) s ^= s & -s;
    else {
      chosen.push(k);
      s ^= rm[k]!;
    }
  }
  return { chosen, total, nodes };
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}
