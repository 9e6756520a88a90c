// Removing a member from a circle, question locks (while Q&A is not wired), and the audit log route with filters and pages.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember } from '../../helper.js';
import { listen, openSocket } from '../chat/support.js';
import { auditFor, FAST } from './support.js';

t.test('an admin removes a member from a circle: their subscription ends, the room is closed to them, it is logged', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const admin = await makeAdmin(app.database);
  const [a, b] = [await makeMember(app.database), await makeMember(app.database)];
  const { id: circleId } = await makeCircle(app.database, [a.id, b.id]);
  const sb = await openSocket(url.ws, b.token);
  sb.send({ type: 'subscribe', roomId: circleId });
  await sb.next((f) => f.type === 'subscribed');

  const res = await app.inject({
    method: 'DELETE',
    url: `/api/v1/admin/circles/${circleId}/members/${b.id}`,
    headers: admin.auth,
    payload: { reason: 'Left the practice' },
  });
  t.equal(res.statusCode, 204);
  t.same(await sb.next((f) => f.type === 'unsubscribed'), { type: 'unsubscribed', roomId: circleId, reason: 'removed' });
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/rooms/${circleId}/messages`, headers: b.auth })).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/rooms/${circleId}/messages`, headers: a.auth })).statusCode, 200);
  t.match(await auditFor(app.database, b.id), [
    { action: 'circle.remove_member', actorId: admin.id, targetType: 'member', reason: 'Left the practice', details: { circleId, previousStatus: 'accepted' } },
  ]);

  const again = await app.inject({ method: 'DELETE', url: `/api/v1/admin/circles/${circleId}/members/${b.id}`, headers: admin.auth });
  t.match(again.json(), { statusCode: 409, code: 'ALREADY_REMOVED' });
  const outsider = await makeMember(app.database);
  t.match((await app.inject({ method: 'DELETE', url: `/api/v1/admin/circles/${circleId}/members/${outsider.id}`, headers: admin.auth })).json(), { statusCode: 404 });
  t.match((await app.inject({ method: 'DELETE', url: `/api/v1/admin/circles/${randomUUID()}/members/${a.id}`, headers: admin.auth })).json(), { statusCode: 404 });
  t.match((await app.inject({ method: 'DELETE', url: `/api/v1/admin/circles/${circleId}/members/${a.id}`, headers: b.auth })).json(), { statusCode: 403 });
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/admin/circles/${circleId}/members/x`, headers: admin.auth })).statusCode, 400);
  t.equal((await auditFor(app.database, b.id)).length, 1, 'refusals are not logged');
  t.equal((await auditFor(app.database, a.id)).length, 0);
  sb.close();
});

t.test('locking a question answers 404 while no Q&A module is wired, 403 for members', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const m = await makeMember(app.database);
  const id = randomUUID();
  t.match((await app.inject({ method: 'POST', url: `/api/v1/admin/questions/${id}/lock`, headers: admin.auth })).json(), { statusCode: 404 });
  t.match((await app.inject({ method: 'POST', url: `/api/v1/admin/questions/${id}/lock`, headers: m.auth })).json(), { statusCode: 403 });
  t.equal((await auditFor(app.database, id)).length, 0);
});

t.test('the audit log filters by actor, target, target type and action, newest first, in keyset pages', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const members = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)] as const;
  for (const m of members) {
    await app.inject({ method: 'POST', url: `/api/v1/admin/members/${m.id}/suspend`, headers: admin.auth, payload: { reason: `suspend ${m.id}` } });
  }
  await app.inject({ method: 'POST', url: `/api/v1/admin/members/${members[0].id}/unsuspend`, headers: admin.auth, payload: { reason: 'lifted' } });

  const all = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?actorId=${admin.id}`, headers: admin.auth });
  t.equal(all.statusCode, 200);
  t.same(
    all.json().items.map((e: { action: string }) => e.action),
    ['member.unsuspend', 'member.suspend', 'member.suspend', 'member.suspend'],
    'newest first',
  );
  t.match(all.json().items[0], { actor: { id: admin.id, displayName: 'Test Admin' }, targetType: 'member', targetId: members[0].id, reason: 'lifted' });
  t.ok(Date.parse(all.json().items[0].createdAt));

  const byAction = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?actorId=${admin.id}&action=member.suspend`, headers: admin.auth });
  t.equal(byAction.json().items.length, 3);
  const byTarget = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?targetId=${members[0].id}`, headers: admin.auth });
  t.same(byTarget.json().items.map((e: { action: string }) => e.action), ['member.unsuspend', 'member.suspend']);
  const byType = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?actorId=${admin.id}&targetType=message`, headers: admin.auth });
  t.same(byType.json().items, []);

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { statusCode: number; json(): any } = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?actorId=${admin.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.auth });
    seen.push(...res.json().items.map((e: { id: string }) => e.id));
    cursor = res.json().nextCursor;
  } while (cursor);
  t.same(seen, all.json().items.map((e: { id: string }) => e.id), 'pages cover the same entries in the same order');

  for (const query of ['action=DROP', 'actorId=nope', 'limit=0', 'limit=101', 'cursor=%%%']) {
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?${query}`, headers: admin.auth })).statusCode, 400, query);
  }
  t.match((await app.inject({ method: 'GET', url: '/api/v1/admin/audit-log', headers: members[1].auth })).json(), { statusCode: 401 }, 'suspended: token revoked');
  const m = await makeMember(app.database);
  t.match((await app.inject({ method: 'GET', url: '/api/v1/admin/audit-log', headers: m.auth })).json(), { statusCode: 403, code: 'FORBIDDEN' });
});

t.test('approvals already write the audit log; they show up in the route', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const pending = await makeMember(app.database, { status: 'pending' });
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/members/${pending.id}/approve`, headers: admin.auth })).statusCode, 200);
  const res = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?targetId=${pending.id}`, headers: admin.auth });
  t.match(res.json().items, [{ action: 'member.approve', actor: { id: admin.id } }]);
});
