// Cardinality step over the whole feasible graph: augmenting paths for members the candidate graph left single.
import type { Problem } from './problem.js';

export interface FullAugment {
  /** True when every search ran to the end: the matching is then of maximum cardinality. */
  complete: boolean;
  /** Pairs added by this step. */
  added: number;
}

/**
 * Edmonds' search from each single member, reading neighbours straight from the rules (every
 * feasible partner, not only candidates), so a member who could be paired is never left single.
 * Single members are tried first at each step, since few remain. A search that fails leaves a
 * Hungarian tree whose members can never lie on an augmenting path again: they are skipped from
 * then on, which bounds the work of all failed searches together by one sweep of the network.
 */
export function augmentFull(pr: Problem, mate: Int32Array, allowRepeat: boolean, deadline: number): FullAugment {
  const n = pr.n;
  const ok = (a: number, b: number): boolean => pr.feasible(a, b) && (allowRepeat || !pr.repeat(a, b));
  const base = new Int32Array(n);
  for (let i = 0; i < n; i++) base[i] = i;
  const parent = new Int32Array(n).fill(-1);
  const used = new Uint8Array(n);
  const dead = new Uint8Array(n);
  const blossom = new Int32Array(n);
  const lcaMark = new Int32Array(n);
  const queue = new Int32Array(n);
  const touched: number[] = [];
  let stamp = 0;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (mate[i] === -1) free.push(i);
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
  let timedOut = false;
  const findPath = (root: number): number => {
    for (const t of touched) {
      used[t] = 0;
      parent[t] = -1;
      base[t] = t;
    }
    touched.length = 0;
    used[root] = 1;
    touched.push(root);
    let qh = 0;
    let qt = 0;
    queue[qt++] = root;
    // Returns the free end of an augmenting path, -1 if none; handles one edge v–to.
    const visit = (v: number, to: number): number => {
      if (base[v] === base[to] || mate[v] === to) return -1;
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
        touched.push(to);
        if (mate[to] === -1) return to;
        const m = mate[to]!;
        used[m] = 1;
        touched.push(m);
        queue[qt++] = m;
      }
      return -1;
    };
    while (qh < qt) {
      if ((qh & 15) === 15 && performance.now() > deadline) {
        timedOut = true;
        return -1;
      }
      const v = queue[qh++]!;
      for (const f of free) {
        if (f !== root && mate[f] === -1 && !dead[f] && ok(v, f)) {
          const end = visit(v, f);
          if (end >= 0) return end;
        }
      }
      for (let to = 0; to < n; to++) {
        if (to === v || dead[to] || !ok(v, to)) continue;
        const end = visit(v, to);
        if (end >= 0) return end;
      }
    }
    return -1;
  };
  let added = 0;
  for (const root of free) {
    if (mate[root] !== -1 || dead[root]) continue;
    if (performance.now() > deadline) return { complete: false, added };
    let v = findPath(root);
    if (timedOut) return { complete: false, added };
    if (v === -1) {
      // Hungarian tree: no augmenting path will ever pass through it.
      for (const t of touched) if (parent[t] !== -1 || used[t]) dead[t] = 1;
      continue;
    }
    added++;
    while (v !== -1) {
      const pv = parent[v]!;
      const next = mate[pv]!;
      mate[v] = pv;
      mate[pv] = v;
      v = next;
    }
  }
  return { complete: true, added };
}
