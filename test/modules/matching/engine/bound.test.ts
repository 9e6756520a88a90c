// Upper bounds really bound: against brute force on tiny inputs, and the pruned top-k search against a full scan.
import t from 'tap';
import { exactCircles } from '../../../../bench/lib/matching-exact-circles.js';
import { peerTopKMeans } from '../../../../src/modules/matching/engine/bound.js';
import { peerCandidates } from '../../../../src/modules/matching/engine/candidates.js';
import { resolveOptions } from '../../../../src/modules/matching/engine/config.js';
import { isCompetitor, runMatching, scorePair, syntheticMembers } from '../../../../src/modules/matching/engine/index.js';
import { prepare } from '../../../../src/modules/matching/engine/prepared.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import { unlimited, Work } from '../../../../src/modules/matching/engine/work.js';
import { peerFeasible } from '../../../../src/modules/matching/engine/rules.js';
import { scoreIdx } from '../../../../src/modules/matching/engine/score.js';
import type { MatchMember } from '../../../../src/modules/matching/engine/types.js';

function matrices(ms: MatchMember[]): { score: Float64Array; ok: Uint8Array } {
  const n = ms.length;
  const score = new Float64Array(n * n);
  const ok = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      score[i * n + j] = scorePair(ms[i]!, ms[j]!).score;
      ok[i * n + j] = isCompetitor(ms[i]!, ms[j]!) || ms[i]!.avoidMemberIds.includes(ms[j]!.id) || ms[j]!.avoidMemberIds.includes(ms[i]!.id) ? 0 : 1;
    }
  }
  return { score, ok };
}

/** Best (pairs, weight) over all matchings, by exhaustive search. */
function brutePairs(n: number, score: Float64Array, ok: Uint8Array): [number, number] {
  const go = (left: number[]): [number, number] => {
    if (left.length < 2) return [0, 0];
    const [f, ...rest] = left;
    let best = go(rest);
    for (const j of rest) {
      if (!ok[f! * n + j]) continue;
      const [c, w] = go(rest.filter((x) => x !== j));
      if (c + 1 > best[0] || (c + 1 === best[0] && w + score[f! * n + j]! > best[1])) best = [c + 1, w + score[f! * n + j]!];
    }
    return best;
  };
  return go(Array.from({ length: n }, (_, i) => i));
}

t.test('upper bound ≥ the brute-force optimum for pairs and circles on tiny networks', async (t) => {
  for (let seed = 1; seed <= 6; seed++) {
    const ms = syntheticMembers(10, seed);
    const { score, ok } = matrices(ms);
    const pairs = runMatching(ms, { mode: 'pairs', seed });
    const [card, best] = brutePairs(10, score, ok);
    t.equal(pairs.groups.length, card, 'maximum cardinality');
    t.ok(pairs.upperBound >= best - 1e-6, `pairs bound ${pairs.upperBound} ≥ ${best}`);
    t.ok(pairs.objective >= best * 0.99 - 1e-6, 'engine near the optimum');
    const circles = runMatching(ms, { mode: 'circles', seed });
    const ex = exactCircles(10, score, ok, 5, 8);
    t.ok(circles.upperBound >= ex.objective - 1e-6, `circles bound ${circles.upperBound} ≥ ${ex.objective}`);
    t.ok(circles.objective >= ex.objective * 0.99 - 1e-6, 'engine near the optimum');
  }
});

t.test('pruned top-k search equals a full scan of all feasible peers', async (t) => {
  const ms = syntheticMembers(700, 4);
  const p = prepare(ms, resolveOptions({ mode: 'circles' }, ms.length));
  const c = peerCandidates(p, mulberry32(1), unlimited());
  for (const k of [1, 4]) {
    const fast = peerTopKMeans(p, c.graph, k, unlimited());
    t.ok(fast.exact);
    let worst = 0;
    for (let i = 0; i < p.n; i++) {
      const all: number[] = [];
      for (let j = 0; j < p.n; j++) if (peerFeasible(p, i, j)) all.push(scoreIdx(p, i, j));
      all.sort((a, b) => b - a);
      const want = all.length >= k ? all.slice(0, k).reduce((a, b) => a + b, 0) / k : 0;
      worst = Math.max(worst, Math.abs(want - fast.means[i]!));
    }
    t.ok(worst < 1e-9, `k=${k}: largest difference ${worst}`);
    // Out of time from the start: the cheap fallback must still bound every member's exact mean.
    const cut = peerTopKMeans(p, c.graph, k, new Work(0));
    t.notOk(cut.exact);
    t.ok(cut.means.every((v, i) => v >= fast.means[i]! - 1e-12), `k=${k}: fallback bounds hold`);
  }
});
