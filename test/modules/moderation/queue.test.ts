// The review queue and its decisions: dismiss, hide, remove, warn, suspend; bad decisions change and log nothing.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeMember, memberRow } from '../../helper.js';
import { auditFor, FAST, history, report, reportsOn, roomWithMessage } from './support.js';

type Item = { id: string; targetId: string; [k: string]: any };

async function queueItem(app: Awaited<ReturnType<typeof build>>, admin: { auth: Record<string, string> }, targetId: string, status = 'open'): Promise<Item | undefined> {
  let cursor = '';
  for (let page = 0; page < 50; page++) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/admin/reports?status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.auth });
    const found = res.json().items.find((i: Item) => i.targetId === targetId);
    if (found || !res.json().nextCursor) return found;
    cursor = res.json().nextCursor;
  }
  return undefined;
}

const resolve = (app: Awaited<ReturnType<typeof build>>, admin: { auth: Record<string, string> }, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/reports/${id}/resolve`, headers: admin.auth, payload });

t.test('the queue shows one item per target with its content, author, reports and past actions; admins only', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database, { displayName: 'Pat Author' });
  const [r1, r2] = [await makeMember(app.database, { displayName: 'Reporter One' }), await makeMember(app.database, { displayName: 'Reporter Two' })];
  const { roomId, messageId } = await roomWithMessage(app, author, [r1, r2], 'call me for a deal');
  const first = (await report(app, r1, { targetType: 'message', targetId: messageId, reason: 'spam', note: 'ad' })).json();
  await report(app, r2, { targetType: 'message', targetId: messageId, reason: 'solicitation' });
  // A past action on the author shows in the history.
  await app.inject({ method: 'POST', url: '/api/v1/admin/content/hide', headers: admin.auth, payload: { targetType: 'message', targetId: messageId, reason: 'looking into it' } });

  const item = await queueItem(app, admin, messageId);
  t.ok(item);
  t.match(item, {
    id: first.id,
    targetType: 'message',
    reportCount: 2,
    target: { body: 'call me for a deal', context: { roomId }, state: 'hidden', autoHidden: false },
    author: { id: author.id, displayName: 'Pat Author', status: 'active', role: 'member' },
    reports: [
      { id: first.id, reporter: { id: r1.id, displayName: 'Reporter One' }, reason: 'spam', note: 'ad', status: 'open' },
      { reporter: { id: r2.id, displayName: 'Reporter Two' }, reason: 'solicitation' },
    ],
    history: [{ action: 'content.hide', actor: { id: admin.id }, reason: 'looking into it', targetId: messageId }],
  });

  const asMember = await app.inject({ method: 'GET', url: '/api/v1/admin/reports', headers: r1.auth });
  t.match(asMember.json(), { statusCode: 403, code: 'FORBIDDEN' });
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/admin/reports' })).statusCode, 401);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/admin/reports?status=closed', headers: admin.auth })).statusCode, 400);
  t.match((await app.inject({ method: 'GET', url: '/api/v1/admin/reports?cursor=eyJ4IjoxfQ', headers: admin.auth })).json(), { statusCode: 400, code: 'INVALID_CURSOR' });
});

t.test('the queue pages with a keyset cursor; a cursor from another status is refused', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const reporter = await makeMember(app.database);
  const targets = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  for (const m of targets) await report(app, reporter, { targetType: 'member', targetId: m.id });
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { statusCode: number; json(): any } = await app.inject({ method: 'GET', url: `/api/v1/admin/reports?targetType=member&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.auth });
    t.equal(res.statusCode, 200);
    for (const i of res.json().items as Item[]) {
      t.notOk(seen.has(i.targetId), 'no repeats across pages');
      seen.add(i.targetId);
      t.equal(i.targetType, 'member');
    }
    cursor = res.json().nextCursor;
    pages++;
  } while (cursor && pages < 500);
  for (const m of targets) t.ok(seen.has(m.id), 'every target appears');
  const first = (await app.inject({ method: 'GET', url: '/api/v1/admin/reports?limit=1', headers: admin.auth })).json();
  const wrong = await app.inject({ method: 'GET', url: `/api/v1/admin/reports?status=resolved&cursor=${first.nextCursor}`, headers: admin.auth });
  t.match(wrong.json(), { statusCode: 400, code: 'INVALID_CURSOR' });
});

t.test('dismiss closes every open report on the target and restores what reports auto-hid', async (t) => {
  const app = await build(t, { ...FAST, AUTO_HIDE_REPORTS: 2 });
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database);
  const [r1, r2] = [await makeMember(app.database), await makeMember(app.database)];
  const { roomId, messageId } = await roomWithMessage(app, author, [r1, r2]);
  const first = (await report(app, r1, { targetType: 'message', targetId: messageId })).json();
  await report(app, r2, { targetType: 'message', targetId: messageId });
  t.match((await queueItem(app, admin, messageId))?.target, { state: 'hidden', autoHidden: true });

  const res = await resolve(app, admin, first.id, { action: 'dismiss', reason: 'a fair question, not spam' });
  t.equal(res.statusCode, 200);
  t.match(res.json().report, { id: first.id, status: 'resolved', resolution: 'dismiss', resolutionReason: 'a fair question, not spam', resolvedBy: admin.id });
  t.equal(res.json().resolvedReportIds.length, 2);
  t.ok((await reportsOn(app.database, messageId)).every((r) => r.status === 'resolved'));
  t.equal((await history(app, roomId, r1))[0]!.deleted, false, 'visible again');
  const actions = (await auditFor(app.database, messageId)).map((e) => e.action).sort();
  t.same(actions, ['content.auto_hide', 'content.restore', 'report.dismiss']);
  t.notOk(await queueItem(app, admin, messageId), 'gone from the open queue');
  t.match(await queueItem(app, admin, messageId, 'resolved'), { reportCount: 2, reports: [{ resolution: 'dismiss' }, { resolution: 'dismiss' }] });

  const again = await resolve(app, admin, first.id, { action: 'hide', reason: 'changed my mind' });
  t.match(again.json(), { statusCode: 409, code: 'ALREADY_RESOLVED' });
  t.equal((await auditFor(app.database, messageId)).length, 3, 'nothing more logged');
});

t.test('hide and remove: removed content cannot be hidden or restored; member reports cannot be hidden', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database);
  const reporter = await makeMember(app.database);
  const a = await roomWithMessage(app, author, [reporter], 'first');
  const b = await roomWithMessage(app, author, [reporter], 'second');
  const ra = (await report(app, reporter, { targetType: 'message', targetId: a.messageId })).json();
  const rb = (await report(app, reporter, { targetType: 'message', targetId: b.messageId })).json();

  t.equal((await resolve(app, admin, ra.id, { action: 'hide', reason: 'off topic for the circle' })).statusCode, 200);
  const hidden = await history(app, a.roomId, reporter);
  t.match(hidden[0], { body: null, deleted: true });
  t.match((await history(app, a.roomId, admin))[0], { body: 'first', hidden: true }, 'admins still see it, marked');
  t.match(await auditFor(app.database, a.messageId), [{ action: 'content.hide', actorId: admin.id, details: { reportIds: [ra.id], resolution: 'hide' } }]);

  t.equal((await resolve(app, admin, rb.id, { action: 'remove', reason: 'patient details' })).statusCode, 200);
  t.match((await history(app, b.roomId, reporter))[0], { body: null, deleted: true });
  for (const verb of ['hide', 'restore']) {
    const res = await app.inject({ method: 'POST', url: `/api/v1/admin/content/${verb}`, headers: admin.auth, payload: { targetType: 'message', targetId: b.messageId, reason: 'try' } });
    t.match(res.json(), { statusCode: 409, code: 'CONTENT_REMOVED' }, verb);
  }
  t.same((await auditFor(app.database, b.messageId)).map((e) => e.action), ['content.remove'], 'only the removal logged');

  const rm = (await report(app, reporter, { targetType: 'member', targetId: author.id })).json();
  const bad = await resolve(app, admin, rm.id, { action: 'hide', reason: 'x' });
  t.match(bad.json(), { statusCode: 400, code: 'INVALID_ACTION' });
  const untilWrong = await resolve(app, admin, rm.id, { action: 'warn', reason: 'x', until: new Date(Date.now() + 60_000).toISOString() });
  t.match(untilWrong.json(), { statusCode: 400, code: 'VALIDATION_FAILED' });
  t.match((await reportsOn(app.database, author.id))[0], { status: 'open' }, 'still open after the refusals');
  t.equal((await auditFor(app.database, author.id)).length, 0);
});

t.test('warn sends the author a notice they can read; suspend via a report suspends the author', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database);
  const reporter = await makeMember(app.database);
  const { messageId } = await roomWithMessage(app, author, [reporter]);
  const r = (await report(app, reporter, { targetType: 'message', targetId: messageId, reason: 'inappropriate' })).json();
  t.equal((await resolve(app, admin, r.id, { action: 'warn', reason: 'Please keep the circle professional.' })).statusCode, 200);
  const notices = await app.inject({ method: 'GET', url: '/api/v1/me/notices', headers: author.auth });
  t.match(notices.json().items, [{ kind: 'warning', message: 'Please keep the circle professional.', targetType: 'message', targetId: messageId, readAt: null }]);
  const noticeId = notices.json().items[0].id;
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/me/notices/${noticeId}/read`, headers: reporter.auth })).statusCode, 404, 'not yours');
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/me/notices/${noticeId}/read`, headers: author.auth })).statusCode, 204);
  t.ok((await app.inject({ method: 'GET', url: '/api/v1/me/notices', headers: author.auth })).json().items[0].readAt);
  t.same((await app.inject({ method: 'GET', url: '/api/v1/me/notices', headers: reporter.auth })).json().items, []);
  t.match(await auditFor(app.database, author.id), [{ action: 'member.warn', actorId: admin.id, details: { about: { type: 'message', id: messageId } } }]);

  const r2 = (await report(app, reporter, { targetType: 'member', targetId: author.id, reason: 'harassment' })).json();
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const res = await resolve(app, admin, r2.id, { action: 'suspend', reason: 'Repeated harassment', until });
  t.equal(res.statusCode, 200);
  const row = await memberRow(app.database, author.id);
  t.match(row, { status: 'suspended', suspendedReason: 'Repeated harassment' });
  t.equal(row!.suspendedUntil!.toISOString(), until);
});

t.test('resolve: unknown report 404, member 403, bad bodies 400, suspend refused for an admin author', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const other = await makeAdmin(app.database);
  const reporter = await makeMember(app.database);
  t.match((await resolve(app, admin, randomUUID(), { action: 'dismiss', reason: 'x' })).json(), { statusCode: 404, code: 'NOT_FOUND' });
  const r = (await report(app, reporter, { targetType: 'member', targetId: other.id })).json();
  t.match((await resolve(app, reporter, r.id, { action: 'dismiss', reason: 'x' })).json(), { statusCode: 403, code: 'FORBIDDEN' });
  for (const payload of [{ action: 'ban', reason: 'x' }, { action: 'dismiss' }, { action: 'dismiss', reason: '' }, { action: 'suspend', reason: 'x', until: 'tomorrow' }]) {
    t.equal((await resolve(app, admin, r.id, payload)).statusCode, 400, JSON.stringify(payload));
  }
  const past = await resolve(app, admin, r.id, { action: 'suspend', reason: 'x', until: new Date(Date.now() - 1000).toISOString() });
  t.match(past.json(), { statusCode: 400, code: 'VALIDATION_FAILED' });
  const adminTarget = await resolve(app, admin, r.id, { action: 'suspend', reason: 'x' });
  t.match(adminTarget.json(), { statusCode: 409, code: 'CANNOT_SUSPEND_ADMIN' });
  t.match((await reportsOn(app.database, other.id))[0], { status: 'open' });
  t.equal((await auditFor(app.database, other.id)).length, 0, 'nothing logged');
});

t.test('two admins deciding on the same target at once: one decision wins, the other gets 409, one entry logged', async (t) => {
  const app = await build(t, FAST);
  const [admin1, admin2] = [await makeAdmin(app.database), await makeAdmin(app.database)];
  const author = await makeMember(app.database);
  const [r1, r2] = [await makeMember(app.database), await makeMember(app.database)];
  const { messageId } = await roomWithMessage(app, author, [r1, r2]);
  const a = (await report(app, r1, { targetType: 'message', targetId: messageId })).json();
  const b = (await report(app, r2, { targetType: 'message', targetId: messageId })).json();
  const [x, y] = await Promise.all([
    resolve(app, admin1, a.id, { action: 'hide', reason: 'one' }),
    resolve(app, admin2, b.id, { action: 'remove', reason: 'two' }),
  ]);
  t.same([x.statusCode, y.statusCode].sort(), [200, 409]);
  t.equal((x.statusCode === 409 ? x : y).json().code, 'ALREADY_RESOLVED');
  t.equal((await auditFor(app.database, messageId)).length, 1);
});
