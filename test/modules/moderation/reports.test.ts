// Reports: what may be reported, one open report per reporter per target, privacy of reporters, auto-hide at the threshold.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { auditFor, FAST, history, report, reportsOn, roomWithMessage } from './support.js';

t.test('a member reports a chat message and another member; both land open, with the note', async (t) => {
  const app = await build(t, FAST);
  const [author, reporter] = [await makeMember(app.database), await makeMember(app.database)];
  const { messageId } = await roomWithMessage(app, author, [reporter]);
  const res = await report(app, reporter, { targetType: 'message', targetId: messageId, reason: 'solicitation', note: 'selling in the circle' });
  t.equal(res.statusCode, 201);
  t.match(res.json(), { targetType: 'message', targetId: messageId, reason: 'solicitation', note: 'selling in the circle', status: 'open', resolvedAt: null });
  t.notOk('reporter' in res.json());
  const member = await report(app, reporter, { targetType: 'member', targetId: author.id, reason: 'harassment' });
  t.equal(member.statusCode, 201);
  const rows = await reportsOn(app.database, author.id);
  t.match(rows, [{ reporterId: reporter.id, subjectId: author.id, status: 'open' }]);
  t.equal((await reportsOn(app.database, messageId))[0]!.subjectId, author.id, 'the subject is the author');
});

t.test('bad reports are refused with a clear 4xx and store nothing', async (t) => {
  const app = await build(t, FAST);
  const [author, reporter, outsider] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  const pending = await makeMember(app.database, { status: 'pending' });
  const { messageId } = await roomWithMessage(app, author, [reporter]);

  const own = await report(app, author, { targetType: 'message', targetId: messageId });
  t.match(own.json(), { statusCode: 400, code: 'CANNOT_REPORT_SELF' });
  const self = await report(app, author, { targetType: 'member', targetId: author.id });
  t.match(self.json(), { statusCode: 400, code: 'CANNOT_REPORT_SELF' });
  const notMine = await report(app, outsider, { targetType: 'message', targetId: messageId });
  t.match(notMine.json(), { statusCode: 404, code: 'NOT_FOUND' }, 'a message in a room you are not in does not exist for you');
  for (const targetType of ['message', 'member', 'question', 'answer', 'reply']) {
    const missing = await report(app, reporter, { targetType, targetId: randomUUID() });
    t.match(missing.json(), { statusCode: 404, code: 'NOT_FOUND' }, targetType);
  }
  t.equal((await report(app, reporter, { targetType: 'member', targetId: pending.id })).statusCode, 404, 'pending members are not visible');
  for (const payload of [
    { targetType: 'message', targetId: messageId, reason: 'boring' },
    { targetType: 'circle', targetId: messageId },
    { targetType: 'message', targetId: 'nope' },
    { targetType: 'message', targetId: messageId, note: 'x'.repeat(1001) },
    { targetType: 'message', targetId: messageId, extra: 1 },
  ]) {
    const res = await report(app, reporter, payload);
    t.match(res.json(), { statusCode: 400, code: 'VALIDATION_FAILED' }, JSON.stringify(payload).slice(0, 60));
  }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/reports', payload: { targetType: 'member', targetId: author.id, reason: 'spam' } })).statusCode, 401);
  t.equal((await reportsOn(app.database, messageId)).length, 0, 'nothing stored');

  t.equal((await report(app, reporter, { targetType: 'message', targetId: messageId })).statusCode, 201);
  const twice = await report(app, reporter, { targetType: 'message', targetId: messageId, reason: 'other' });
  t.match(twice.json(), { statusCode: 409, code: 'ALREADY_REPORTED' });
  t.equal((await reportsOn(app.database, messageId)).length, 1);
});

t.test('reporters see only their own reports; a new report is allowed once the last one is resolved', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [author, r1, r2] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  const { messageId } = await roomWithMessage(app, author, [r1, r2]);
  const first = (await report(app, r1, { targetType: 'message', targetId: messageId })).json();
  await report(app, r2, { targetType: 'message', targetId: messageId, note: 'r2 secret note' });
  const mine = await app.inject({ method: 'GET', url: '/api/v1/me/reports', headers: r1.auth });
  t.equal(mine.statusCode, 200);
  t.same(mine.json().items.map((r: { id: string }) => r.id), [first.id]);
  t.notMatch(mine.body, new RegExp(`${r2.id}|r2 secret note`), 'nothing about the other reporter');

  const resolved = await app.inject({ method: 'POST', url: `/api/v1/admin/reports/${first.id}/resolve`, headers: admin.auth, payload: { action: 'dismiss', reason: 'fine' } });
  t.equal(resolved.statusCode, 200);
  t.match((await app.inject({ method: 'GET', url: '/api/v1/me/reports', headers: r1.auth })).json().items[0], { status: 'resolved' });
  t.equal((await report(app, r1, { targetType: 'message', targetId: messageId })).statusCode, 201, 'may report again');

  const paged = await app.inject({ method: 'GET', url: '/api/v1/me/reports?limit=1', headers: r1.auth });
  t.equal(paged.json().items.length, 1);
  const next = await app.inject({ method: 'GET', url: `/api/v1/me/reports?limit=1&cursor=${paged.json().nextCursor}`, headers: r1.auth });
  t.same(next.json().items.map((r: { id: string }) => r.id), [first.id]);
  t.equal(next.json().nextCursor, null);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/reports?cursor=bad!', headers: r1.auth })).statusCode, 400);
});

t.test('content reported by AUTO_HIDE_REPORTS distinct members is hidden until an admin decides, and logged', async (t) => {
  const app = await build(t, { ...FAST, AUTO_HIDE_REPORTS: 2 });
  const author = await makeMember(app.database);
  const [r1, r2, r3] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  const { roomId, messageId } = await roomWithMessage(app, author, [r1, r2, r3]);
  await report(app, r1, { targetType: 'message', targetId: messageId });
  t.equal((await report(app, r1, { targetType: 'message', targetId: messageId })).statusCode, 409, 'the same reporter twice counts once');
  t.equal((await history(app, roomId, r3))[0]!.deleted, false, 'one reporter: still visible');
  t.equal((await report(app, r2, { targetType: 'message', targetId: messageId })).statusCode, 201);
  const seen = await history(app, roomId, r3);
  t.match(seen[0], { id: messageId, body: null, deleted: true }, 'two distinct reporters: hidden from members');
  const entries = await auditFor(app.database, messageId);
  t.match(entries, [{ action: 'content.auto_hide', actorId: null, targetType: 'message', details: { reporters: 2 } }]);
  t.equal((await report(app, r3, { targetType: 'message', targetId: messageId })).statusCode, 404, 'hidden content cannot be reported any more');
  t.equal((await auditFor(app.database, messageId)).length, 1, 'hidden once');
});

t.test('concurrent reports on one item auto-hide it exactly once', async (t) => {
  const app = await build(t, { ...FAST, AUTO_HIDE_REPORTS: 3 });
  const author = await makeMember(app.database);
  const reporters = await Promise.all([1, 2, 3, 4, 5].map(() => makeMember(app.database)));
  const { messageId } = await roomWithMessage(app, author, reporters);
  const codes = await Promise.all(reporters.map((r) => report(app, r, { targetType: 'message', targetId: messageId }).then((res) => res.statusCode)));
  t.ok(codes.filter((c) => c === 201).length >= 3, `at least the threshold landed: ${codes}`);
  t.ok(codes.every((c) => c === 201 || c === 404), 'the rest found it hidden');
  const entries = (await auditFor(app.database, messageId)).filter((e) => e.action === 'content.auto_hide');
  t.equal(entries.length, 1);
});
