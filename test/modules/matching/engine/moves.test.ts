// Admin moves on a draft: re-scoring and every hard-rule violation code with a plain message.
import t from 'tap';
import { rescore, runMatching, validateMove } from '../../../../src/modules/matching/engine/index.js';
import { at, member, spread } from './fixtures/members.js';

t.test('validateMove – a clean move re-scores the draft', async (t) => {
  const ms = spread(4);
  const draft = runMatching(ms, { mode: 'pairs' });
  const who = draft.groups[0]!.memberIds[0]!;
  const out = validateMove(draft, ms, who, null, { mode: 'pairs' });
  t.equal(out.ok, false, 'leaving a group of one behind breaks the size rule');
  t.same(out.violations.map((v) => v.code), ['GROUP_SIZE']);
  t.ok(out.result.unmatched.some((u) => u.memberId === who));
  t.equal(out.result.stats.matched, 3);
});

t.test('validateMove – competitors, avoided members, full groups and repeats are reported', async (t) => {
  const ms = [...spread(4), member('rival', { region: { country: 'US', state: 'KS', ...at(1, 1) } }), member('x', { avoidMemberIds: ['m2'], region: { country: 'US', state: 'KS', ...at(900, 900) } })];
  const draft = runMatching(ms, { mode: 'circles', minSize: 2, maxSize: 3, history: { rounds: [[['m0', 'm1']]] } });
  const groupOf = (id: string) => draft.groups.findIndex((g) => g.memberIds.includes(id));
  const codes = (id: string, to: number | null, history = true) =>
    validateMove(draft, ms, id, to, { mode: 'circles', minSize: 2, maxSize: 3, ...(history ? { history: { rounds: [[['m0', 'm1']]] } } : {}) }).violations.map((v) => v.code);
  t.ok(codes('rival', groupOf('m0')).includes('COMPETITORS'));
  t.ok(codes('x', groupOf('m2')).includes('AVOIDED'));
  t.ok(codes('m1', groupOf('m0')).includes('REPEAT'));
  t.ok(codes('m0', 99).includes('UNKNOWN_GROUP'));
  t.ok(codes('nobody', 0).includes('UNKNOWN_MEMBER'));
  const full = draft.groups.findIndex((g) => g.memberIds.length === 3);
  if (full >= 0) {
    const outsider = ms.find((m) => !draft.groups[full]!.memberIds.includes(m.id))!.id;
    t.ok(codes(outsider, full).includes('GROUP_FULL'));
  }
  const msg = validateMove(draft, ms, 'rival', groupOf('m0'), { mode: 'circles', minSize: 2, maxSize: 3 }).violations.find((v) => v.code === 'COMPETITORS')!;
  t.match(msg.message, /(Rival and M0|M0 and Rival) are competitors: both offer outpatient orthopedic, \d+ km apart/);
});

t.test('rescore – scores groups, sums the objective and lists violations', async (t) => {
  const ms = spread(4);
  const r = rescore([{ memberIds: ['m0', 'm1'] }, { memberIds: ['m2', 'm3', 'm0'] }], ms, { mode: 'pairs' });
  t.equal(r.groups.length, 2);
  t.ok(r.groups[0]!.score > 0 && r.groups[0]!.reasons.length > 0);
  t.same(r.violations.map((v) => v.code).sort(), ['DUPLICATE_MEMBER', 'GROUP_SIZE']);
  t.ok(Math.abs(r.objective - (r.groups[0]!.score + r.groups[1]!.score)) < 1e-5);
});
