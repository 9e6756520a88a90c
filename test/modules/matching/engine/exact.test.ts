// Exact solvers against brute force: pairs (most pairs, then most score) and circle packing (most placed, then value).
import t from 'tap';
import { exactCircles } from '../../../../bench/lib/matching-exact-circles.js';
import { packCircles } from '../../../../src/modules/matching/engine/circles-exact.js';
import { isCompetitor, runMatching, scorePair } from '../../../../src/modules/matching/engine/index.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import type { MatchMember } from '../../../../src/modules/matching/engine/types.js';
import { at, member } from './fixtures/members.js';

const feasible = (a: MatchMember, b: MatchMember): boolean =>
  !isCompetitor(a, b) && !a.avoidMemberIds.includes(b.id) && !b.avoidMemberIds.includes(a.id);

/** Best [pairs, score] over every matching, by exhaustive search. */
function brute(ms: MatchMember[]): [number, number] {
  const go = (left: number[]): [number, number] => {
    if (left.length < 2) return [0, 0];
    const [first, ...rest] = left;
    let best = go(rest);
    for (const j of rest) {
      if (!feasible(ms[first!]!, ms[j]!)) continue;
      const r = go(rest.filter((x) => x !== j));
      const cand: [number, number] = [r[0] + 1, r[1] + scorePair(ms[first!]!, ms[j]!).score];
      if (cand[0] > best[0] || (cand[0] === best[0] && cand[1] > best[1])) best = cand;
    }
    return best;
  };
  return go(ms.map((_, i) => i));
}

t.test('exact pairs: most pairs, then the largest score, as brute force finds', async (t) => {
  const rng = mulberry32(17);
  const types = ['sports', 'pediatric', 'geriatric', 'neurologic'] as const;
  for (let trial = 0; trial < 30; trial++) {
    const n = 4 + rng.int(7);
    const ms = Array.from({ length: n }, (_, i) =>
      member(`m${i}`, {
        practiceType: types[rng.int(types.length)],
        services: rng.next() < 0.3 ? ['pediatric'] : [],
        clinicians: 1 + rng.int(30),
        yearsInBusiness: rng.int(25),
        goals: (['marketing', 'leadership', 'grow_referrals', 'compliance'] as const).filter(() => rng.next() < 0.5),
        region: { country: 'US', state: 'KS', ...at(100 * rng.int(3), 0) },
        avoidMemberIds: rng.next() < 0.2 ? [`m${rng.int(n)}`] : [],
      }),
    );
    const r = runMatching(ms, { mode: 'pairs', seed: trial });
    const [pairs, score] = brute(ms);
    t.equal(r.groups.length, pairs, `trial ${trial}: pairs`);
    t.ok(Math.abs(r.objective - score) < 1e-5, `trial ${trial}: objective ${r.objective} vs ${score}`);
    t.equal(r.stats.method, 'exact');
    t.ok(r.upperBound >= r.objective - 1e-9, 'the dual bounds the objective');
    t.ok(r.upperBound - r.objective < 1e-4, 'and is tight');
  }
});

t.test('circle packing equals the subset DP (most placed, then value)', async (t) => {
  const rng = mulberry32(23);
  for (let trial = 0; trial < 25; trial++) {
    const n = 6 + rng.int(9);
    const density = 0.4 + 0.5 * rng.next();
    const feas = new Uint8Array(n * n);
    const score = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        feas[i * n + j] = feas[j * n + i] = rng.next() < density ? 1 : 0;
        score[i * n + j] = score[j * n + i] = Math.round(rng.next() * 1000) / 1000;
      }
    }
    const ex = exactCircles(n, score, feas, 5, 8);
    const pack = packCircles(n, (a, b) => feas[a * n + b] === 1, (a, b) => score[a * n + b]!, 5, 8)!;
    t.equal(pack.placed, ex.placed, `trial ${trial}: placed`);
    t.ok(Math.abs(pack.value - ex.objective) < 1e-9, `trial ${trial}: value ${pack.value} vs ${ex.objective}`);
    const seen = new Set<number>();
    for (const c of pack.circles) {
      t.ok(c.length >= 5 && c.length <= 8, 'size kept');
      for (const x of c) {
        t.notOk(seen.has(x), 'disjoint');
        seen.add(x);
        for (const y of c) if (x !== y) t.equal(feas[x * n + y], 1, 'every pair compatible');
      }
    }
  }
});

t.test('circle packing gives up (null) past its limits rather than running on', async (t) => {
  const n = 24;
  const pack = packCircles(n, () => true, () => 0.5, 5, 8, { maxCircles: 1_000, maxStates: 1_000 });
  t.equal(pack, null);
});
