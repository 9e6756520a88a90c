// scorePair: range, symmetry, plain-language reasons, weights, and members without goals.
import t from 'tap';
import { defaultWeights, scorePair } from '../../../../src/modules/matching/engine/index.js';
import { member } from './fixtures/members.js';

t.test('scorePair – same type, shared goals and helping strengths score high with reasons', async (t) => {
  const dana = member('dana', { strengths: ['payer_contracting'], goals: ['grow_referrals', 'marketing'], clinicians: 3 });
  const sam = member('sam', { goals: ['grow_referrals', 'payer_contracting'], clinicians: 5 });
  const r = scorePair(dana, sam);
  t.ok(r.score > 0.7 && r.score <= 1, `score ${r.score}`);
  t.ok(r.reasons.includes('both outpatient orthopedic practices'));
  t.ok(r.reasons.includes('both are working on growing referrals'));
  t.ok(r.reasons.includes("Dana is strong at payer contracting, a goal of Sam's"));
  t.ok(r.reasons.includes('similar size: 3–5 clinicians'));
  t.equal(scorePair(sam, dana).score, r.score, 'symmetric');
});

t.test('scorePair – unlike practices score lower and stay in [0, 1]', async (t) => {
  const a = member('a', { practiceType: 'pediatric', goals: ['exit_succession'], clinicians: 1, yearsInBusiness: 0, timezone: 'America/New_York' });
  const b = member('b', { practiceType: 'home_health', goals: ['technology_emr'], clinicians: 60, yearsInBusiness: 40, timezone: 'Pacific/Honolulu' });
  const r = scorePair(a, b);
  t.ok(r.score >= 0 && r.score < 0.2, `score ${r.score}`);
  t.ok(r.reasons.length > 0, 'reasons are never empty');
});

t.test('scorePair – complementary types earn part of the practice-type weight', async (t) => {
  const pt = member('pt', { practiceType: 'pediatric' });
  const slp = member('slp', { practiceType: 'speech_language' });
  const other = member('o', { practiceType: 'aquatic' });
  t.ok(scorePair(pt, slp).score > scorePair(pt, other).score);
  t.match(scorePair(pt, slp).reasons.join('; '), /complementary practices: pediatric and speech-language/);
});

t.test('scorePair – without goals the goal weights drop out instead of counting as zero', async (t) => {
  const a = member('a', { goals: [] });
  const b = member('b', { goals: [] });
  t.ok(scorePair(a, b).score > 0.9, 'alike on everything that can be judged');
});

t.test('scorePair – weights change the balance and are validated', async (t) => {
  const a = member('a', { goals: ['marketing'] });
  const b = member('b', { goals: ['marketing'], practiceType: 'sports' });
  t.ok(scorePair(a, b, { practiceType: 0 }).score > scorePair(a, b).score);
  t.throws(() => scorePair(a, b, { goals: 2 }), /between 0 and 1/);
  t.ok(defaultWeights.practiceType >= defaultWeights.size && defaultWeights.goals >= defaultWeights.strengths);
});

t.test('scorePair – an unknown time zone is left out, not fatal', async (t) => {
  const r = scorePair(member('a', { timezone: 'Mars/Olympus' }), member('b'));
  t.ok(r.score > 0.8);
});
