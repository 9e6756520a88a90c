// runMatching: options → prepared members → candidate problem → solver → scored, explained result with a bound.
import { allianceProblem, type NearbyIndex } from './alliances.js';
import { boundOps, topKMeansFromGraph, peerTopKMeans } from './bound.js';
import { EXHAUSTIVE_N, peerCandidates } from './candidates.js';
import { resolveOptions, type ResolvedOptions } from './config.js';
import { allianceUnmatchedReason, memberNotes, peerUnmatchedReason } from './diagnose.js';
import { allianceGroupReasons, circleReasons, pairReasons } from './explain.js';
import { prepare, type Prepared } from './prepared.js';
import type { Problem } from './problem.js';
import { mulberry32 } from './prng.js';
import { peerFeasible, recentIdx } from './rules.js';
import { scoreIdx } from './score.js';
import { solveCircles, solvePairs } from './solve.js';
import type { MatchGroup, MatchMember, MatchOptions, MatchResult } from './types.js';
import { opsFor, Work } from './work.js';

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function peerProblem(p: Prepared, graph: Problem['graph']): Problem {
  // Read once: under CommonJS (tsx) every read of an imported binding is a getter call.
  const [score, feasible, recent] = [scoreIdx, peerFeasible, recentIdx];
  return {
    n: p.n,
    graph,
    score: (i, j) => score(p, i, j),
    feasible: (i, j) => feasible(p, i, j),
    repeat: (i, j) => recent(p, i, j),
  };
}

/** Mean pairwise score of a group (0 for fewer than two). */
export function groupScore(pr: Pick<Problem, 'score'>, group: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (let a = 0; a < group.length; a++) {
    for (let b = a + 1; b < group.length; b++) {
      s += pr.score(group[a]!, group[b]!);
      c++;
    }
  }
  return c > 0 ? s / c : 0;
}

/** Pairs count each pair's score once; circles count each member's mean score with the rest. */
export function objectiveOf(opts: Pick<ResolvedOptions, 'minSize' | 'maxSize'>, groups: readonly MatchGroup[]): number {
  const pairsOnly = opts.minSize === 2 && opts.maxSize === 2;
  return groups.reduce((t, g) => t + (pairsOnly ? g.score : g.memberIds.length * g.score), 0);
}

export function describeGroup(p: Prepared, opts: ResolvedOptions, pr: Pick<Problem, 'score'>, group: readonly number[]): MatchGroup {
  const sorted = [...group].sort((a, b) => a - b);
  let reasons: string[];
  if (opts.mode === 'alliances') reasons = allianceGroupReasons(p, sorted);
  else reasons = sorted.length === 2 ? pairReasons(p, sorted[0]!, sorted[1]!) : circleReasons(p, sorted);
  return { memberIds: sorted.map((i) => p.members[i]!.id), score: groupScore(pr, sorted), reasons };
}

export function runMatching(members: readonly MatchMember[], options: MatchOptions): MatchResult {
  const t0 = performance.now();
  const opts = resolveOptions(options, members.length);
  // The search gets two thirds of the budget; the bound has the rest, and stays valid (looser) if cut.
  // Candidates, pairs and the bound count work instead (the same result for a seed under any load);
  // circles have work budgets of their own (solve.ts).
  const work = new Work(opsFor((opts.timeBudgetMs * 2) / 3));
  const p = prepare(members, opts);
  const rng = mulberry32(opts.seed);
  const alliance = opts.mode === 'alliances';
  let problem: Problem;
  let index: NearbyIndex | null = null;
  let timedOut = false;
  if (alliance) {
    ({ problem, index } = allianceProblem(p, opts.allianceRadiusKm));
  } else {
    const c = peerCandidates(p, rng, work);
    problem = peerProblem(p, c.graph);
    timedOut = c.timedOut;
  }
  const pairsOnly = opts.minSize === 2 && opts.maxSize === 2;
  const solved = pairsOnly
    ? solvePairs(problem, rng, work, alliance || p.n <= EXHAUSTIVE_N)
    : solveCircles(problem, opts.minSize, opts.maxSize, rng, alliance || p.n <= EXHAUSTIVE_N);
  timedOut ||= solved.timedOut;

  // Bound: a member's share can never beat the mean of its best (minSize − 1) feasible scores.
  const k = pairsOnly ? 1 : opts.minSize - 1;
  let means: Float64Array;
  if (alliance || p.n <= EXHAUSTIVE_N) means = topKMeansFromGraph(solved.graph, k);
  else {
    const r = peerTopKMeans(p, solved.graph, k, new Work(boundOps(p.n, k, opts.timeBudgetMs)));
    means = r.means;
    timedOut ||= !r.exact;
  }
  const scoreBound = means.reduce((a, b) => a + b, 0) / (pairsOnly ? 2 : 1);
  // Both bounds hold for the engine's goal (most placed, fewest repeats, then score): take the tighter.
  const lpBound = solved.lpBound ?? solved.shareBound?.(means);
  let upperBound = lpBound !== undefined ? Math.min(scoreBound, lpBound) : scoreBound;
  if (solved.exactValue !== undefined) upperBound = Math.min(upperBound, solved.exactValue + 1e-9);

  const groups = solved.groups.map((g) => describeGroup(p, opts, problem, g));
  groups.sort((a, b) => b.score - a.score || (p.index.get(a.memberIds[0]!)! - p.index.get(b.memberIds[0]!)!));
  const objective = objectiveOf(opts, groups);
  const placed = new Int32Array(p.n).fill(-1);
  solved.groups.forEach((g, c) => g.forEach((i) => (placed[i] = c)));
  const left = placed.reduce((t, c) => t + (c < 0 ? 1 : 0), 0);
  const unmatched = [];
  for (let i = 0; i < p.n; i++) {
    if (placed[i]! >= 0) continue;
    const reason = index
      ? allianceUnmatchedReason(p, index, i)
      : peerUnmatchedReason(p, i, { groups: !pairsOnly, min: opts.minSize, max: opts.maxSize, radiusKm: opts.competitorRadiusKm, circles: solved.groups, left });
    unmatched.push({ memberId: p.members[i]!.id, reason });
  }
  const forced: Array<[number, number]> = [];
  let repeatsAvoided = 0;
  for (let i = 0; i < p.n; i++) {
    for (let x = p.recent.start[i]!; x < p.recent.start[i + 1]!; x++) {
      const j = p.recent.list[x]!;
      if (j < i) continue;
      if (placed[i]! >= 0 && placed[i] === placed[j]) forced.push([i, j]);
      else if (problem.feasible(i, j)) repeatsAvoided++;
    }
  }
  for (const g of groups) g.score = round6(g.score);
  return {
    mode: opts.mode,
    groups,
    unmatched,
    notes: memberNotes(p, opts.mode, forced),
    objective: round6(objective),
    upperBound: round6(upperBound),
    ratio: upperBound > 0 ? round6(objective / upperBound) : 1,
    stats: {
      members: p.n,
      groups: groups.length,
      matched: p.n - left,
      candidateEdges: solved.graph.edges,
      ms: Math.round(performance.now() - t0),
      repeatsAvoided,
      repeatsForced: forced.length,
      timeLimited: timedOut,
      method: solved.method,
      placementBound: solved.placeable ?? solved.placementUpper ?? p.n,
      placementProven: solved.placeable !== undefined,
      ...(lpBound !== undefined ? { lpBound: round6(lpBound) } : {}),
      scoreBound: round6(scoreBound),
    },
  };
}
