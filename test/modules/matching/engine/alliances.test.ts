// Alliances: nearby, non-competing, complementary practices wanting partnerships; reasons for those left out.
import t from 'tap';
import { runMatching } from '../../../../src/modules/matching/engine/index.js';
import { at, member } from './fixtures/members.js';

const here = (n: number, e: number) => ({ country: 'US', state: 'KS', city: 'Lawrence', ...at(n, e) });

t.test('alliances – a PT clinic and an OT clinic in town are paired, with reasons', async (t) => {
  const ms = [
    member('pt', { region: here(0, 0), goals: ['community_partnerships'] }),
    member('ot', { practiceType: 'occupational_therapy', region: here(3, 4), goals: ['grow_referrals'] }),
  ];
  const r = runMatching(ms, { mode: 'alliances' });
  t.equal(r.groups.length, 1);
  const reasons = r.groups[0]!.reasons.join('; ');
  t.match(reasons, /5 km apart/);
  t.match(reasons, /complementary services: outpatient orthopedic and occupational therapy/);
});

t.test('alliances – same services nearby, far away, and no partnership goals are explained', async (t) => {
  const same = runMatching([member('a', { region: here(0, 0) }), member('b', { region: here(2, 0) })], { mode: 'alliances' });
  t.equal(same.groups.length, 0);
  t.match(same.unmatched[0]!.reason, /everyone nearby offers the same services/);
  const far = runMatching([member('a', { region: here(0, 0) }), member('b', { practiceType: 'occupational_therapy', region: here(200, 0) })], { mode: 'alliances' });
  t.match(far.unmatched[0]!.reason, /no other practice within 30 km/);
  const noGoal = runMatching([member('a', { region: here(0, 0), goals: ['marketing'] }), member('b', { practiceType: 'speech_language', region: here(1, 0), goals: ['leadership'] })], { mode: 'alliances' });
  t.match(noGoal.unmatched[0]!.reason, /partnership goal/);
});

t.test('alliances – without coordinates, the same postal area counts as nearby', async (t) => {
  const ms = [
    member('a', { region: { country: 'US', state: 'KS', postalCode: '66044' } }),
    member('b', { practiceType: 'speech_language', region: { country: 'US', state: 'KS', postalCode: '66044' } }),
  ];
  const r = runMatching(ms, { mode: 'alliances' });
  t.equal(r.groups.length, 1);
  t.match(r.groups[0]!.reasons.join(), /same postal area/);
});
