// Swaps in drafts (pairs, circles, alliances), pairs formed from two unmatched members, dissolving a pair, and each rule's own code.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { auditLog } from '../../../src/db/schema/index.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin, type Ctx } from './support.js';

type Round = { id: string; version: number; groups: Array<{ memberIds: string[]; score: number; reasons: string[] }>; unmatched: Array<{ memberId: string; reason: string }>; [k: string]: any };

async function draft(ctx: Ctx, payload: object): Promise<Round> {
  const res = await post(ctx, '/admin/matching/rounds', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}
const groupOf = (round: Round, id: string) => round.groups.findIndex((g) => g.memberIds.includes(id));
const sorted = (xs: string[]) => [...xs].sort();

t.test('pairs: swap an unmatched member into a pair, dissolve a pair, form a pair from two unmatched members', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 5);
  let round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers), seed: 1 });
  t.equal(round.unmatched.length, 1);
  const url = `/admin/matching/rounds/${round.id}/moves`;
  const loner = round.unmatched[0]!.memberId;
  const [p, partner] = round.groups[0]!.memberIds as [string, string];

  const into = await post(ctx, url, { memberId: loner, toGroup: 0 });
  t.equal(into.statusCode, 409);
  t.equal(into.json().code, 'GROUP_FULL', 'a pair has no third seat: swap instead');

  const swap = await post(ctx, url, { memberId: loner, swapWith: p, version: round.version });
  t.equal(swap.statusCode, 200, swap.body);
  round = swap.json();
  t.same(sorted(round.groups[0]!.memberIds), sorted([loner, partner]), 'the loner took the seat');
  t.ok(round.unmatched.some((u) => u.memberId === p), 'the other is unmatched now');
  t.ok(round.groups[0]!.reasons.length > 0 && round.groups[0]!.score > 0, 're-scored');
  const [audit] = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, round.id), eq(auditLog.action, 'matching.round.swap')));
  t.match(audit, { actorId: ctx.admin.id, details: { memberId: loner, swapWith: p } });

  // Moving one out of a pair dissolves it: both unmatched, no override needed.
  const [x, y] = round.groups[1]!.memberIds as [string, string];
  const out = await post(ctx, url, { memberId: x, toGroup: null });
  t.equal(out.statusCode, 200, out.body);
  round = out.json();
  t.equal(round.groups.length, 1);
  t.same(sorted(round.unmatched.map((u) => u.memberId)), sorted([p, x, y]));
  t.match(round.unmatched.find((u) => u.memberId === y)!.reason, /dissolved/);

  const formed = await post(ctx, url, { memberId: p, swapWith: y });
  t.equal(formed.statusCode, 200, formed.body);
  round = formed.json();
  t.equal(round.groups.length, 2);
  t.same(sorted(round.groups[1]!.memberIds), sorted([p, y]), 'two unmatched members form a pair');
  t.same(round.unmatched.map((u) => u.memberId), [x]);
  t.equal(round.stats.matched, 4);
});

t.test('each hard rule answers with its own code, in a swap and in a move into a full pair', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const avoider = await makeMember(ctx.app.database, { displayName: 'Avoider', profile: { ...place(20), avoidMemberIds: [peers[0]!.id] } });
  const rival = await makeMember(ctx.app.database, { displayName: 'Rival', profile: place(0) });
  const round = await draft(ctx, { mode: 'pairs', memberIds: [...ids(peers), avoider.id, rival.id], seed: 3 });
  const url = `/admin/matching/rounds/${round.id}/moves`;
  const target = groupOf(round, peers[0]!.id);
  const mate = round.groups[target]!.memberIds.find((m) => m !== peers[0]!.id)!;
  t.not(groupOf(round, avoider.id), target);

  const avoided = await post(ctx, url, { memberId: avoider.id, swapWith: mate });
  t.equal(avoided.statusCode, 409);
  t.equal(avoided.json().code, 'AVOIDED', 'not GROUP_FULL');
  const intoFull = await post(ctx, url, { memberId: avoider.id, toGroup: target });
  t.equal(intoFull.json().code, 'AVOIDED', 'the rule first, the size after');
  t.match(intoFull.json().message, /GROUP_FULL/);
  const competing = await post(ctx, url, { memberId: rival.id, swapWith: mate });
  t.equal(competing.json().code, 'COMPETITORS');
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}`)).json().version, 1, 'nothing changed');

  const outsider = await makeMember(ctx.app.database, { profile: place(21) });
  const stranger = await post(ctx, url, { memberId: peers[0]!.id, swapWith: outsider.id });
  t.equal(stranger.statusCode, 422);
  t.equal(stranger.json().code, 'UNKNOWN_MEMBER');
  t.equal((await post(ctx, url, { memberId: peers[0]!.id, swapWith: peers[0]!.id })).json().code, 'SAME_MEMBER');
  t.equal((await post(ctx, url, { memberId: peers[0]!.id, swapWith: mate, toGroup: 0 })).statusCode, 400, 'toGroup or swapWith, not both');
  t.equal((await post(ctx, url, { memberId: peers[0]!.id, swapWith: 'not-a-uuid' })).statusCode, 400);

  const forced = await post(ctx, url, { memberId: avoider.id, swapWith: mate, override: true, reason: 'they have since made peace' });
  t.equal(forced.statusCode, 200, forced.body);
  t.match(forced.json().overrides, [{ action: 'move', memberId: avoider.id, codes: ['AVOIDED'], reason: 'they have since made peace' }]);
});

t.test('circles: a swap between two circles keeps their sizes and re-scores both', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 10);
  const round = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 2 });
  const a = round.groups[0]!.memberIds[0]!;
  const b = round.groups[1]!.memberIds[0]!;
  const res = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: a, swapWith: b });
  t.equal(res.statusCode, 200, res.body);
  const after: Round = res.json();
  t.equal(after.version, 2);
  t.ok(after.groups[0]!.memberIds.includes(b) && after.groups[1]!.memberIds.includes(a));
  t.same(after.groups.map((g) => g.memberIds.length), [5, 5]);
  t.equal(after.unmatched.length, round.unmatched.length);
});

t.test('alliances: partners swap across two alliances when both new pairs are feasible', async (t) => {
  const ctx = await withAdmin(await build(t));
  const near = (k: number, type: string) => ({
    practiceType: type as never,
    services: [type as never],
    wants: ['alliance' as const],
    goals: ['community_partnerships' as const, 'grow_referrals' as const],
    region: { country: 'US', state: 'Ohio', city: 'Columbus', postalCode: '43215', lat: 39.96 + k * 0.005, lon: -83.0 },
    timezone: 'America/New_York',
  });
  const people = [];
  for (const [k, type] of (['pediatric', 'speech_language', 'occupational_therapy', 'neurologic'] as const).entries()) {
    people.push(await makeMember(ctx.app.database, { displayName: `Ally ${type}`, profile: near(k, type) }));
  }
  const round = await draft(ctx, { mode: 'alliances', memberIds: ids(people), seed: 5 });
  t.equal(round.groups.length, 2, round.unmatched.map((u) => u.reason).join('; '));
  const ped = people[0]!.id;
  const neu = people[3]!.id;
  t.not(groupOf(round, ped), groupOf(round, neu), 'pediatric and neurologic are not complementary: never one alliance');
  const pedMate = round.groups[groupOf(round, ped)]!.memberIds.find((m) => m !== ped)!;
  const neuMate = round.groups[groupOf(round, neu)]!.memberIds.find((m) => m !== neu)!;
  const res = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: pedMate, swapWith: neuMate });
  t.equal(res.statusCode, 200, res.body);
  const after: Round = res.json();
  t.ok(after.groups.some((g) => g.memberIds.includes(ped) && g.memberIds.includes(neuMate)));
  const bad = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: ped, swapWith: pedMate });
  t.equal(bad.statusCode, 409, 'that would pair pediatric with neurologic');
  t.equal(bad.json().code, 'NOT_COMPLEMENTARY');
});
