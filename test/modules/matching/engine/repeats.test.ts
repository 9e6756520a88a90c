// The no-repeat rule: avoided while an alternative exists, allowed (and counted) only to keep someone in.
import t from 'tap';
import { runMatching } from '../../../../src/modules/matching/engine/index.js';
import { spread } from './fixtures/members.js';

const pairsOf = (r: { groups: { memberIds: string[] }[] }) => r.groups.map((g) => [...g.memberIds].sort().join('+')).sort();

t.test('no repeat within the last rounds while alternatives exist', async (t) => {
  const ms = spread(6);
  const history: Array<Array<[string, string]>> = [];
  for (let round = 0; round < 3; round++) {
    const r = runMatching(ms, { mode: 'pairs', seed: round, history: { rounds: history } });
    const recent = new Set(history.slice(-3).flat().map(([a, b]) => [a, b].sort().join('+')));
    t.equal(r.stats.matched, 6);
    t.equal(r.stats.repeatsForced, 0);
    for (const p of pairsOf(r)) t.notOk(recent.has(p), `round ${round}: ${p} is new`);
    history.push(r.groups.map((g) => [g.memberIds[0]!, g.memberIds[1]!]));
  }
});

t.test('a repeat is allowed when a member would otherwise be left out, and noted', async (t) => {
  const ms = spread(2);
  const r = runMatching(ms, { mode: 'pairs', history: { rounds: [[['m0', 'm1']]] } });
  t.equal(r.groups.length, 1);
  t.equal(r.stats.repeatsForced, 1);
  t.match(r.notes.map((n) => n.note).join(), /grouped again with M1 from a recent round/);
});

t.test('rounds older than noRepeatRounds no longer count', async (t) => {
  const ms = spread(4);
  const old: Array<[string, string]> = [['m0', 'm1'], ['m2', 'm3']];
  const filler: Array<[string, string]> = [['m0', 'm2'], ['m1', 'm3']];
  const r = runMatching(ms, { mode: 'pairs', noRepeatRounds: 1, history: { rounds: [old, filler] } });
  t.equal(r.stats.repeatsForced, 0);
  t.notOk(pairsOf(r).includes('m0+m2'), 'the last round is still avoided');
  t.equal(r.stats.repeatsAvoided, 2);
});

t.test('circles avoid recent partners too', async (t) => {
  const ms = spread(10);
  const first = runMatching(ms, { mode: 'circles', seed: 1 });
  const history = [first.groups.flatMap((g) => g.memberIds.flatMap((a, i) => g.memberIds.slice(i + 1).map((b) => [a, b] as [string, string])))];
  const second = runMatching(ms, { mode: 'circles', seed: 1, history: { rounds: history } });
  t.equal(second.stats.matched, 10);
  t.ok(second.stats.repeatsForced < history[0]!.length, 'fewer repeats than circles of the same people');
});
