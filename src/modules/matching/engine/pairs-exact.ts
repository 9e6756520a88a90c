// Exact pairs: most pairs, then fewest recent repeats, then most score, on every feasible edge (blossom + edge pricing).
import { maxWeightMatching } from './blossom.js';
import type { Problem } from './problem.js';
import { SCORE_OPS, type Work } from './work.js';

/** Scores become even integers at this resolution, so the blossom's duals stay exact. */
const SCALE = 2e6;
/** Edges per member in the first sparse core; pricing adds what the optimum needs. */
const CORE_K = 12;
/** Violated edges added per member and pricing round. */
const ADD_K = 8;

export interface ExactPairs {
  mate: Int32Array;
  /** Pairs placed: the maximum for the whole feasible graph. */
  pairs: number;
  /** Upper bound on the score of any matching with that many pairs and that few repeats (the LP dual). */
  bound: number;
  rounds: number;
  coreEdges: number;
}

/**
 * Solves on a sparse core (the best candidate edges and a seed matching), then prices every feasible edge with the duals:
 * an edge with u(i) + u(j) < w(i, j) could improve the optimum, so it joins the core and the core is
 * solved again. When no edge is violated the duals are feasible for the whole feasible graph, so
 * the matching is optimal there and the dual objective bounds every matching. Weights are
 * lexicographic: a pair is worth more than any score total, a non-repeat more than any score.
 * Returns null when the work budget runs out first.
 */
export function exactPairs(pr: Problem, complete: boolean, seed: Int32Array, work: Work): ExactPairs | null {
  const n = pr.n;
  const g = pr.graph;
  const half = Math.floor(n / 2) + 1;
  const REP = half * SCALE;
  const CARD = half * (REP + SCALE);
  const weightOf = (score: number, repeat: boolean): number => CARD + (repeat ? 0 : REP) + 2 * Math.round(score * (SCALE / 2));
  const eu: number[] = [];
  const ev: number[] = [];
  const ew: number[] = [];
  const have = new Set<number>();
  const add = (i: number, j: number, w: number): boolean => {
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    const key = a * n + b;
    if (have.has(key)) return false;
    have.add(key);
    eu.push(a);
    ev.push(b);
    ew.push(w);
    return true;
  };
  for (let i = 0; i < n; i++) {
    const s = g.start[i]!;
    const e = g.start[i + 1]!;
    // Best non-repeat rows first (rows are ordered by score); every edge of a member with few.
    let taken = 0;
    for (let k = s; k < e && taken < CORE_K; k++) {
      if (g.rep[k]) continue;
      add(i, g.nbr[k]!, weightOf(g.w[k]!, false));
      taken++;
    }
    if (e - s <= 2 * CORE_K) for (let k = s; k < e; k++) add(i, g.nbr[k]!, weightOf(g.w[k]!, g.rep[k] === 1));
  }
  for (let i = 0; i < n; i++) if (seed[i]! > i) add(i, seed[i]!, weightOf(pr.score(i, seed[i]!), pr.repeat(i, seed[i]!)));
  const coreEdges0 = eu.length;
  const viol = Array.from({ length: n }, () => [] as Array<[number, number, number]>);
  for (let round = 1; ; round++) {
    const m = maxWeightMatching(n, Int32Array.from(eu), Int32Array.from(ev), Float64Array.from(ew), false, work, true);
    if (m.stopped) return null;
    const d2 = m.dual2;
    const inside = blossomDuals(n, m.blossomParent, m.blossomDual);
    for (const l of viol) l.length = 0;
    let violated = 0;
    const check = (i: number, j: number, score: number, repeat: boolean): void => {
      const w = weightOf(score, repeat);
      // Blossoms holding both ends count too: without them an edge inside a blossom looks violated
      // (in an odd network nearly every edge, and the core grew to the whole graph).
      const slack = d2[i]! + d2[j]! - 2 * w + 2 * inside(i, j);
      if (slack >= 0) return;
      const key = i * n + j;
      if (have.has(key)) return;
      violated++;
      viol[i]!.push([j, w, slack]);
    };
    if (complete) {
      if (!work.spend(g.nbr.length)) return null;
      for (let i = 0; i < n; i++) {
        for (let k = g.start[i]!; k < g.start[i + 1]!; k++) {
          const j = g.nbr[k]!;
          if (j > i) check(i, j, g.w[k]!, g.rep[k] === 1);
        }
      }
    } else {
      // Only pairs whose score could beat the duals are scored, and only those checked for feasibility.
      const base = CARD + REP;
      let scored = 0;
      for (let i = 0; i < n; i++) {
        // The row's arithmetic is cheap; scoring (counted as it happens) is what costs.
        if (!work.spend((n - i) / 8 + scored * SCORE_OPS)) return null;
        scored = 0;
        const di = d2[i]!;
        for (let j = i + 1; j < n; j++) {
          const need = (di + d2[j]!) / 2 - base;
          if (need >= SCALE) continue;
          const s = pr.score(i, j);
          scored++;
          if (2 * Math.round(s * (SCALE / 2)) <= need) continue;
          if (!pr.feasible(i, j)) continue;
          check(i, j, s, pr.repeat(i, j));
        }
      }
    }
    if (violated === 0) {
      let pairs = 0;
      let nonRepeat = 0;
      for (let k = 0; k < eu.length; k++) {
        if (m.mate[eu[k]!] === ev[k]) {
          pairs++;
          if (ew[k]! - CARD >= REP) nonRepeat++;
        }
      }
      // Rounding each score to 1/SCALE·2 moves a pair's weight by at most 1e-6: added back, the bound stays valid.
      const bound = (m.dualObjective - pairs * CARD - nonRepeat * REP) / SCALE + pairs * 1e-6;
      return { mate: m.mate, pairs, bound, rounds: round, coreEdges: coreEdges0 };
    }
    for (let i = 0; i < n; i++) {
      const l = viol[i]!;
      if (l.length === 0) continue;
      l.sort((a, b) => a[2] - b[2] || a[0] - b[0]);
      // Later rounds take more, from the third every violated edge: where the duals stay low (an odd
      // network, a member nobody can take) a few a round meant a dozen re-solves of a growing core.
      const take = round === 1 ? ADD_K : round === 2 ? ADD_K * 4 : Infinity;
      for (let x = 0; x < Math.min(take, l.length); x++) add(i, l[x]![0], l[x]![1]);
    }
  }
}

/** Σ z over the blossoms that hold both i and j (0 when their top-level blossoms differ). */
function blossomDuals(n: number, parent: Int32Array, z: Float64Array): (i: number, j: number) => number {
  const top = new Int32Array(n);
  let nested = false;
  for (let v = 0; v < n; v++) {
    let b = v;
    while (parent[b]! !== -1) b = parent[b]!;
    top[v] = b;
    if (b !== v) nested = true;
  }
  const mark = new Int32Array(parent.length);
  let stamp = 0;
  return (i, j) => {
    if (!nested || top[i] !== top[j]) return 0;
    stamp++;
    for (let b = parent[i]!; b !== -1; b = parent[b]!) mark[b] = stamp;
    let sum = 0;
    for (let b = parent[j]!; b !== -1; b = parent[b]!) if (mark[b] === stamp) sum += z[b]!;
    return sum;
  };
}
