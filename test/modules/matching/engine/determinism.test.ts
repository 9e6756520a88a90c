// Determinism per seed: pairs and alliances count work, not time, so a seed gives the same round under any load.
import t from 'tap';
import { shapeMembers } from '../../../../bench/lib/matching-shapes.js';
import { runMatching, syntheticMembers, type MatchResult } from '../../../../src/modules/matching/engine/index.js';
import type { MatchMember, MatchOptions } from '../../../../src/modules/matching/engine/types.js';

/** Everything a round holds except how long it took. */
function comparable(r: MatchResult): unknown {
  const { ms: _ms, ...stats } = r.stats;
  return { ...r, stats };
}

/** The same seed twice, with the CPU kept busy between the runs so a clock-based cut would land elsewhere. */
function twice(members: readonly MatchMember[], options: MatchOptions): [MatchResult, MatchResult] {
  const a = runMatching(members, options);
  let x = 0;
  for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
  const b = runMatching(members, { ...options, seed: options.seed! + (x < 0 ? 1 : 0) });
  return [a, b];
}

t.test('pairs: one seed twice gives the same round, exactly (candidate graph, cardinality step, exact solver)', async (t) => {
  const members = shapeMembers('metro', 620, 4);
  const [a, b] = twice(members, { mode: 'pairs', seed: 9 });
  t.equal(a.stats.method, 'exact');
  t.same(comparable(b), comparable(a));
});

t.test('pairs: a budget too small to finish is cut at the same point each time', async (t) => {
  const members = shapeMembers('national', 700, 5);
  const [a, b] = twice(members, { mode: 'pairs', seed: 2, timeBudgetMs: 3 });
  t.ok(a.stats.timeLimited, 'the budget ran out');
  t.equal(a.stats.matched, b.stats.matched);
  t.same(comparable(b), comparable(a));
});

t.test('alliances: one seed twice gives the same round, exactly', async (t) => {
  const members = syntheticMembers(900, 6);
  const [a, b] = twice(members, { mode: 'alliances', seed: 4 });
  t.ok(a.groups.length > 0);
  t.same(comparable(b), comparable(a));
});
