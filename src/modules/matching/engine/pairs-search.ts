// Local search on a maximum matching: swaps and short alternating paths that raise weight, never cardinality loss.
import { findEdge, type Graph } from './graph.js';
import { effectiveWeight } from './pairs.js';
import type { Rng } from './prng.js';
import { permutation } from './prng.js';
import type { Work } from './work.js';

const EPS = 1e-12;
/** Rotations look at this many best neighbours on each side. */
const ROTATE_L = 10;

/**
 * Moves tried around each vertex a (a' its mate, b a neighbour, b' b's mate, c/d free vertices):
 * 2-opt (a-b, a'-b'); re-pairing through a free vertex (a-b with a' or b' taking a free c, or left
 * free); a free vertex taking a matched one's place. Each keeps the number of pairs, and weights
 * carry the repeat penalty, so repeats are traded away whenever the pair count allows.
 * Returns false if the work budget stopped the search before it converged.
 */
export function improveMatching(g: Graph, mate: Int32Array, rng: Rng, work: Work): boolean {
  const n = g.n;
  const mw = new Float64Array(n);
  const freeNbrs = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    const v = mate[u]!;
    if (v >= 0) mw[u] = effectiveWeight(g, findEdge(g, u, v));
    else for (let k = g.start[u]!; k < g.start[u + 1]!; k++) freeNbrs[g.nbr[k]!]!++;
  }
  const setFree = (x: number): void => {
    if (mate[x] === -1) return;
    mate[x] = -1;
    mw[x] = 0;
    for (let k = g.start[x]!; k < g.start[x + 1]!; k++) freeNbrs[g.nbr[k]!]!++;
  };
  const pair = (x: number, y: number, w: number): void => {
    for (const z of [x, y]) {
      if (mate[z] === -1) for (let k = g.start[z]!; k < g.start[z + 1]!; k++) freeNbrs[g.nbr[k]!]!--;
    }
    mate[x] = y;
    mate[y] = x;
    mw[x] = w;
    mw[y] = w;
  };
  /** Best free neighbour of x other than `not`, as [vertex, weight] (vertex -1 if none). */
  const bestFree = (x: number, not: number): [number, number] => {
    if (x < 0 || freeNbrs[x] === 0) return [-1, 0];
    for (let k = g.start[x]!; k < g.start[x + 1]!; k++) {
      const c = g.nbr[k]!;
      if (mate[c] === -1 && c !== not) return [c, effectiveWeight(g, k)];
    }
    return [-1, 0];
  };

  const markOf = new Int32Array(n);
  const markW = new Float64Array(n);
  let rowStamp = 0;
  const active = new Uint8Array(n);
  const stack: number[] = [];
  const order = permutation(n, rng);
  for (let i = n - 1; i >= 0; i--) {
    stack.push(order[i]!);
    active[order[i]!] = 1;
  }
  const wakeOne = (y: number): void => {
    if (!active[y]) {
      active[y] = 1;
      stack.push(y);
    }
  };
  const wake = (x: number): void => {
    if (x < 0) return;
    wakeOne(x);
    for (let k = g.start[x]!; k < g.start[x + 1]!; k++) wakeOne(g.nbr[k]!);
  };
  while (stack.length > 0) {
    const a = stack.pop()!;
    // A step reads a's row and, for each neighbour, a few rows more: counted as twice a's row.
    if (!work.spend(2 * (g.start[a + 1]! - g.start[a]!) + 1)) return false;
    active[a] = 0;
    const a2 = mate[a]!;
    const wa = a2 >= 0 ? mw[a]! : 0;
    let bestGain = EPS;
    let kind = 0;
    let mb = -1;
    let mwab = 0;
    let mx = -1;
    let mwx = 0;
    const freeOfA2 = a2 >= 0 ? bestFree(a2, -1) : ([-1, 0] as [number, number]);
    // a′'s row, marked once: edge look-ups from a′ become O(1).
    rowStamp++;
    if (a2 >= 0) {
      for (let x = g.start[a2]!; x < g.start[a2 + 1]!; x++) {
        markOf[g.nbr[x]!] = rowStamp;
        markW[g.nbr[x]!] = effectiveWeight(g, x);
      }
    }
    for (let k = g.start[a]!, e = g.start[a + 1]!; k < e; k++) {
      const b = g.nbr[k]!;
      if (b === a2) continue;
      const wab = effectiveWeight(g, k);
      const b2 = mate[b]!;
      if (a2 < 0) {
        // a is free: take b from b', or pair directly when b is free too.
        const gain = b2 < 0 ? wab + REPAIR_BONUS : wab - mw[b]!;
        if (gain > bestGain) [bestGain, kind, mb, mwab] = [gain, 1, b, wab];
        continue;
      }
      if (b2 < 0) {
        let gain = wab - wa;
        if (gain > bestGain) [bestGain, kind, mb, mwab, mx] = [gain, 2, b, wab, -1];
        const [c, wc] = freeOfA2[0] === b ? bestFree(a2, b) : freeOfA2;
        if (c >= 0) {
          gain = wab + wc - wa;
          if (gain > bestGain) [bestGain, kind, mb, mwab, mx, mwx] = [gain, 2, b, wab, c, wc];
        }
        continue;
      }
      const base = wab - wa - mw[b]!;
      if (markOf[b2] === rowStamp) {
        const gain = base + markW[b2]!;
        if (gain > bestGain) [bestGain, kind, mb, mwab, mwx] = [gain, 3, b, wab, markW[b2]!];
      }
      if (freeOfA2[0] >= 0 && base + freeOfA2[1] > bestGain) {
        [bestGain, kind, mb, mwab, mx, mwx] = [base + freeOfA2[1], 4, b, wab, freeOfA2[0], freeOfA2[1]];
      }
      const [d, wd] = bestFree(b2, -1);
      if (d >= 0 && d !== a2 && base + wd > bestGain) [bestGain, kind, mb, mwab, mx, mwx] = [base + wd, 5, b, wab, d, wd];
    }
    if (kind === 0 && a2 >= 0) {
      // Rotation over three pairs: (a,b), (b',c), (c',a') replace (a,a'), (b,b'), (c,c').
      const lim = Math.min(g.start[a + 1]!, g.start[a]! + ROTATE_L);
      const bestA2 = g.start[a2 + 1]! > g.start[a2]! ? effectiveWeight(g, g.start[a2]!) : 0;
      for (let k = g.start[a]!; k < lim && kind === 0; k++) {
        const b = g.nbr[k]!;
        const b2 = mate[b]!;
        if (b === a2 || b2 < 0 || b2 === a || b2 === a2) continue;
        const part = effectiveWeight(g, k) - wa - mw[b]!;
        const lim2 = Math.min(g.start[b2 + 1]!, g.start[b2]! + ROTATE_L);
        for (let k2 = g.start[b2]!; k2 < lim2; k2++) {
          const c = g.nbr[k2]!;
          const c2 = mate[c]!;
          if (c2 < 0 || c === a || c === a2 || c === b || c2 === a || c2 === a2 || c2 === b || c2 === b2) continue;
          const part2 = part + effectiveWeight(g, k2) - mw[c]!;
          if (part2 + bestA2 <= EPS) continue;
          if (markOf[c2] !== rowStamp) continue;
          const wca = markW[c2]!;
          const gain = part2 + wca;
          if (gain > EPS) {
            const wab = effectiveWeight(g, k);
            const wbc = effectiveWeight(g, k2);
            pair(a, b, wab);
            pair(b2, c, wbc);
            pair(c2, a2, wca);
            for (const x of [a, a2, b, b2, c, c2]) wake(x);
            kind = 6;
            break;
          }
        }
      }
    }
    if (kind === 0 || kind === 6) continue;
    const b = mb;
    const b2 = mate[b]!;
    if (kind === 1) {
      if (b2 >= 0) setFree(b2);
      pair(a, b, mwab);
    } else if (kind === 2) {
      setFree(a2);
      pair(a, b, mwab);
      if (mx >= 0) pair(a2, mx, mwx);
    } else if (kind === 3) {
      pair(a, b, mwab);
      pair(a2, b2, mwx);
    } else if (kind === 4) {
      setFree(b2);
      pair(a, b, mwab);
      pair(a2, mx, mwx);
    } else {
      setFree(a2);
      pair(a, b, mwab);
      pair(b2, mx, mwx);
    }
    for (const x of [a, a2, b, b2, mx]) wake(x);
  }
  return true;
}

/** Pairing two free vertices adds a pair: always worth more than any re-weighting. */
const REPAIR_BONUS = 100;
