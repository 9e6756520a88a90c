// Pairs: maximum cardinality vs brute force, hard rules, determinism, members without coordinates or goals.
import t from 'tap';
import { isCompetitor, runMatching, syntheticMembers } from '../../../../src/modules/matching/engine/index.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import type { MatchMember } from '../../../../src/modules/matching/engine/types.js';
import { at, member } from './fixtures/members.js';

function feasible(a: MatchMember, b: MatchMember): boolean {
  return !isCompetitor(a, b) && !a.avoidMemberIds.includes(b.id) && !b.avoidMemberIds.includes(a.id);
}

/** Largest number of disjoint feasible pairs, by exhaustive search. */
function bruteMaxPairs(ms: MatchMember[]): number {
  const go = (left: number[]): number => {
    if (left.length < 2) return 0;
    const [first, ...rest] = left;
    let best = go(rest);
    for (const j of rest) if (feasible(ms[first!]!, ms[j]!)) best = Math.max(best, 1 + go(rest.filter((x) => x !== j)));
    return best;
  };
  return go(ms.map((_, i) => i));
}

t.test('pairs – maximum cardinality on small constrained graphs equals brute force', async (t) => {
  const rng = mulberry32(5);
  for (let trial = 0; trial < 25; trial++) {
    const n = 4 + rng.int(7);
    // Clustered in a few spots with overlapping services: many competitor pairs.
    const ms = Array.from({ length: n }, (_, i) =>
      member(`m${i}`, {
        practiceType: (['sports', 'pediatric', 'geriatric'] as const)[rng.int(3)],
        services: rng.next() < 0.4 ? ['pediatric'] : [],
        region: { country: 'US', state: 'KS', ...at(100 * rng.int(3), 0) },
        avoidMemberIds: rng.next() < 0.2 ? [`m${rng.int(n)}`] : [],
      }),
    );
    const r = runMatching(ms, { mode: 'pairs', seed: trial });
    t.equal(r.groups.length, bruteMaxPairs(ms), `trial ${trial}: ${n} members`);
    for (const g of r.groups) t.ok(feasible(ms.find((m) => m.id === g.memberIds[0])!, ms.find((m) => m.id === g.memberIds[1])!));
    t.equal(r.unmatched.length, n - 2 * r.groups.length);
    for (const u of r.unmatched) t.match(u.reason, /compatible peer|no one else/);
  }
});

t.test('pairs – avoid lists hold both ways', async (t) => {
  const ms = [member('a', { avoidMemberIds: ['b'], region: { country: 'US', state: 'KS', ...at(0, 0) } }), member('b', { region: { country: 'US', state: 'KS', ...at(300, 0) } })];
  const r = runMatching(ms, { mode: 'pairs' });
  t.equal(r.groups.length, 0);
  t.match(r.unmatched[0]!.reason, /avoid list/);
  const swapped = runMatching([member('a', { region: ms[0]!.region }), member('b', { avoidMemberIds: ['a'], region: ms[1]!.region })], { mode: 'pairs' });
  t.equal(swapped.groups.length, 0);
});

t.test('pairs – competitors nearby are never paired; an odd one out gets a reason', async (t) => {
  const ms = [member('a'), member('b', { region: { country: 'US', state: 'KS', ...at(5, 5) } }), member('c', { region: { country: 'US', state: 'KS', ...at(400, 0) } })];
  const r = runMatching(ms, { mode: 'pairs' });
  t.equal(r.groups.length, 1);
  t.notSame(r.groups[0]!.memberIds.sort(), ['a', 'b']);
  t.match(r.unmatched[0]!.reason, /paired with others/);
});

t.test('pairs – same seed, same result; groups carry scores and reasons', async (t) => {
  const ms = syntheticMembers(700, 3);
  const a = runMatching(ms, { mode: 'pairs', seed: 9 });
  const b = runMatching(ms, { mode: 'pairs', seed: 9 });
  t.same(a.groups, b.groups);
  t.same(a.unmatched, b.unmatched);
  t.equal(a.upperBound, b.upperBound);
  t.ok(a.groups.every((g) => g.reasons.length > 0 && g.score > 0 && g.score <= 1));
  t.ok(a.objective <= a.upperBound && a.ratio > 0.8 && a.ratio <= 1, `ratio ${a.ratio}`);
  t.equal(a.stats.matched, 700);
});

t.test('pairs – members without coordinates or goals are matched and noted', async (t) => {
  const ms = [
    member('a', { goals: [], region: { country: 'US', state: 'KS', postalCode: '66044' } }),
    member('b', { region: { country: 'US', state: 'NY', city: 'Albany' } }),
    member('c', { region: { country: 'US', state: 'TX', ...at(-900, 0) } }),
    member('d', { goals: [], region: { country: 'US', state: 'CO' } }),
  ];
  const r = runMatching(ms, { mode: 'pairs' });
  t.equal(r.stats.matched, 4);
  const notes = (id: string) => r.notes.filter((n) => n.memberId === id).map((n) => n.note);
  t.ok(notes('a').includes('matched without coordinates: by postal area'));
  t.ok(notes('a').includes('no goals given: matched by practice type and size'));
  t.ok(notes('b').includes('matched without coordinates or postal code: by city'));
  t.match(notes('d').join(), /whole state as one area/);
  t.same(notes('c'), []);
});
