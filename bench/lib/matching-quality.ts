// Quality cases for the matching bench: pairs against exact blossom, circles against exact DP, repeats over rounds.
import { peerCandidates } from '../../src/modules/matching/engine/candidates.js';
import { EXHAUSTIVE_N } from '../../src/modules/matching/engine/candidates.js';
import { resolveOptions } from '../../src/modules/matching/engine/config.js';
import { runMatching, scorePair } from '../../src/modules/matching/engine/index.js';
import { prepare } from '../../src/modules/matching/engine/prepared.js';
import { mulberry32 } from '../../src/modules/matching/engine/prng.js';
import { peerProblem } from '../../src/modules/matching/engine/run.js';
import { solvePairs } from '../../src/modules/matching/engine/solve.js';
import { syntheticMembers } from '../../src/modules/matching/engine/synthetic.js';
import { maxWeightMatching } from './matching-blossom.js';
import { checkResult, competitors } from './matching-checker.js';
import { exactCircles } from './matching-exact-circles.js';

const SCALE = 1e6;

export interface PairsQuality {
  n: number;
  edges: number;
  engine: number;
  exact: number;
  engineCard: number;
  exactCard: number;
  exactMs: number;
  /** True when the candidate graph holds every feasible pair (small networks). */
  allPairs: boolean;
}

/** Engine pairs vs the exact maximum-weight maximum-cardinality matching on the same candidate graph. */
export function pairsQuality(n: number, seed: number): PairsQuality {
  const members = syntheticMembers(n, seed);
  const opts = resolveOptions({ mode: 'pairs', seed: 1 }, n);
  const p = prepare(members, opts);
  const rng = mulberry32(opts.seed);
  const c = peerCandidates(p, rng, Infinity);
  const solved = solvePairs(peerProblem(p, c.graph), rng, Infinity, n <= EXHAUSTIVE_N);
  const g = solved.graph;
  const edges: Array<[number, number, number]> = [];
  const weight = new Map<number, number>();
  for (let u = 0; u < n; u++) {
    for (let k = g.start[u]!; k < g.start[u + 1]!; k++) {
      const v = g.nbr[k]!;
      const w = Math.round(g.w[k]! * SCALE);
      weight.set(u * n + v, w);
      if (u < v) edges.push([u, v, w]);
    }
  }
  const engine = solved.groups.reduce((t, [a, b]) => t + weight.get(a! * n + b!)!, 0) / SCALE;
  const t0 = performance.now();
  const mate = maxWeightMatching(edges, true);
  const exactMs = performance.now() - t0;
  let exact = 0;
  let exactCard = 0;
  mate.forEach((v, u) => {
    if (v > u) {
      exact += weight.get(u * n + v)!;
      exactCard++;
    }
  });
  const out: PairsQuality = { n, edges: edges.length, engine, exact: exact / SCALE, engineCard: solved.groups.length, exactCard, exactMs, allPairs: n <= EXHAUSTIVE_N };
  return out;
}

export interface CirclesSmall {
  n: number;
  seed: number;
  engine: number;
  exact: number;
  enginePlaced: number;
  exactPlaced: number;
}

/** Engine circles vs the exact optimum (DP over subsets) on a small network. */
export function circlesSmall(n: number, seed: number): CirclesSmall {
  const members = syntheticMembers(n, seed);
  const result = runMatching(members, { mode: 'circles', seed: 1 });
  const score = new Float64Array(n * n);
  const feasible = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      score[i * n + j] = scorePair(members[i]!, members[j]!).score;
      const avoid = members[i]!.avoidMemberIds.includes(members[j]!.id) || members[j]!.avoidMemberIds.includes(members[i]!.id);
      feasible[i * n + j] = competitors(members[i]!, members[j]!, 40) || avoid ? 0 : 1;
    }
  }
  const ex = exactCircles(n, score, feasible, 5, 8);
  return { n, seed, engine: result.objective, exact: ex.objective, enginePlaced: result.stats.matched, exactPlaced: ex.placed };
}

export interface RepeatRounds {
  rounds: number;
  repeats: number;
  forced: number;
  violations: number;
  unmatched: number;
}

/** Consecutive pair rounds fed their own history: no pair should meet again within 3 rounds. */
export function repeatRounds(n: number, rounds: number): RepeatRounds {
  const members = syntheticMembers(n, 11);
  const history: Array<Array<[string, string]>> = [];
  const out: RepeatRounds = { rounds, repeats: 0, forced: 0, violations: 0, unmatched: 0 };
  for (let r = 0; r < rounds; r++) {
    const result = runMatching(members, { mode: 'pairs', seed: r + 1, history: { rounds: history } });
    const check = checkResult(members, result, { minSize: 2, maxSize: 2, history, noRepeatRounds: 3 });
    out.repeats += check.repeats;
    out.forced += result.stats.repeatsForced;
    out.violations += check.violations.length;
    out.unmatched += result.unmatched.length;
    history.push(result.groups.map((g) => [g.memberIds[0]!, g.memberIds[1]!]));
  }
  return out;
}
