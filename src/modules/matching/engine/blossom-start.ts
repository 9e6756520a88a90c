// Greedy start for the exact matcher: the primal-dual algorithm's first stages, done as one greedy pass over sorted edges.
import type { BlossomState } from './blossom-state.js';

/**
 * From the usual start (no pair, every dual at the largest weight) the algorithm lowers the common
 * dual D of the single vertices until an edge becomes tight. While that edge joins two single
 * vertices it is simply matched: greedy by weight, each stage O(1) here instead of a scan of the
 * whole forest. The pass stops at the first point where the algorithm would grow a tree instead
 * (a single s with 2w(s, x) − d(x) above the next weight, x matched), or at a weight ≤ 0. State
 * then is exactly what those stages leave: matched edges tight (d = w at both ends), single
 * vertices at D (the smallest dual), every edge feasible; the stages go on from there.
 * Returns how many pairs it made.
 */
export function greedyStart(s: BlossomState): number {
  const { nv, eu, ev, ew, mate, dualVar, nbStart, nbEnd } = s;
  const ne = eu.length;
  const order = Int32Array.from({ length: ne }, (_, k) => k).sort((a, b) => ew[b]! - ew[a]! || a - b);
  // need[v]: for a single v, the largest 2w(v, x) − d(x) over matched neighbours x; a max-heap holds them (stale ones skipped).
  const need = new Float64Array(nv).fill(-Infinity);
  const heapV: number[] = [];
  const heapW: number[] = [];
  const push = (v: number, w: number): void => {
    let i = heapV.length;
    heapV.push(v);
    heapW.push(w);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapW[p]! >= w) break;
      heapV[i] = heapV[p]!;
      heapW[i] = heapW[p]!;
      i = p;
    }
    heapV[i] = v;
    heapW[i] = w;
  };
  const pop = (): void => {
    const v = heapV.pop()!;
    const w = heapW.pop()!;
    const len = heapV.length;
    if (len === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= len) break;
      if (c + 1 < len && heapW[c + 1]! > heapW[c]!) c++;
      if (heapW[c]! <= w) break;
      heapV[i] = heapV[c]!;
      heapW[i] = heapW[c]!;
      i = c;
    }
    heapV[i] = v;
    heapW[i] = w;
  };
  const threshold = (): number => {
    while (heapV.length > 0 && (mate[heapV[0]!] !== -1 || heapW[0] !== need[heapV[0]!])) pop();
    return heapV.length > 0 ? heapW[0]! : -Infinity;
  };
  let pairs = 0;
  let d = -1;
  for (const k of order) {
    const i = eu[k]!;
    const j = ev[k]!;
    if (mate[i] !== -1 || mate[j] !== -1) continue;
    const w = ew[k]!;
    if (w <= 0 || w < threshold()) break;
    d = w;
    mate[i] = 2 * k + 1;
    mate[j] = 2 * k;
    dualVar[i] = dualVar[j] = w;
    pairs++;
    for (const x of [i, j]) {
      for (let q = nbStart[x]!; q < nbStart[x + 1]!; q++) {
        const p = nbEnd[q]!;
        const v = s.endpoint[p]!;
        if (mate[v] !== -1) continue;
        const val = 2 * ew[p >> 1]! - w;
        if (val > need[v]!) {
          need[v] = val;
          push(v, val);
        }
      }
    }
  }
  if (pairs > 0) for (let v = 0; v < nv; v++) if (mate[v] === -1) dualVar[v] = d;
  return pairs;
}
