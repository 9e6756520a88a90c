// Regression cases where compatibility is sparse: a dense metro of 1,000 members to pair, 11 members in circles.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { peerCandidates } from '../../../../src/modules/matching/engine/candidates.js';
import { resolveOptions } from '../../../../src/modules/matching/engine/config.js';
import { rescore, runMatching, type MatchMember } from '../../../../src/modules/matching/engine/index.js';
import { prepare } from '../../../../src/modules/matching/engine/prepared.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import { peerProblem } from '../../../../src/modules/matching/engine/run.js';
import { solvePairs } from '../../../../src/modules/matching/engine/solve.js';
import { unlimited } from '../../../../src/modules/matching/engine/work.js';

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./cases/${name}`, import.meta.url), 'utf8')) as T;
const metro1000 = load<MatchMember[]>('pairs-metro-1000.json');
const perfect = load<{ pairs: Array<[string, string]> }>('pairs-metro-1000.perfect-matching.json');
const metro11 = load<MatchMember[]>('circles-metro-11.json');

t.test('dense metro, 1,000 members: the known perfect matching breaks no rule', async (t) => {
  const groups = perfect.pairs.map((p) => ({ memberIds: p }));
  const r = rescore(groups, metro1000, { mode: 'pairs' });
  t.same(r.violations, []);
  t.equal(perfect.pairs.length, 500);
});

t.test('dense metro, 1,000 members: pairs everyone, at the exact optimum, with a matching bound', async (t) => {
  const r = runMatching(metro1000, { mode: 'pairs', seed: 1, timeBudgetMs: 600_000 });
  t.equal(r.stats.matched, 1000, 'nobody single: a perfect matching exists');
  t.equal(r.unmatched.length, 0);
  t.equal(r.stats.method, 'exact');
  t.equal(r.stats.placementBound, 1000);
  t.ok(r.stats.placementProven);
  // The best matching scores 311.98 (an older engine: 281.23).
  t.ok(r.objective >= 311.98, `objective ${r.objective}`);
  t.ok(r.upperBound >= r.objective && r.upperBound - r.objective < 0.01, `bound ${r.upperBound} is tight`);
  t.same(rescore(r.groups, metro1000, { mode: 'pairs' }).violations, []);
  for (const g of r.groups) t.ok(g.reasons.length > 0, 'every pair has reasons');
});

t.test('dense metro, 1,000 members: the search alone (no exact solver) still pairs everyone', async (t) => {
  const opts = resolveOptions({ mode: 'pairs', seed: 3 }, metro1000.length);
  const p = prepare(metro1000, opts);
  const rng = mulberry32(3);
  const c = peerCandidates(p, rng, unlimited());
  const solved = solvePairs(peerProblem(p, c.graph), rng, unlimited(), false, 0);
  t.equal(solved.method, 'search');
  t.equal(solved.groups.length, 500, 'the cardinality step over every feasible edge finds the perfect matching');
  t.equal(solved.placeable, 1000);
});

t.test('dense metro, 11 members in circles: two disjoint circles place 10, proven best', async (t) => {
  for (const seed of [1, 2, 3, 222]) {
    const r = runMatching(metro11, { mode: 'circles', seed });
    t.equal(r.stats.matched, 10, `seed ${seed}: 10 placed (an older engine: 5)`);
    t.equal(r.groups.length, 2, `seed ${seed}: two circles`);
    t.same(rescore(r.groups, metro11, { mode: 'circles' }).violations, []);
    t.ok(r.objective >= 4.3025 - 1e-6, `seed ${seed}: objective ${r.objective}`);
    t.equal(r.stats.method, 'exact');
    t.equal(r.stats.placementBound, 10);
    t.ok(r.upperBound >= r.objective - 1e-6 && r.upperBound <= r.objective + 1e-6, 'the bound is the proven optimum');
    t.equal(r.unmatched.length, 1);
    t.ok(r.unmatched[0]!.reason.length > 0, 'the member left out has a reason');
    for (const g of r.groups) t.ok(g.reasons.length > 0);
  }
});
