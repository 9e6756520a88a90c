// Circles: sizes, everyone placed where the numbers allow, rules, and reasons.
import t from 'tap';
import { isCompetitor, runMatching } from '../../../../src/modules/matching/engine/index.js';
import { at, member, spread } from './fixtures/members.js';

t.test('circles – everyone placed in circles of 5–8 when the numbers allow', async (t) => {
  for (const n of [5, 8, 10, 13, 16, 23, 40]) {
    const r = runMatching(spread(n), { mode: 'circles', seed: 2 });
    t.equal(r.stats.matched, n, `${n} members`);
    t.ok(r.groups.every((g) => g.memberIds.length >= 5 && g.memberIds.length <= 8));
    t.ok(r.groups.every((g) => g.reasons.length > 0));
  }
});

t.test('circles – when the numbers do not allow, the rest get a reason', async (t) => {
  const nine = runMatching(spread(9), { mode: 'circles' });
  t.equal(nine.stats.matched, 8);
  t.match(nine.unmatched[0]!.reason, /every circle is full \(8\) and the 1 member left is too few for a new circle of 5–8/);
  const three = runMatching(spread(3), { mode: 'circles' });
  t.equal(three.groups.length, 0);
  t.match(three.unmatched[0]!.reason, /too few members for a circle of 5–8 \(only 3/);
});

t.test('circles – custom sizes and no competitors inside a circle', async (t) => {
  // Two clusters of six same-type practices: within a cluster everyone competes.
  const ms = [...Array.from({ length: 6 }, (_, i) => member(`a${i}`, { region: { country: 'US', state: 'KS', ...at(i, 0) } })),
    ...Array.from({ length: 6 }, (_, i) => member(`b${i}`, { region: { country: 'US', state: 'KS', ...at(500 + i, 0) } }))];
  const r = runMatching(ms, { mode: 'circles', minSize: 2, maxSize: 3 });
  for (const g of r.groups) {
    t.ok(g.memberIds.length >= 2 && g.memberIds.length <= 3);
    for (const x of g.memberIds) for (const y of g.memberIds) if (x < y) t.notOk(isCompetitor(ms.find((m) => m.id === x)!, ms.find((m) => m.id === y)!));
  }
  t.equal(r.stats.matched, 12, 'pairs across the clusters place everyone');
});

t.test('circles – circle reasons name what members share', async (t) => {
  const ms = spread(5, (i) => ({ goals: ['hiring_retention'], strengths: i === 0 ? ['leadership'] : [], ...(i > 0 ? { goals: ['hiring_retention', 'leadership'] } : {}) }));
  const r = runMatching(ms, { mode: 'circles' });
  const reasons = r.groups[0]!.reasons.join('; ');
  t.match(reasons, /all 5 are outpatient orthopedic practices/);
  t.match(reasons, /all 5 are working on hiring and retention/);
  t.match(reasons, /M0 is strong at leadership, a goal of/);
});

t.test('circles – same seed, same circles; the bound holds', async (t) => {
  const ms = spread(37, (i) => ({ practiceType: i % 3 === 0 ? 'pediatric' : 'outpatient_orthopedic', clinicians: 1 + (i % 9) }));
  const a = runMatching(ms, { mode: 'circles', seed: 4 });
  const b = runMatching(ms, { mode: 'circles', seed: 4 });
  t.same(a.groups, b.groups);
  t.ok(a.objective <= a.upperBound + 1e-9 && a.ratio <= 1);
});
