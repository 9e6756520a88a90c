// Pairs on a candidate graph: greedy by score, Edmonds augmentation to maximum cardinality, then local search.
import type { Graph } from './graph.js';

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
 * Edmonds' blossom search from each free vertex (O(V·E)); rows are scanned best-first so augmenting
 * paths lean on good edges. One sweep suffices: a vertex with no augmenting path never gains one.
 * Returns false if the deadline cut the sweep.
 */
export function augmentToMaximum(g: Graph, mate: Int32Array, allowRepeat: boolean, deadline: number): boolean {
  const n = g.n;
  // With no repeat edges at all, allowing them changes nothing: skip the (costly) failing searches.
  if (allowRepeat && !g.rep.includes(1)) return true;
  const base = new Int32Array(n);
  for (let i = 0; i < n; i++) base[i] = i;
  const parent = new Int32Array(n).fill(-1);
  const used = new Uint8Array(n);
  const blossom = new Int32Array(n);
  const lcaMark = new Int32Array(n);
  const queue = new Int32Array(n);
  const touched: number[] = [];
  let stamp = 0;
  const touch = (v: number): void => {
    touched.push(v);
  };
  const lca = (a0: number, b0: number): number => {
    stamp++;
    let a = a0;
    for (;;) {
      a = base[a]!;
      lcaMark[a] = stamp;
      if (mate[a] === -1) break;
      a = parent[mate[a]!]!;
    }
    let b = b0;
    for (;;) {
      b = base[b]!;
      if (lcaMark[b] === stamp) return b;
      b = parent[mate[b]!]!;
    }
  };
  const markPath = (v0: number, b: number, child0: number): void => {
    let v = v0;
    let child = child0;
    while (base[v] !== b) {
      blossom[base[v]!] = stamp;
      blossom[base[mate[v]!]!] = stamp;
      parent[v] = child;
      child = mate[v]!;
      v = parent[mate[v]!]!;
    }
  };
  const findPath = (root: number): number => {
    for (const t of touched) {
      used[t] = 0;
      parent[t] = -1;
      base[t] = t;
    }
    touched.length = 0;
    used[root] = 1;
    touch(root);
    let qh = 0;
    let qt = 0;
    queue[qt++] = root;
    while (qh < qt) {
      const v = queue[qh++]!;
      for (let k = g.start[v]!, e = g.start[v + 1]!; k < e; k++) {
        if (!allowRepeat && g.rep[k]) continue;
        const to = g.nbr[k]!;
        if (base[v] === base[to] || mate[v] === to) continue;
        if (to === root || (mate[to] !== -1 && parent[mate[to]!] !== -1)) {
          const cb = lca(v, to);
          markPath(v, cb, to);
          markPath(to, cb, v);
          const len = touched.length;
          for (let x = 0; x < len; x++) {
            const t = touched[x]!;
            if (blossom[base[t]!] === stamp) {
              base[t] = cb;
              if (!used[t]) {
                used[t] = 1;
                queue[qt++] = t;
              }
            }
          }
        } else if (parent[to] === -1) {
          parent[to] = v;
          touch(to);
          if (mate[to] === -1) return to;
          const m = mate[to]!;
          used[m] = 1;
          touch(m);
          queue[qt++] = m;
        }
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
    if ((root & 63) === 0 && performance.now() > deadline) return false;
    let v = findPath(root);
    while (v !== -1) {
      const pv = parent[v]!;
      const next = mate[pv]!;
      mate[v] = pv;
      mate[pv] = v;
      v = next;
    }
  }
  return true;
}

