// Cardinality step over the whole feasible graph: augmenting paths for members the candidate graph left single.
import { Edmonds } from './edmonds.js';
import type { Problem } from './problem.js';
import { CHECK_OPS, type Work } from './work.js';

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
export function augmentFull(pr: Problem, mate: Int32Array, allowRepeat: boolean, work: Work): FullAugment {
  const n = pr.n;
  const ok = (a: number, b: number): boolean => pr.feasible(a, b) && (allowRepeat || !pr.repeat(a, b));
  const ed = new Edmonds(n, mate);
  const dead = new Uint8Array(n);
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (mate[i] === -1) free.push(i);
  let timedOut = false;
  const pending: number[] = [];
  const findPath = (root: number): number => {
    ed.start(root);
    pending.length = 0;
    let at = 0;
    // Every even vertex is first checked against the few single members only; its whole row (n
    // checks from the rules) is read later, and only while no such short path has turned up.
    for (;;) {
      let v = ed.next();
      if (v >= 0) {
        if (!work.spend(free.length * CHECK_OPS)) {
          timedOut = true;
          return -1;
        }
        for (const f of free) {
          if (f !== root && mate[f] === -1 && !dead[f] && ok(v, f)) {
            const end = ed.visit(v, f);
            if (end >= 0) return end;
          }
        }
        pending.push(v);
        continue;
      }
      if (at === pending.length) return -1;
      v = pending[at++]!;
      if (!work.spend(n * CHECK_OPS)) {
        timedOut = true;
        return -1;
      }
      for (let to = 0; to < n; to++) {
        if (to === v || dead[to] || !ok(v, to)) continue;
        const end = ed.visit(v, to);
        if (end >= 0) return end;
      }
    }
  };
  let added = 0;
  for (const root of free) {
    if (mate[root] !== -1 || dead[root]) continue;
    if (work.out) return { complete: false, added };
    // A path joins two single members: with no other one left to reach, none exists (the last of
    // an odd count otherwise cost a search through the whole network, n checks per member).
    if (!free.some((f) => f !== root && mate[f] === -1 && !dead[f])) break;
    const end = findPath(root);
    if (timedOut) return { complete: false, added };
    if (end === -1) {
      // Hungarian tree: no augmenting path will ever pass through it.
      for (const t of ed.touched) if (ed.parent[t] !== -1 || ed.used[t]) dead[t] = 1;
      continue;
    }
    added++;
    ed.augment(end);
  }
  return { complete: true, added };
}
