// Suspensions: tokens revoked, sockets closed within a second, login refused, pending matches released, lifted when they end.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import Fastify from 'fastify';
import { loadConfig } from '../../../src/config.js';
import { circleMembers, members } from '../../../src/db/schema/index.js';
import { one } from '../../../src/db/sql.js';
import { EventHub } from '../../../src/lib/events.js';
import { seats } from '../../../src/modules/matching/index.js';
import { createModerationService, suspensionSweep } from '../../../src/modules/moderation/index.js';
import { build, makeAdmin, makeCircle, makeMember, memberRow, PASSWORD, TEST_CONFIG } from '../../helper.js';
import { listen, openSocket } from '../chat/support.js';
import { makePeers } from '../matching/support.js';
import { auditFor, FAST } from './support.js';

type App = Awaited<ReturnType<typeof build>>;
const suspend = (app: App, who: { auth: Record<string, string> }, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/members/${id}/suspend`, headers: who.auth, payload });
const unsuspend = (app: App, who: { auth: Record<string, string> }, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/members/${id}/unsuspend`, headers: who.auth, payload });
const login = (app: App, email: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });

t.test('a suspension revokes tokens, closes open sockets within a second, refuses login and releases pending matches', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const admin = await makeAdmin(app.database);
  const m = await makeMember(app.database);
  const peer = await makeMember(app.database);
  const accepted = await makeCircle(app.database, [m.id, peer.id]);
  const proposed = await makeCircle(app.database, [peer.id]);
  await app.database.db.insert(circleMembers).values({ circleId: proposed.id, memberId: m.id, status: 'proposed' });
  const socket = await openSocket(url.ws, m.token);
  socket.send({ type: 'subscribe', roomId: accepted.id });
  await socket.next((f) => f.type === 'subscribed');

  const res = await suspend(app, admin, m.id, { reason: 'Spam in three circles' });
  const started = Date.now();
  t.equal(res.statusCode, 200);
  t.match(res.json(), { id: m.id, status: 'suspended', suspendedReason: 'Spam in three circles', suspendedUntil: null });
  const { code } = await socket.closed(1000);
  t.equal(code, 4003, 'closed with the suspension code');
  t.ok(Date.now() - started < 1000, `socket closed ${Date.now() - started} ms after the suspension answered`);

  t.match((await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth })).json(), { statusCode: 401 }, 'old token revoked');
  t.match((await login(app, m.email)).json(), { statusCode: 403, code: 'SUSPENDED' });
  const membership = one(await app.database.db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, proposed.id), eq(circleMembers.memberId, m.id))));
  t.equal(membership.status, 'declined', 'the pending match is released');
  const kept = one(await app.database.db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, accepted.id), eq(circleMembers.memberId, m.id))));
  t.equal(kept.status, 'accepted', 'accepted circles are kept for when the suspension ends');
  t.match(await auditFor(app.database, m.id), [
    { action: 'member.suspend', actorId: admin.id, reason: 'Spam in three circles', details: { until: null, releasedCircleIds: [proposed.id] } },
  ]);

  const back = await unsuspend(app, admin, m.id, { reason: 'Apologised' });
  t.match(back.json(), { status: 'active', suspendedReason: null, suspendedUntil: null });
  t.equal((await login(app, m.email)).statusCode, 200, 'may log in again');
  t.same((await auditFor(app.database, m.id)).map((e) => e.action).sort(), ['member.suspend', 'member.unsuspend']);
});

t.test('a suspension takes the member out of draft matching rounds (through the matching module)', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const peers = await makePeers(app.database, 4);
  const draft = await app.inject({ method: 'POST', url: '/api/v1/admin/matching/rounds', headers: admin.auth, payload: { mode: 'pairs', memberIds: peers.map((p) => p.id), seed: 2 } });
  t.equal(draft.statusCode, 201);
  const a = peers[0]!;
  t.ok(draft.json().groups.some((g: { memberIds: string[] }) => g.memberIds.includes(a.id)));
  t.equal((await suspend(app, admin, a.id, { reason: 'spam' })).statusCode, 200);
  const after = (await app.inject({ method: 'GET', url: `/api/v1/admin/matching/rounds/${draft.json().id}`, headers: admin.auth })).json();
  t.notOk(after.groups.some((g: { memberIds: string[] }) => g.memberIds.includes(a.id)), 'out of every group');
  t.match(after.unmatched, [{ memberId: a.id, reason: /suspended/ }]);
  t.match(await auditFor(app.database, a.id), [{ action: 'member.suspend', details: { releasedRoundIds: [draft.json().id] } }]);
});

t.test('suspend and unsuspend refuse bad input and change and log nothing', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const otherAdmin = await makeAdmin(app.database);
  const m = await makeMember(app.database);
  const pending = await makeMember(app.database, { status: 'pending' });
  const cases: [string, string, Record<string, unknown>, number, string][] = [
    ['yourself', admin.id, { reason: 'x' }, 400, 'CANNOT_SUSPEND_SELF'],
    ['an admin', otherAdmin.id, { reason: 'x' }, 409, 'CANNOT_SUSPEND_ADMIN'],
    ['an end in the past', m.id, { reason: 'x', until: new Date(Date.now() - 60_000).toISOString() }, 400, 'VALIDATION_FAILED'],
    ['a bad date', m.id, { reason: 'x', until: 'next week' }, 400, 'VALIDATION_FAILED'],
    ['no reason', m.id, {}, 400, 'VALIDATION_FAILED'],
    ['an unknown id', randomUUID(), { reason: 'x' }, 404, 'NOT_FOUND'],
    ['a pending member', pending.id, { reason: 'x' }, 409, 'NOT_ACTIVE'],
  ];
  for (const [what, id, payload, status, code] of cases) {
    t.match((await suspend(app, admin, id, payload)).json(), { statusCode: status, code }, what);
  }
  t.match((await suspend(app, m, otherAdmin.id, { reason: 'x' })).json(), { statusCode: 403, code: 'FORBIDDEN' }, 'a member');
  t.equal((await suspend(app, admin, 'not-a-uuid', { reason: 'x' })).statusCode, 400);
  t.match((await unsuspend(app, admin, m.id, { reason: 'x' })).json(), { statusCode: 409, code: 'NOT_SUSPENDED' });
  t.match((await unsuspend(app, admin, randomUUID(), { reason: 'x' })).json(), { statusCode: 404 });
  t.match((await unsuspend(app, m, m.id, { reason: 'x' })).json(), { statusCode: 403 });
  t.equal((await memberRow(app.database, m.id))!.status, 'active');
  t.equal((await memberRow(app.database, otherAdmin.id))!.status, 'active');
  for (const id of [m.id, otherAdmin.id, pending.id, admin.id]) t.equal((await auditFor(app.database, id)).length, 0);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth })).statusCode, 200, 'tokens untouched');

  t.equal((await suspend(app, admin, m.id, { reason: 'first' })).statusCode, 200);
  t.match((await suspend(app, admin, m.id, { reason: 'again' })).json(), { statusCode: 409, code: 'ALREADY_SUSPENDED' });
  t.equal((await auditFor(app.database, m.id)).length, 1);
});

t.test('the sweep lifts every suspension whose end has passed, logged as the system; others stay', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [ended, running, indefinite] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  for (const m of [ended, running]) {
    const res = await suspend(app, admin, m.id, { reason: 'cool off', until: new Date(Date.now() + 3_600_000).toISOString() });
    t.equal(res.statusCode, 200);
  }
  t.equal((await suspend(app, admin, indefinite.id, { reason: 'until further notice' })).statusCode, 200);
  t.match((await login(app, ended.email)).json(), { code: 'SUSPENDED' });
  await app.database.db.update(members).set({ suspendedUntil: new Date(Date.now() - 1000) }).where(eq(members.id, ended.id));

  const moderation = createModerationService({ database: app.database, config: loadConfig({}, TEST_CONFIG), events: new EventHub(), integrations: { content: {} }, seats });
  const lifted = await moderation.liftExpiredSuspensions();
  t.ok(lifted.includes(ended.id));
  t.notOk(lifted.includes(running.id) || lifted.includes(indefinite.id));
  t.match(await memberRow(app.database, ended.id), { status: 'active', suspendedReason: null, suspendedUntil: null });
  t.equal((await memberRow(app.database, running.id))!.status, 'suspended');
  t.equal((await memberRow(app.database, indefinite.id))!.status, 'suspended');
  t.match((await auditFor(app.database, ended.id)).find((e) => e.action === 'member.unsuspend'), { actorId: null, reason: 'The suspension ended', details: { auto: true } });
  t.equal((await login(app, ended.email)).statusCode, 200);
  t.notOk((await moderation.liftExpiredSuspensions()).includes(ended.id), 'lifted once');
});

t.test('the sweep timer runs every interval, never overlapping, and close waits for a run in progress', async (t) => {
  const app = Fastify();
  let calls = 0;
  let inFlight = 0;
  let overlapped = false;
  let finished = 0;
  let ticks = 0;
  // Each run holds until the test releases it; the test waits on the timer's ticks and the runs, never on the clock.
  const releases: Array<() => void> = [];
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const check of [...waiters]) check();
  };
  const when = (cond: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!cond()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  await app.register(suspensionSweep, {
    everyMs: 20,
    onTick: () => {
      ticks++;
      changed();
    },
    lift: async () => {
      calls++;
      if (inFlight++) overlapped = true;
      await new Promise<void>((resolve) => {
        releases.push(resolve);
        changed();
      });
      inFlight--;
      finished++;
      changed();
      return [];
    },
  });
  await app.ready();
  await when(() => calls === 1);
  const ticked = ticks;
  await when(() => ticks >= ticked + 3);
  t.equal(calls, 1, 'ticks during a run start no other run');
  releases[0]!();
  await when(() => finished === 1 && calls === 2 && releases.length === 2);
  let closedYet = false;
  const closing = app.close().then(() => {
    closedYet = true;
  });
  // Turns of the event loop enough for an app with nothing to wait for to finish closing.
  for (let i = 0; i < 20 && !closedYet; i++) await new Promise((r) => setImmediate(r));
  t.notOk(closedYet, 'close waits while a run is in progress');
  releases[1]!();
  await closing;
  t.notOk(overlapped, 'runs do not overlap');
  t.equal(finished, calls, 'close waited for the run in progress');
  const after = calls;
  const ticksAfter = ticks;
  // Nothing to wait on for "never again": watch for three of the sweep's periods.
  await new Promise((r) => setTimeout(r, 60));
  t.equal(ticks, ticksAfter, 'the timer stopped at close');
  t.equal(calls, after, 'no runs after close');
});
