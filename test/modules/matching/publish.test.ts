// Publishing rounds: circles in one transaction, exactly once, events for chat, re-checks against changed profiles, no-repeat history.
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { auditLog, circleMembers, circles, members } from '../../../src/db/schema/index.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin, type Ctx } from './support.js';

async function draft(ctx: Ctx, payload: object) {
  const res = await post(ctx, '/admin/matching/rounds', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; version: number; groups: Array<{ memberIds: string[]; reasons: string[]; circleId: string | null }>; [k: string]: any };
}

const circlesOfRound = async (ctx: Ctx, roundId: string) =>
  ctx.app.database.db.select({ id: circles.id, kind: circles.kind }).from(circles).where(eq(circles.roundId, roundId));

t.test('publish turns each group into a circle of proposed members, audits, and tells chat after commit', async (t) => {
  const ctx = await withAdmin(await build(t));
  const created: Array<{ circleId: string; memberIds: string[] }> = [];
  ctx.app.events.on('circle.created', (e) => {
    created.push(e);
  });
  const peers = await makePeers(ctx.app.database, 10);
  const round = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 3 });
  const res = await post(ctx, `/admin/matching/rounds/${round.id}/publish`, { version: 1 });
  t.equal(res.statusCode, 200, res.body);
  const published = res.json();
  t.match(published, { status: 'published', version: 2, publishedAt: String });
  const made = await circlesOfRound(ctx, round.id);
  t.equal(made.length, 2);
  t.same(made.map((c) => c.kind), ['circle', 'circle']);
  t.same(published.groups.map((g: { circleId: string }) => g.circleId).sort(), made.map((c) => c.id).sort());
  const rows = await ctx.app.database.db.select().from(circleMembers).where(eq(circleMembers.circleId, published.groups[0].circleId));
  t.same(rows.map((r) => r.memberId).sort(), [...published.groups[0].memberIds].sort());
  t.ok(rows.every((r) => r.status === 'proposed'));
  await new Promise((r) => setImmediate(r));
  t.same(created.map((e) => e.circleId).sort(), made.map((c) => c.id).sort(), 'circle.created per circle');
  t.same(created.find((e) => e.circleId === published.groups[0].circleId)!.memberIds, published.groups[0].memberIds);
  const [audit] = await ctx.app.database.db.select().from(auditLog).where(sql`${auditLog.targetId} = ${round.id} and ${auditLog.action} = 'matching.round.publish'`);
  t.match(audit, { actorId: ctx.admin.id, details: { circles: 2, members: 10 } });

  // Members see their circle with reasons and their peers' public details.
  const me = peers.find((p) => p.id === published.groups[0].memberIds[0])!;
  const mine = await get(ctx, '/me/circles', me);
  t.equal(mine.statusCode, 200);
  t.equal(mine.json().items.length, 1);
  const circle = mine.json().items[0];
  t.match(circle, { id: published.groups[0].circleId, kind: 'circle', roundId: round.id, myStatus: 'proposed', unread: 0 });
  t.same(circle.reasons, published.groups[0].reasons);
  t.equal(circle.members.length, 5);
  t.match(circle.members[0], { id: String, displayName: /^Peer /, practiceName: 'Riverbend Physical Therapy', practiceType: 'outpatient_orthopedic', city: String, state: String, status: 'proposed' });
  t.notMatch(mine.body, /@example\.test|avoidMemberIds|"lat"/, 'no email, avoid list or coordinates');

  const twice = await post(ctx, `/admin/matching/rounds/${round.id}/publish`);
  t.equal(twice.statusCode, 409);
  t.equal(twice.json().code, 'ALREADY_PUBLISHED');
  const move = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: me.id, toGroup: null });
  t.equal(move.statusCode, 409);
  t.equal(move.json().code, 'ROUND_PUBLISHED');
  t.equal((await circlesOfRound(ctx, round.id)).length, 2, 'no second set of circles');
  t.equal((await post(ctx, '/admin/matching/rounds/00000000-0000-4000-8000-000000000000/publish')).statusCode, 404);
  t.equal((await post(ctx, `/admin/matching/rounds/${round.id}/publish`, {}, me)).statusCode, 403);
});

t.test('of concurrent publishes exactly one wins', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 6);
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers) });
  const results = await Promise.all([0, 1, 2].map(() => post(ctx, `/admin/matching/rounds/${round.id}/publish`, {})));
  t.same(results.map((r) => r.statusCode).sort(), [200, 409, 409]);
  t.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'ALREADY_PUBLISHED'));
  const made = await circlesOfRound(ctx, round.id);
  t.equal(made.length, 3);
  t.ok(made.every((c) => c.kind === 'pair'));
});

t.test('publish re-checks hard rules against current profiles: 409 STALE_DRAFT unless overridden with a reason', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers), seed: 1 });
  const [a, b] = round.groups[0]!.memberIds;
  const who = peers.find((p) => p.id === a)!;
  const patched = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: who.auth, payload: { avoidMemberIds: [b] } });
  t.equal(patched.statusCode, 200);

  const stale = await post(ctx, `/admin/matching/rounds/${round.id}/publish`, {});
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().code, 'STALE_DRAFT');
  t.match(stale.json().message, /AVOIDED/);
  t.equal((await circlesOfRound(ctx, round.id)).length, 0, 'nothing published');
  t.equal((await post(ctx, `/admin/matching/rounds/${round.id}/publish`, { override: true })).json().code, 'REASON_REQUIRED');

  const forced = await post(ctx, `/admin/matching/rounds/${round.id}/publish`, { override: true, reason: 'They asked to stay together after all' });
  t.equal(forced.statusCode, 200, forced.body);
  t.match(forced.json().overrides, [{ action: 'publish', codes: ['AVOIDED'], reason: 'They asked to stay together after all' }]);
  const logged = await ctx.app.database.db.select().from(auditLog).where(sql`${auditLog.targetId} = ${round.id} and ${auditLog.action} = 'matching.round.override'`);
  t.equal(logged.length, 1);
  t.equal(logged[0]!.reason, 'They asked to stay together after all');
});

t.test('publish refuses suspended members and single-member groups', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers) });
  const [a, b] = round.groups[0]!.memberIds;
  await ctx.app.database.db.update(members).set({ status: 'suspended' }).where(eq(members.id, a!));
  const inactive = await post(ctx, `/admin/matching/rounds/${round.id}/publish`, {});
  t.equal(inactive.statusCode, 409);
  t.equal(inactive.json().code, 'INACTIVE_MEMBERS');
  // In pairs, moving one member out dissolves the pair: the partner is unmatched, not a group of one (no override needed).
  const out = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: a, toGroup: null });
  t.equal(out.statusCode, 200, out.body);
  t.ok(out.json().unmatched.some((u: { memberId: string; reason: string }) => u.memberId === b && /dissolved/.test(u.reason)));
  t.notOk(out.json().groups.some((g: { memberIds: string[] }) => g.memberIds.length === 1));

  // A circle can still be left with one member (moves out by override): publish refuses that.
  const six = await makePeers(ctx.app.database, 6);
  const circles = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 3, memberIds: ids(six) });
  const [x, y, z] = circles.groups[0]!.memberIds;
  for (const m of [x, y]) {
    const moved = await post(ctx, `/admin/matching/rounds/${circles.id}/moves`, { memberId: m, toGroup: null, override: true, reason: 'leaving for now' });
    t.equal(moved.statusCode, 200, moved.body);
  }
  const alone = await post(ctx, `/admin/matching/rounds/${circles.id}/publish`, {});
  t.equal(alone.statusCode, 409);
  t.equal(alone.json().code, 'GROUP_TOO_SMALL');
  t.match(alone.json().message, /single member/);
  const now = (await get(ctx, `/admin/matching/rounds/${circles.id}`)).json();
  t.ok(now.groups.some((g: { memberIds: string[] }) => g.memberIds.length === 1 && g.memberIds[0] === z));
});

t.test('no-repeat uses published history, and a decline frees the member', async (t) => {
  // Three natural pairs by practice type and goals; each pair far from the others in score.
  const ctx = await withAdmin(await build(t, { NO_REPEAT_ROUNDS: 50 }));
  const kinds = [
    { practiceType: 'pediatric', services: ['pediatric'], goals: ['grow_referrals', 'marketing'] },
    { practiceType: 'neurologic', services: ['neurologic'], goals: ['leadership', 'compliance'] },
    { practiceType: 'pelvic_health', services: ['pelvic_health'], goals: ['cash_services', 'technology_emr'] },
  ] as const;
  const peers = await makePeers(ctx.app.database, 6, (i) => ({ ...kinds[Math.floor(i / 2)]!, services: [...kinds[Math.floor(i / 2)]!.services], goals: [...kinds[Math.floor(i / 2)]!.goals], strengths: [] }));
  const [A, B, C, D, E, F] = ids(peers);
  const pairsOf = (r: { groups: Array<{ memberIds: string[] }> }) => r.groups.map((g) => [...g.memberIds].sort().join('+')).sort();
  const key = (x: string, y: string) => [x, y].sort().join('+');

  const first = await draft(ctx, { mode: 'pairs', memberIds: [A, B, C, D, E, F], seed: 1 });
  t.same(pairsOf(first), [key(A!, B!), key(C!, D!), key(E!, F!)].sort(), 'the natural pairs first');
  const published = (await post(ctx, `/admin/matching/rounds/${first.id}/publish`, {})).json();
  const abCircle = published.groups.find((g: { memberIds: string[] }) => g.memberIds.includes(A!)).circleId;
  const declined = await post(ctx, `/circles/${abCircle}/decline`, undefined, peers[0]);
  t.equal(declined.statusCode, 200);

  // C–F still hold their published seats: includePlaced lets the draft show what no-repeat does with them.
  const second = await draft(ctx, { mode: 'pairs', memberIds: [A, B, C, D, E, F], seed: 1, includePlaced: true });
  const now = pairsOf(second);
  t.ok(now.includes(key(A!, B!)), 'A declined, so A and B never shared a group: they may meet again');
  t.notOk(now.includes(key(C!, D!)), 'C and D not repeated');
  t.notOk(now.includes(key(E!, F!)), 'E and F not repeated');
  t.equal(second.stats.matched, 6, 'everyone still paired');
  t.ok(second.stats.repeatsAvoided >= 2);

  const forgetful = await build(t, { NO_REPEAT_ROUNDS: 0 });
  const third = await forgetful.inject({ method: 'POST', url: '/api/v1/admin/matching/rounds', headers: ctx.admin.auth, payload: { mode: 'pairs', memberIds: [A, B, C, D, E, F], seed: 1, includePlaced: true } });
  t.same(pairsOf(third.json()), pairsOf(first), 'with NO_REPEAT_ROUNDS=0 the natural pairs come back');
  // The declined member is not counted, but the repeat rule is still there for a move.
  const move = await post(ctx, `/admin/matching/rounds/${second.id}/moves`, { memberId: C, toGroup: second.groups.findIndex((g) => g.memberIds.includes(D!)) });
  t.equal(move.statusCode, 409);
  t.ok(['REPEAT', 'GROUP_FULL'].includes(move.json().code));
  t.match(move.json().message, /REPEAT: .* shared a group/);
});

t.test('a member outside the circle never sees it, even by id', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const stranger = await makeMember(ctx.app.database, { profile: place(11) });
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(peers) });
  const published = (await post(ctx, `/admin/matching/rounds/${round.id}/publish`, {})).json();
  const circleId = published.groups[0].circleId;
  const otherPair = peers.find((p) => !published.groups[0].memberIds.includes(p.id))!;
  for (const who of [stranger, otherPair]) {
    const res = await get(ctx, `/circles/${circleId}`, who);
    t.equal(res.statusCode, 404);
    t.equal(res.json().code, 'NOT_FOUND');
  }
  t.equal((await get(ctx, '/me/circles', stranger)).json().items.length, 0);
  t.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/circles' })).statusCode, 401);
});
