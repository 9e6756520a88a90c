// Moves in a draft: hard rules answer 409 (nothing changed), overrides need a reason and are audited, versions stop clobbering.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { auditLog } from '../../../src/db/schema/index.js';
import { rescore } from '../../../src/modules/matching/engine/index.js';
import { findCandidatesByIds, toMatchMember } from '../../../src/modules/matching/matching.repo.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin, type Ctx } from './support.js';

type Round = { id: string; version: number; groups: Array<{ memberIds: string[]; score: number; reasons: string[] }>; unmatched: Array<{ memberId: string; reason: string }>; objective: number; [k: string]: any };

async function draft(ctx: Ctx, payload: object): Promise<Round> {
  const res = await post(ctx, '/admin/matching/rounds', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

const groupOf = (round: Round, id: string) => round.groups.findIndex((g) => g.memberIds.includes(id));

t.test('a move into a full circle answers 409 GROUP_FULL and a move out below minSize 409 GROUP_SIZE; nothing changes', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 10);
  const round = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 2 });
  t.equal(round.groups.length, 2);
  const mover = round.groups[0]!.memberIds[0]!;
  const full = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: 1 });
  t.equal(full.statusCode, 409);
  t.equal(full.json().code, 'GROUP_FULL');
  t.match(full.json().message, /full/);
  const out = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: null });
  t.equal(out.statusCode, 409);
  t.equal(out.json().code, 'GROUP_SIZE');
  t.same((await get(ctx, `/admin/matching/rounds/${round.id}`)).json(), round, 'the draft is unchanged');
});

t.test('a move next to a competitor answers 409 COMPETITORS; with override and reason it applies, recorded and audited', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 7);
  const rival = await makeMember(ctx.app.database, { displayName: 'Rival', profile: place(0) });
  const round = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 6, memberIds: [...ids(peers), rival.id], seed: 4 });
  const target = groupOf(round, peers[0]!.id);
  t.not(groupOf(round, rival.id), target, 'the engine kept them apart');
  const move = { memberId: rival.id, toGroup: target };

  const refused = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, move);
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().code, 'COMPETITORS');
  t.match(refused.json().message, /Rival and Peer A are competitors|Peer A and Rival are competitors/);
  const noReason = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { ...move, override: true });
  t.equal(noReason.statusCode, 400);
  t.equal(noReason.json().code, 'REASON_REQUIRED');
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}`)).json().version, 1, 'still version 1');

  const forced = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { ...move, override: true, reason: 'They co-own a referral network already' });
  t.equal(forced.statusCode, 200, forced.body);
  const after: Round = forced.json();
  t.equal(after.version, 2);
  t.ok(after.groups.some((g) => g.memberIds.includes(rival.id) && g.memberIds.includes(peers[0]!.id)), 'moved');
  t.match(after.overrides, [{ actorId: ctx.admin.id, action: 'move', memberId: rival.id, toGroup: target, reason: 'They co-own a referral network already' }]);
  t.ok(after.overrides[0].codes.includes('COMPETITORS'));
  const audits = await ctx.app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, round.id), eq(auditLog.action, 'matching.round.override')));
  t.equal(audits.length, 1);
  t.match(audits[0], { actorId: ctx.admin.id, reason: 'They co-own a referral network already', details: { memberId: rival.id, toGroup: target } });
  t.ok((audits[0]!.details.violations as Array<{ code: string }>).some((v) => v.code === 'COMPETITORS'), 'the broken rule is in the log');
});

t.test('a valid move re-scores the touched groups and the objective matches a full re-score', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 11, (i) => ({ clinicians: 2 + i, goals: i % 3 ? ['marketing', 'leadership'] : ['grow_referrals'] }));
  const round = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 6, memberIds: ids(peers), seed: 9 });
  const from = round.groups.findIndex((g) => g.memberIds.length > 3);
  const to = round.groups.findIndex((g, i) => i !== from && g.memberIds.length < 6);
  t.ok(from >= 0 && to >= 0, 'a group with room and one to spare');
  const mover = round.groups[from]!.memberIds[0]!;
  const res = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: to, version: 1 });
  t.equal(res.statusCode, 200, res.body);
  const after: Round = res.json();
  t.equal(after.version, 2);
  t.ok(after.groups[to]!.memberIds.includes(mover));
  t.notOk(after.groups[from]!.memberIds.includes(mover));
  t.not(after.groups[to]!.score, round.groups[to]!.score, 're-scored');

  const rows = await findCandidatesByIds(ctx.app.database.db, ids(peers));
  const full = rescore(after.groups, rows.map(toMatchMember), { mode: 'circles', minSize: 3, maxSize: 6, weights: after.params.weights });
  t.same(full.groups.map((g) => g.score), after.groups.map((g) => g.score), 'group scores as a full re-score');
  t.equal(after.objective, full.objective, 'objective as a full re-score');
  t.equal(after.ratio, Math.round((after.objective / after.upperBound) * 1e6) / 1e6);

  const [audit] = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, round.id), eq(auditLog.action, 'matching.round.move')));
  t.match(audit, { actorId: ctx.admin.id, details: { memberId: mover, fromGroup: from, toGroup: to } });

  const out = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: null });
  t.equal(out.statusCode, 200);
  t.match(out.json().unmatched, [{ memberId: mover, reason: /moved out/ }]);
  const back = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: from });
  t.equal(back.statusCode, 200);
  t.same(back.json().unmatched, []);
  const noop = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: mover, toGroup: from });
  t.equal(noop.json().version, back.json().version, 'moving where it already is changes nothing');
});

t.test('optimistic concurrency: a stale version answers 409 VERSION_CONFLICT; of two racing moves on one version, one wins', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 12);
  const round = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 8, memberIds: ids(peers), seed: 1 });
  // Both admins saw version 1; each sends a different move with it.
  const racing = await Promise.all(
    [0, 1].map((k) =>
      post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: round.groups[0]!.memberIds[k]!, toGroup: null, override: true, reason: 'testing concurrency', version: 1 }),
    ),
  );
  t.same(racing.map((r) => r.statusCode).sort(), [200, 409]);
  t.equal(racing.find((r) => r.statusCode === 409)!.json().code, 'VERSION_CONFLICT');
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}`)).json().version, 2);
  const stale = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: peers[0]!.id, toGroup: null, version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().code, 'VERSION_CONFLICT');
});

t.test('moves with bad input: unknown member or group 422, unknown round 404, members 403', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const outsider = await makeMember(ctx.app.database, { profile: place(10) });
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers) });
  const url = `/admin/matching/rounds/${round.id}/moves`;
  const notIn = await post(ctx, url, { memberId: outsider.id, toGroup: 0 });
  t.equal(notIn.statusCode, 422);
  t.equal(notIn.json().code, 'UNKNOWN_MEMBER');
  const noGroup = await post(ctx, url, { memberId: peers[0]!.id, toGroup: 7 });
  t.equal(noGroup.statusCode, 422);
  t.equal(noGroup.json().code, 'UNKNOWN_GROUP');
  t.equal((await post(ctx, url, { memberId: peers[0]!.id, toGroup: -1 })).statusCode, 400);
  t.equal((await post(ctx, url, { memberId: peers[0]!.id })).statusCode, 400, 'toGroup is required (null to unmatch)');
  t.equal((await post(ctx, '/admin/matching/rounds/00000000-0000-4000-8000-000000000000/moves', { memberId: peers[0]!.id, toGroup: null })).statusCode, 404);
  t.equal((await post(ctx, url, { memberId: peers[0]!.id, toGroup: null }, peers[0])).statusCode, 403);
});
