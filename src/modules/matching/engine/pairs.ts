// Pairs on a candidate graph: greedy by score, Edmonds augmentation to maximum cardinality, then local search.
import { Edmonds } from './edmonds.js';
import type { Graph } from './graph.js';
import type { Work } from './work.js';

/** A recent repeat costs more than any score can win back, so search keeps one only to save a member. */
export const REPEAT_PENALTY = 10;

export function effectiveWeight(g: Graph, k: number): number {
  return g.rep[k] ? g.w[k]! - REPEAT_PENALTY : g.w[k]!;
}

/** Greedy on candidate edges sorted by score (ties by member order). */
export function greedyMatching(g: Graph, mate: Int32Array): void {
  const ks: number[] = [];
  for (let u = 0; u < g.n; u++) {
    for (let k = g.start[u]!; k < g.start[u + 1]!; k++) if (u < g.nbr[k]! && !g.rep[k]) ks.push(k);
  }
  const order = Int32Array.from(ks).sort((x, y) => g.w[y]! - g.w[x]! || x - y);
  const owner = new Int32Array(g.nbr.length);
  for (let u = 0; u < g.n; u++) for (let k = g.start[u]!; k < g.start[u + 1]!; k++) owner[k] = u;
  for (const k of order) {
    const u = owner[k]!;
    const v = g.nbr[k]!;
    if (mate[u] === -1 && mate[v] === -1) {
      mate[u] = v;
      mate[v] = u;
    }
  }
}

/**
 * Edmonds' blossom search from each free vertex (O(V·E), failed trees pruned); rows are scanned best-first
 * so augmenting paths lean on good edges. One sweep suffices: a vertex with no augmenting path never gains one.
 * Returns false if the work budget cut the sweep.
 */
export function augmentToMaximum(g: Graph, mate: Int32Array, allowRepeat: boolean, work: Work): boolean {
  const n = g.n;
  // With no repeat edges at all, allowing them changes nothing: skip the (costly) failing searches.
  if (allowRepeat && !g.rep.includes(1)) return true;
  const ed = new Edmonds(n, mate);
  // A failed search leaves a Hungarian tree no later augmenting path can pass through: skipped from then on.
  const dead = new Uint8Array(n);
  let scanned = 0;
  const findPath = (root: number): number => {
    ed.start(root);
    for (let v = ed.next(); v >= 0; v = ed.next()) {
      scanned += 2 * (g.start[v + 1]! - g.start[v]!) + 1;
      // A single neighbour ends the search at once, before the tree grows (each blossom shrunk costs the tree's size).
      for (let k = g.start[v]!, e = g.start[v + 1]!; k < e; k++) {
        const to = g.nbr[k]!;
        if (mate[to] === -1 && to !== root && !dead[to] && (allowRepeat || !g.rep[k])) return ed.visit(v, to);
      }
      for (let k = g.start[v]!, e = g.start[v + 1]!; k < e; k++) {
        if ((!allowRepeat && g.rep[k]) || dead[g.nbr[k]!]) continue;
        const end = ed.visit(v, g.nbr[k]!);
        if (end >= 0) return end;
      }
    }
    return -1;
  };
  // Most paths left after greedy are short: u–x=y–v with u and v single. Take those first, cheaply.
  for (let u = 0; u < n; u++) {
    if (mate[u] !== -1) continue;
    search: for (let k = g.start[u]!; k < g.start[u + 1]!; k++) {
      if (!allowRepeat && g.rep[k]) continue;
      const x = g.nbr[k]!;
      const y = mate[x]!;
      if (y < 0) {
        mate[u] = x;
        mate[x] = u;
        break;
      }
      for (let k2 = g.start[y]!; k2 < g.start[y + 1]!; k2++) {
        const v = g.nbr[k2]!;
        if (v === u || mate[v] !== -1 || (!allowRepeat && g.rep[k2])) continue;
        mate[u] = x;
        mate[x] = u;
        mate[y] = v;
        mate[v] = y;
        break search;
      }
    }
  }
  for (let root = 0; root < n; root++) {
    if (mate[root] !== -1 || g.start[root] === g.start[root + 1]) continue;
    if (!work.spend(scanned)) return false;
    scanned = 0;
    const end = findPath(root);
    if (end >= 0) ed.augment(end);
    else for (const t of ed.touched) if (ed.parent[t] !== -1 || ed.used[t]) dead[t] = 1;
  }
  return true;
}

