// Solver drivers: pairs (maximum cardinality, then weight) with a full scan for anyone left out, and circles.
import { construct, newState, placeLeftovers } from './circles.js';
import { improveCircles, iteratedSearch } from './circles-search.js';
import { emptyEdgeList, extendGraph, pushEdge, type Graph } from './graph.js';
import { augmentToMaximum, greedyMatching } from './pairs.js';
import { improveMatching } from './pairs-search.js';
import type { Problem } from './problem.js';
import type { Rng } from './prng.js';

export interface Solved {
  groups: number[][];
  graph: Graph;
  timedOut: boolean;
}

const RESCUE_K = 24;

/**
 * Candidate graphs can miss the only partners of a hard-to-place member, so each member still
 * single after augmentation gets a scan of the whole network for feasible partners, and the search
 * runs again with those edges. Repeats are let in only after that, to save members still single.
 */
export function solvePairs(pr: Problem, rng: Rng, deadline: number, rescue: boolean): Solved {
  let g = pr.graph;
  const mate = new Int32Array(pr.n).fill(-1);
  greedyMatching(g, mate);
  let ok = augmentToMaximum(g, mate, false, deadline);
  if (rescue) {
    const extra = emptyEdgeList();
    for (let u = 0; u < pr.n && performance.now() < deadline; u++) {
      if (mate[u] !== -1) continue;
      const found: Array<[number, number]> = [];
      for (let v = 0; v < pr.n; v++) if (v !== u && pr.feasible(u, v)) found.push([v, pr.score(u, v)]);
      found.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [v, s] of found.slice(0, RESCUE_K)) pushEdge(extra, u, v, s, pr.repeat(u, v));
    }
    const extended = extra.u.length > 0 ? extendGraph(g, extra) : g;
    if (extended !== g) {
      g = extended;
      ok = augmentToMaximum(g, mate, false, deadline) && ok;
    }
  }
  ok = augmentToMaximum(g, mate, true, deadline) && ok;
  ok = improveMatching(g, mate, rng, deadline) && ok;
  const groups: number[][] = [];
  for (let u = 0; u < pr.n; u++) if (mate[u]! > u) groups.push([u, mate[u]!]);
  return { groups, graph: g, timedOut: !ok };
}

/** Restarts pay off on small networks, where one climb can stall in a poor local optimum. */
function kicksFor(n: number): number {
  return n <= 200 ? Math.min(1_000, Math.round(20_000 / Math.max(n, 10))) : 0;
}

export function solveCircles(pr: Problem, min: number, max: number, rng: Rng, deadline: number): Solved {
  const st = newState(pr, min, max);
  construct(st, rng);
  placeLeftovers(st, rng);
  // On large networks the first passes hold nearly all the gain (measured: 4 passes at 10k lose
  // 0.1% for 30% less time); a pass cap keeps big runs in budget and, unlike a clock, keeps the
  // result the same for a seed.
  const [limit, passes] = pr.n > 30_000 ? [10, 2] : pr.n > 5_000 ? [12, 4] : [16, 10_000];
  let ok = improveCircles(st, rng, deadline, limit, passes);
  ok = iteratedSearch(st, rng, deadline, kicksFor(pr.n)) && ok;
  placeLeftovers(st, rng);
  if (st.of.some((c) => c < 0)) {
    // Last resort for members still out: a recent partner is better than no circle at all.
    st.allowRepeat = true;
    placeLeftovers(st, rng);
    st.allowRepeat = false;
  }
  return { groups: st.circles.filter((c) => c.length > 0).map((c) => c.slice()), graph: pr.graph, timedOut: !ok };
}
