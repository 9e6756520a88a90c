// Circles after publish: the admin list with health, rename/facilitator/term, closing, backfill suggestions and proposed seats.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { auditLog, circleMembers, circles } from '../../../src/db/schema/index.js';
import { candidateViolations, type MatchOptions } from '../../../src/modules/matching/engine/index.js';
import { findCandidatesByIds, loadHistory, toMatchMember } from '../../../src/modules/matching/matching.repo.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin, type Ctx } from './support.js';

async function publishCircle(ctx: Ctx, memberIds: string[], sizes = { minSize: 5, maxSize: 6 }) {
  const round = await post(ctx, '/admin/matching/rounds', { mode: 'circles', ...sizes, memberIds, seed: 7 });
  if (round.statusCode !== 201) throw new Error(round.body);
  const res = await post(ctx, `/admin/matching/rounds/${round.json().id}/publish`, {});
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json() as { id: string; groups: Array<{ memberIds: string[]; circleId: string }> };
}

const patch = (ctx: Ctx, url: string, payload: object) => ctx.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: ctx.admin.auth, payload });

t.test('the admin list: named circles with a year-long term, members by status, health as members decline', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 5, () => ({ goals: ['grow_referrals', 'marketing'] }));
  const published = await publishCircle(ctx, ids(peers));
  const circleId = published.groups[0]!.circleId;

  const one = await get(ctx, `/admin/circles/${circleId}`);
  t.equal(one.statusCode, 200, one.body);
  const c = one.json();
  t.match(c, { mode: 'circles', kind: 'circle', status: 'open', counts: { proposed: 5, accepted: 0 }, size: { min: 5, max: 6, seated: 5, openSeats: 1 } });
  t.same(c.health, ['no_meeting_scheduled'], 'nothing scheduled yet');
  t.match(c.name, /^Growing referrals circle · /, 'named after what the members share, not "Circle 52"');
  const days = (Date.parse(c.term.end) - Date.parse(c.term.start)) / 86_400_000;
  t.ok(days > 364 && days < 366, 'a year by default');

  t.equal((await post(ctx, `/circles/${circleId}/accept`, undefined, peers[0])).statusCode, 200);
  t.equal((await post(ctx, `/circles/${circleId}/decline`, undefined, peers[1])).statusCode, 200);
  // The facilitator schedules a meeting: only the size problem is left.
  t.equal((await patch(ctx, `/admin/circles/${circleId}`, { facilitatorId: peers[0]!.id })).statusCode, 200);
  const meeting = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/circles/${circleId}/meetings`,
    headers: peers[0]!.auth,
    payload: { startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), durationMinutes: 60, timezone: 'America/New_York' },
  });
  t.equal(meeting.statusCode, 201, meeting.body);
  const after = (await get(ctx, `/admin/circles/${circleId}`)).json();
  t.match(after, { counts: { proposed: 3, accepted: 1, declined: 1 } });
  t.same(after.health, ['below_min']);
  t.equal(after.members.find((m: { id: string }) => m.id === peers[1]!.id).status, 'declined');

  const listed = await get(ctx, '/admin/circles?health=below_min&mode=circles&limit=100');
  t.equal(listed.statusCode, 200, listed.body);
  t.ok(listed.json().items.some((i: { id: string }) => i.id === circleId), 'the health filter finds it');
  t.ok(listed.json().items.every((i: { health: string[] }) => i.health.includes('below_min')));

  const member = await get(ctx, '/admin/circles', peers[0]);
  t.equal(member.statusCode, 403, 'admins only');
  const bad = await get(ctx, '/admin/circles?health=sleepy');
  t.equal(bad.statusCode, 400);
});

t.test('rename, facilitator and term are checked and audited; closing makes the circle read-only history', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 5);
  const stranger = await makeMember(ctx.app.database, { profile: place(9) });
  const circleId = (await publishCircle(ctx, ids(peers))).groups[0]!.circleId;
  const closed: string[] = [];
  ctx.app.events.on('circle.closed', (e) => void closed.push(e.circleId));

  const before = (await get(ctx, `/admin/circles/${circleId}`)).json();
  const badTerm = await patch(ctx, `/admin/circles/${circleId}`, { name: 'Never saved', term: { start: '2027-01-01T00:00:00Z', end: '2026-12-31T00:00:00Z' } });
  t.equal(badTerm.statusCode, 400);
  t.equal(badTerm.json().code, 'INVALID_TERM');
  const notMember = await patch(ctx, `/admin/circles/${circleId}`, { facilitatorId: stranger.id });
  t.equal(notMember.statusCode, 422);
  t.equal(notMember.json().code, 'NOT_A_MEMBER');
  t.same((await get(ctx, `/admin/circles/${circleId}`)).json().name, before.name, 'nothing changed');

  const ok = await patch(ctx, `/admin/circles/${circleId}`, { name: 'Ohio Valley owners', facilitatorId: peers[2]!.id, term: { start: '2026-01-01T00:00:00Z', end: '2026-07-01T00:00:00.000Z' } });
  t.equal(ok.statusCode, 200, ok.body);
  t.match(ok.json(), { name: 'Ohio Valley owners', facilitatorId: peers[2]!.id, term: { start: '2026-01-01T00:00:00.000Z', end: '2026-07-01T00:00:00.000Z' } });
  const mine = await get(ctx, `/circles/${circleId}`, peers[0]);
  t.match(mine.json(), { facilitatorId: peers[2]!.id, status: 'open' }, 'members see the facilitator and term');
  const audits = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, circleId), eq(auditLog.action, 'circle.update')));
  t.equal(audits.length, 1);

  // Chat hears circle.closed after the commit and makes the room read-only; it says so when that is stored.
  let stopListening = () => {};
  const roomClosed = new Promise<void>((resolve) => {
    stopListening = ctx.app.chat.onCommitted((c) => {
      if (c.type === 'closed' && c.roomId === circleId) resolve();
    });
  });
  // The term above is over, so closing needs no reason.
  const close = await post(ctx, `/admin/circles/${circleId}/close`, {});
  t.equal(close.statusCode, 200, close.body);
  t.match(close.json(), { status: 'closed', health: [], size: { openSeats: 0 } });
  t.same(closed, [circleId], 'circle.closed after the commit');
  t.equal((await post(ctx, `/admin/circles/${circleId}/close`, {})).json().code, 'ALREADY_CLOSED');
  for (const [what, res] of [
    ['backfill', await post(ctx, `/admin/circles/${circleId}/backfill`, {})],
    ['seat', await post(ctx, `/admin/circles/${circleId}/members`, { memberId: stranger.id })],
    ['rename', await patch(ctx, `/admin/circles/${circleId}`, { name: 'Too late' })],
    ['accept', await post(ctx, `/circles/${circleId}/accept`, undefined, peers[0])],
  ] as const) {
    t.equal(res.statusCode, 409, what);
    t.equal(res.json().code, 'CIRCLE_CLOSED', what);
  }
  // Once chat has made the room read-only, writes are refused.
  await roomClosed;
  stopListening();
  const said = await ctx.app.inject({ method: 'POST', url: `/api/v1/rooms/${circleId}/messages`, headers: peers[0]!.auth, payload: { clientMsgId: 'late-0', body: 'still here?' } });
  t.equal(said.statusCode, 409);
  t.equal(said.json().code, 'ROOM_CLOSED', 'the room is read-only');
  const history = await get(ctx, `/circles/${circleId}`, peers[0]);
  t.equal(history.statusCode, 200, 'members still see its history');
  t.equal(history.json().status, 'closed');
  const closeAudit = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, circleId), eq(auditLog.action, 'circle.close')));
  t.equal(closeAudit.length, 1);

  const other = (await publishCircle(ctx, ids(await makePeers(ctx.app.database, 5)))).groups[0]!.circleId;
  const early = await post(ctx, `/admin/circles/${other}/close`, {});
  t.equal(early.statusCode, 400, 'before the term ends a reason is needed');
  t.equal(early.json().code, 'REASON_REQUIRED');
  t.equal((await post(ctx, `/admin/circles/${other}/close`, { reason: 'the group asked to stop' })).statusCode, 200);
});

t.test('backfill suggests only members who keep every hard rule, and proposing a seat checks them again', async (t) => {
  const ctx = await withAdmin(await build(t));
  // A profile nobody else in a shared test database has (the size differs per run), so the fits below are the best candidates whatever else is there.
  const rare = { practiceType: 'vestibular' as const, services: ['vestibular' as const], goals: ['exit_succession' as const, 'financial_benchmarking' as const], strengths: ['exit_succession' as const], clinicians: 200 + Math.floor(Math.random() * 5000), yearsInBusiness: 22 };
  const peers = await makePeers(ctx.app.database, 5, () => rare);
  const published = await publishCircle(ctx, ids(peers));
  const circleId = published.groups[0]!.circleId;
  t.equal((await post(ctx, `/circles/${circleId}/decline`, undefined, peers[4])).statusCode, 200);

  // A competitor of peers[0] (same services, same city), someone peers[1] avoids, someone who opted out, and good fits.
  const competitor = await makeMember(ctx.app.database, { displayName: 'Rival', profile: { ...rare, ...place(0) } });
  const avoided = await makeMember(ctx.app.database, { displayName: 'Avoided', profile: { ...rare, ...place(12) } });
  await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: peers[1]!.auth, payload: { avoidMemberIds: [avoided.id] } });
  const optedOut = await makeMember(ctx.app.database, { displayName: 'Pairs only', profile: { ...rare, ...place(13), wants: ['pair'] } });
  const fits = await makePeers(ctx.app.database, 3, (i) => ({ ...rare, ...place(14 + i) }));
  // Seated in another open circle: double booked, never suggested.
  const elsewhere = await makePeers(ctx.app.database, 5, (i) => ({ ...rare, ...place(17 + i) }));
  await publishCircle(ctx, ids(elsewhere));

  const res = await post(ctx, `/admin/circles/${circleId}/backfill`, { limit: 50 });
  t.equal(res.statusCode, 200, res.body);
  const { openSeats, candidates } = res.json();
  t.equal(openSeats, 2, '6 seats, 4 held');
  const suggested = new Set(candidates.map((c: { memberId: string }) => c.memberId));
  for (const m of [competitor, avoided, optedOut, ...elsewhere, ...peers]) t.notOk(suggested.has(m.id), `${m.row.displayName} is not suggested`);
  for (const m of fits) t.ok(suggested.has(m.id), `${m.row.displayName} is suggested`);
  t.ok(candidates.every((c: { reasons: string[]; score: number }) => c.reasons.length > 0 && c.score >= 0 && c.score <= 1));

  // Every suggestion, checked by the engine's own checker against the circle's current members.
  const seated = ids(peers.slice(0, 4));
  for (const c of candidates as Array<{ memberId: string }>) {
    const rows = await findCandidatesByIds(ctx.app.database.db, [...seated, c.memberId]);
    const options: MatchOptions = { mode: 'circles', minSize: 5, maxSize: 6, history: await loadHistory(ctx.app.database.db, 'circles', 3, rows.map((r) => r.id)) };
    t.same(candidateViolations({ id: circleId, memberIds: seated }, c.memberId, rows.map(toMatchMember), options), [], 'keeps every hard rule');
  }

  const rival = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: competitor.id });
  t.equal(rival.statusCode, 409);
  t.equal(rival.json().code, 'COMPETITORS');
  const avoid = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: avoided.id });
  t.equal(avoid.json().code, 'AVOIDED');
  const noReason = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: competitor.id, override: true });
  t.equal(noReason.statusCode, 400);
  t.equal(noReason.json().code, 'REASON_REQUIRED');
  const double = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: elsewhere[0]!.id, override: true, reason: 'try anyway' });
  t.equal(double.statusCode, 409);
  t.equal(double.json().code, 'DOUBLE_BOOKED', 'no override for a double booking');
  const seats = await ctx.app.database.db.select().from(circleMembers).where(eq(circleMembers.circleId, circleId));
  t.equal(seats.length, 5, 'nothing written by the refusals');

  const good = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: fits[0]!.id });
  t.equal(good.statusCode, 201, good.body);
  t.match(good.json(), { counts: { proposed: 5 }, size: { seated: 5, openSeats: 1 } });
  t.equal((await post(ctx, `/admin/circles/${circleId}/members`, { memberId: fits[0]!.id })).json().code, 'ALREADY_MEMBER');
  const forced = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: competitor.id, override: true, reason: 'they cover different towns in practice' });
  t.equal(forced.statusCode, 201, forced.body);
  const [audit] = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, circleId), eq(auditLog.action, 'circle.seat.override')));
  t.match(audit, { reason: 'they cover different towns in practice', details: { memberId: competitor.id, violations: [{ code: 'COMPETITORS' }] } });
  const full = await post(ctx, `/admin/circles/${circleId}/members`, { memberId: fits[1]!.id });
  t.equal(full.json().code, 'GROUP_FULL');
  t.equal((await post(ctx, `/admin/circles/${circleId}/backfill`, {})).json().openSeats, 0);
  const mine = await get(ctx, '/me/circles', fits[0]);
  t.ok(mine.json().items.some((c: { id: string; myStatus: string }) => c.id === circleId && c.myStatus === 'proposed'), 'the proposed member sees it');
});

t.test('a circle whose term has ended closes by itself (the sweep), audited without an actor, chat told', async (t) => {
  const ctx = await withAdmin(await build(t, { CIRCLE_TERM_SWEEP_MS: 200 }));
  const peers = await makePeers(ctx.app.database, 5);
  const circleId = (await publishCircle(ctx, ids(peers))).groups[0]!.circleId;
  const closed = new Promise<void>((resolve) => {
    ctx.app.events.on('circle.closed', (e) => {
      if (e.circleId === circleId) resolve();
    });
  });
  const ended = await patch(ctx, `/admin/circles/${circleId}`, { term: { start: '2025-01-01T00:00:00Z', end: '2025-12-31T00:00:00Z' } });
  t.equal(ended.statusCode, 200, ended.body);
  await closed;
  const after = (await get(ctx, `/admin/circles/${circleId}`)).json();
  t.match(after, { status: 'closed', closedReason: 'the term ended', health: [] });
  const [audit] = await ctx.app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, circleId), eq(auditLog.action, 'circle.close')));
  t.match(audit, { actorId: null, reason: 'The term ended', details: { auto: true } });
});

t.test('health: inactive after weeks without a message or seat change; ok once it meets, talks and is full enough', async (t) => {
  const ctx = await withAdmin(await build(t, { CIRCLE_INACTIVE_WEEKS: 2 }));
  const peers = await makePeers(ctx.app.database, 5);
  const circleId = (await publishCircle(ctx, ids(peers))).groups[0]!.circleId;
  for (const p of peers) t.equal((await post(ctx, `/circles/${circleId}/accept`, undefined, p)).statusCode, 200);
  // Everything about this circle happened five weeks ago.
  const weeksAgo = new Date(Date.now() - 5 * 7 * 86_400_000);
  await ctx.app.database.db.update(circles).set({ createdAt: weeksAgo }).where(eq(circles.id, circleId));
  await ctx.app.database.db.update(circleMembers).set({ joinedAt: weeksAgo, respondedAt: weeksAgo }).where(eq(circleMembers.circleId, circleId));
  const quiet = (await get(ctx, `/admin/circles/${circleId}`)).json();
  t.same(quiet.health, ['no_meeting_scheduled', 'inactive']);
  t.equal(quiet.lastActivityAt, weeksAgo.toISOString());
  const listed = await get(ctx, '/admin/circles?health=inactive&limit=100');
  t.ok(listed.json().items.some((i: { id: string }) => i.id === circleId));

  t.equal((await patch(ctx, `/admin/circles/${circleId}`, { facilitatorId: peers[0]!.id })).statusCode, 200);
  const meeting = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/circles/${circleId}/meetings`,
    headers: peers[0]!.auth,
    payload: { startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), durationMinutes: 45, timezone: 'America/Chicago' },
  });
  t.equal(meeting.statusCode, 201, meeting.body);
  const said = await ctx.app.inject({ method: 'POST', url: `/api/v1/rooms/${circleId}/messages`, headers: peers[1]!.auth, payload: { clientMsgId: 'hello-1', body: 'Back at it!' } });
  t.equal(said.statusCode, 201, said.body);
  const lively = (await get(ctx, `/admin/circles/${circleId}`)).json();
  t.same(lively.health, ['ok'], 'a message is activity; a meeting is scheduled; five seated');
  t.ok(Date.parse(lively.lastActivityAt) > weeksAgo.getTime());
});
