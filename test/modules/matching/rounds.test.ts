// Matching rounds: drafting (validation, members, determinism, hard rules, alliances), reading, listing, the worker thread.
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { auditLog, matchingRounds } from '../../../src/db/schema/index.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin } from './support.js';

t.test('POST /admin/matching/rounds drafts pairs with reasons, names and figures, and audits it', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 6);
  const circleOnly = await makeMember(ctx.app.database, { profile: { ...place(7), wants: ['circle'] } });
  const res = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: [...ids(peers), circleOnly.id], seed: 7 });
  t.equal(res.statusCode, 201, res.body);
  const round = res.json();
  t.match(round, { mode: 'pairs', status: 'draft', version: 1, computedIn: 'inline', publishedAt: null, createdBy: ctx.admin.id });
  t.equal(round.groups.length, 3);
  for (const g of round.groups) {
    t.equal(g.memberIds.length, 2);
    t.ok(g.score > 0 && g.score <= 1);
    t.ok(g.reasons.length > 0, 'each pair says why');
    t.same(g.members.map((m: { id: string }) => m.id), g.memberIds);
    t.match(g.members[0].displayName, /^Peer /);
  }
  t.same(round.unmatched, []);
  t.same(round.excluded, [{ memberId: circleOnly.id, reason: 'has not opted in to pairs (profile.wants has no "pair")' }]);
  t.equal(round.params.memberCount, 6);
  t.equal(round.params.seed, 7);
  t.ok(round.objective > 0 && round.upperBound >= round.objective && round.ratio <= 1);
  t.match(round.stats, { members: 6, groups: 3, matched: 6 });

  const [audit] = await ctx.app.database.db.select().from(auditLog).where(eq(auditLog.targetId, round.id));
  t.match(audit, { action: 'matching.round.create', actorId: ctx.admin.id, targetType: 'matching_round' });

  const again = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: [...ids(peers), circleOnly.id].reverse(), seed: 7 });
  t.same(
    again.json().groups.map((g: { memberIds: string[] }) => g.memberIds),
    round.groups.map((g: { memberIds: string[] }) => g.memberIds),
    'same members and seed: same proposal',
  );
});

t.test('a draft never groups competitors or members on an avoid list, and says who had no coordinates', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  // Same city, same service lines as peer 0: a competitor.
  const rival = await makeMember(ctx.app.database, { displayName: 'Rival', profile: place(0) });
  const avoider = await makeMember(ctx.app.database, { displayName: 'Avoider', profile: { ...place(5), avoidMemberIds: [peers[1]!.id] } });
  const { lat: _lat, lon: _lon, ...noCoords } = place(6).region;
  const unplaced = await makeMember(ctx.app.database, { displayName: 'No Coords', profile: { region: { ...noCoords, lat: null, lon: null } } });
  const res = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: [...ids(peers), rival.id, avoider.id, unplaced.id], seed: 1 });
  t.equal(res.statusCode, 201, res.body);
  const together = (a: string, b: string) => res.json().groups.some((g: { memberIds: string[] }) => g.memberIds.includes(a) && g.memberIds.includes(b));
  t.notOk(together(peers[0]!.id, rival.id), 'competitors apart');
  t.notOk(together(peers[1]!.id, avoider.id), 'avoid list respected');
  t.ok(res.json().notes.some((n: { memberId: string }) => n.memberId === unplaced.id), 'missing coordinates noted');
  t.equal(res.json().unmatched.length, 1, 'seven members: one left over');
  t.match(res.json().unmatched[0], { memberId: String, reason: String });
});

t.test('alliances pair nearby complementary practices', async (t) => {
  const ctx = await withAdmin(await build(t));
  const town = place(3);
  const pt = await makeMember(ctx.app.database, {
    profile: { ...town, practiceType: 'outpatient_orthopedic', services: ['outpatient_orthopedic'], goals: ['community_partnerships'], wants: ['alliance'] },
  });
  const ot = await makeMember(ctx.app.database, {
    profile: { ...town, practiceType: 'occupational_therapy', services: ['occupational_therapy'], goals: ['grow_referrals'], wants: ['alliance'] },
  });
  const far = await makeMember(ctx.app.database, { profile: { ...place(9), practiceType: 'speech_language', services: ['speech_language'], wants: ['alliance'] } });
  const res = await post(ctx, '/admin/matching/rounds', { mode: 'alliances', memberIds: [pt.id, ot.id, far.id] });
  t.equal(res.statusCode, 201, res.body);
  t.same(res.json().groups.map((g: { memberIds: string[] }) => [...g.memberIds].sort()), [[pt.id, ot.id].sort()]);
  t.equal(res.json().unmatched[0].memberId, far.id);
});

t.test('bad round requests answer 4xx with a clear code and create nothing', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 5);
  const suspended = await makeMember(ctx.app.database, { status: 'suspended', profile: place(8) });
  const pending = await makeMember(ctx.app.database, { status: 'pending', profile: place(9) });
  const memberIds = ids(peers);
  const cases: Array<[object, number, string]> = [
    [{ mode: 'circles', memberIds, weights: { goals: 1.5 } }, 400, 'INVALID_WEIGHTS'],
    [{ mode: 'pairs', memberIds, weights: { size: -0.1 } }, 400, 'INVALID_WEIGHTS'],
    [{ mode: 'pairs', memberIds, weights: { practiceType: 0, goals: 0, strengths: 0, size: 0, stage: 0, timezone: 0 } }, 400, 'INVALID_WEIGHTS'],
    [{ mode: 'pairs', memberIds, weights: { charisma: 1 } }, 400, 'VALIDATION_FAILED'],
    [{ mode: 'circles', memberIds, minSize: 6, maxSize: 4 }, 400, 'INVALID_GROUP_SIZE'],
    [{ mode: 'circles', memberIds, minSize: 2 }, 400, 'INVALID_GROUP_SIZE'],
    [{ mode: 'circles', memberIds, maxSize: 40 }, 400, 'INVALID_GROUP_SIZE'],
    [{ mode: 'pairs', memberIds, maxSize: 3 }, 400, 'INVALID_GROUP_SIZE'],
    [{ mode: 'trios', memberIds }, 400, 'VALIDATION_FAILED'],
    [{ mode: 'pairs', memberIds: [...memberIds, memberIds[0]] }, 400, 'VALIDATION_FAILED'],
    [{ mode: 'pairs', memberIds: [...memberIds, '00000000-0000-4000-8000-000000000000'] }, 422, 'UNKNOWN_MEMBERS'],
    [{ mode: 'pairs', memberIds: [...memberIds, suspended.id] }, 422, 'INACTIVE_MEMBERS'],
    [{ mode: 'pairs', memberIds: [...memberIds, pending.id] }, 422, 'INACTIVE_MEMBERS'],
    [{ mode: 'circles', memberIds: memberIds.slice(0, 3) }, 422, 'NOT_ENOUGH_MEMBERS'],
  ];
  for (const [payload, status, code] of cases) {
    const res = await post(ctx, '/admin/matching/rounds', payload);
    t.equal(res.statusCode, status, JSON.stringify(payload));
    t.equal(res.json().code, code, res.json().message);
  }
  const unknown = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: [suspended.id, ...memberIds] });
  t.match(unknown.json().message, suspended.id, 'names the member');
  const made = await ctx.app.database.db.select({ n: sql<number>`count(*)::int` }).from(matchingRounds).where(eq(matchingRounds.createdBy, ctx.admin.id));
  t.equal(made[0]!.n, 0, 'nothing created');

  const member = peers[0]!;
  t.equal((await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds }, member)).statusCode, 403);
  t.equal((await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/matching/rounds', payload: { mode: 'pairs' } })).statusCode, 401);
});

t.test('GET /admin/matching/rounds/:id and the paginated list', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 4);
  const a = (await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: ids(peers) })).json();
  const b = (await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: ids(peers) })).json();
  const one = await get(ctx, `/admin/matching/rounds/${a.id}`);
  t.equal(one.statusCode, 200);
  t.same(one.json(), a);
  t.equal((await get(ctx, '/admin/matching/rounds/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  t.equal((await get(ctx, '/admin/matching/rounds/nope')).statusCode, 400);
  t.equal((await get(ctx, `/admin/matching/rounds/${a.id}`, peers[0])).statusCode, 403);

  const seen = new Map<string, { createdAt: string; groups: number; members: number }>();
  let cursor: string | null = null;
  let last = '9999';
  for (let pages = 0; pages < 200 && !(seen.has(a.id) && seen.has(b.id)); pages++) {
    const url: string = `/admin/matching/rounds?mode=pairs&status=draft&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await get(ctx, url);
    t.equal(res.statusCode, 200);
    for (const item of res.json().items) {
      t.notOk(seen.has(item.id), 'no duplicates');
      t.ok(item.createdAt <= last, 'newest first');
      last = item.createdAt;
      seen.set(item.id, item);
    }
    cursor = res.json().nextCursor;
    if (!cursor) break;
  }
  t.match(seen.get(a.id), { groups: 2, members: 4, status: 'draft', mode: 'pairs' });
  t.ok(seen.has(b.id));
  t.equal((await get(ctx, '/admin/matching/rounds?cursor=garbage!')).json().code, 'INVALID_CURSOR');
});

t.test('a round over MATCHING_WORKER_THRESHOLD computes in a worker thread while the API keeps answering', async (t) => {
  const ctx = await withAdmin(await build(t, { MATCHING_WORKER_THRESHOLD: 4 }));
  const peers = await makePeers(ctx.app.database, 12, (i) => ({ practiceType: i % 2 ? 'pediatric' : 'neurologic', services: [i % 2 ? 'pediatric' : 'neurologic'] }));
  let done = false;
  const started = new Promise<void>((resolve) => {
    const off = ctx.app.matchingRunner.onWorkerStarted(() => {
      off();
      resolve();
    });
  });
  const pending = post(ctx, '/admin/matching/rounds', { mode: 'circles', minSize: 3, maxSize: 6, memberIds: ids(peers), seed: 5 }).finally(() => {
    done = true;
  });
  // From the moment the worker thread runs until the round's answer, the API's event loop stays free: /health answers, back to back.
  await Promise.race([started, pending]);
  const statuses: number[] = [];
  let answeredWhileComputing = 0;
  while (!done) {
    const health = await ctx.app.inject({ method: 'GET', url: '/health' });
    statuses.push(health.statusCode);
    if (!done) answeredWhileComputing++;
    // A turn of the event loop (not a sleep): injected requests on PGlite never reach its I/O phase, where the worker's answer lands.
    await new Promise((r) => setImmediate(r));
  }
  t.same(
    statuses.filter((s) => s !== 200),
    [],
    `all ${statuses.length} health checks answered 200`,
  );
  const res = await pending;
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().computedIn, 'worker');
  t.ok(answeredWhileComputing >= 3, `health answered ${answeredWhileComputing} times while the round computed`);
  t.equal(res.json().stats.matched, 12);

  const inline = await build(t);
  const same = await inline.inject({ method: 'POST', url: '/api/v1/admin/matching/rounds', headers: ctx.admin.auth, payload: { mode: 'circles', minSize: 3, maxSize: 6, memberIds: ids(peers), seed: 5 } });
  t.equal(same.json().computedIn, 'inline');
  t.same(same.json().groups, res.json().groups, 'the worker gives the inline answer');
});

t.test('closing the app stops a round computing in a worker (the request answers 503)', async (t) => {
  const app = await build(t, { MATCHING_WORKER_THRESHOLD: 4 });
  const ctx = await withAdmin(app);
  const peers = await makePeers(app.database, 6);
  const started = new Promise<void>((resolve) => app.matchingRunner.onWorkerStarted(resolve));
  const pending = post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: ids(peers) });
  await Promise.race([started, pending]); // the round is computing in its worker thread (or has already answered)
  await app.close();
  const res = await pending;
  t.equal(res.statusCode, 503);
  t.equal(res.json().code, 'UNAVAILABLE');
});
