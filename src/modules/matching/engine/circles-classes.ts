// Twin classes for circles: members with the very same compatible peers are interchangeable for placement.
import type { Problem } from './problem.js';

export interface TwinClasses {
  /** Class of each member. */
  of: Int32Array;
  /** Members of each class, ascending. */
  members: number[][];
  /** Whether two classes may share a circle (C × C). Members of one class never may. */
  adj: Uint8Array;
  /** Whether some compatible pair is a recent repeat (then only the bound may use the classes). */
  repeats: boolean;
}

/** Above this many members the n² rows cost too much; past `maxClasses` the compression is not worth it. */
export const CLASSES_MAX_N = 12_000;

function hashRow(row: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < row.length; k++) h = Math.imul(h ^ row[k]!, 0x01000193);
  return h >>> 0;
}

/**
 * Members i and j are twins when they have exactly the same compatible peers (every hard rule,
 * recent repeats allowed); then neither is compatible with the other. In a dense metro, where the
 * competitor rule depends only on the service lines sold, a thousand members fall into about a
 * hundred classes. Each row is a bit set over all members, hashed and compared with its class's
 * first row. Null when there are more than `maxClasses` classes (checked as rows come in, so a
 * network without structure costs about maxClasses rows).
 */
export function twinClasses(pr: Problem, maxClasses: number): TwinClasses | null {
  const n = pr.n;
  if (n > CLASSES_MAX_N) return null;
  const words = (n + 31) >>> 5;
  const row = new Uint32Array(words);
  const reps: Uint32Array[] = [];
  const byHash = new Map<number, number[]>();
  const of = new Int32Array(n);
  const members: number[][] = [];
  let repeats = false;
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i || !pr.feasible(i, j)) continue;
      row[j >>> 5]! |= 1 << (j & 31);
      if (!repeats && pr.repeat(i, j)) repeats = true;
    }
    const h = hashRow(row);
    const list = byHash.get(h);
    let cls = -1;
    if (list) {
      for (const c of list) {
        const r = reps[c]!;
        let same = true;
        for (let k = 0; k < words && same; k++) same = r[k] === row[k];
        if (same) {
          cls = c;
          break;
        }
      }
    }
    if (cls < 0) {
      cls = reps.length;
      if (cls >= maxClasses) return null;
      reps.push(row.slice());
      members.push([]);
      if (list) list.push(cls);
      else byHash.set(h, [cls]);
    }
    of[i] = cls;
    members[cls]!.push(i);
  }
  const C = reps.length;
  const adj = new Uint8Array(C * C);
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      const j = members[b]![0]!;
      if ((reps[a]![j >>> 5]! >>> (j & 31)) & 1) adj[a * C + b] = 1;
    }
  }
  return { of, members, adj, repeats };
}

/** Circle patterns: sets of pairwise compatible classes, min..max of them, as one flat list. */
export interface Patterns {
  /** Pattern p holds classes list[start[p] .. start[p + 1]). */
  start: Int32Array;
  list: Int32Array;
  count: number;
}

/**
 * Every pattern of min..max pairwise compatible classes (a clique of the class graph; a circle takes
 * at most one member of a class). Null past `maxPatterns` (then the LP is not used).
 */
export function enumeratePatterns(tc: TwinClasses, min: number, max: number, maxPatterns: number): Patterns | null {
  const C = tc.members.length;
  const start: number[] = [0];
  const list: number[] = [];
  const cur: number[] = [];
  let overflow = false;
  const grow = (cand: number[]): void => {
    if (overflow) return;
    if (cur.length >= min) {
      for (const c of cur) list.push(c);
      start.push(list.length);
      if (start.length - 1 > maxPatterns) {
        overflow = true;
        return;
      }
    }
    if (cur.length === max || cur.length + cand.length < min) return;
    for (let k = 0; k < cand.length; k++) {
      const c = cand[k]!;
      cur.push(c);
      const next: number[] = [];
      for (let x = k + 1; x < cand.length; x++) if (tc.adj[c * C + cand[x]!]) next.push(cand[x]!);
      grow(next);
      cur.pop();
      if (overflow) return;
    }
  };
  grow(Array.from({ length: C }, (_, c) => c));
  if (overflow) return null;
  return { start: Int32Array.from(start), list: Int32Array.from(list), count: start.length - 1 };
}
