// No response ever carries a password hash, and no member-facing response carries another member's email.
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember } from './helper.js';

t.test('a sweep of every readable route finds no password hash and no other member email', async (t) => {
  const app = await build(t);
  const alice = await makeMember(app.database, { displayName: 'Alice Leak' });
  const bob = await makeMember(app.database, { displayName: 'Bob Viewer', profile: { practiceType: 'pediatric', services: ['pediatric'] } });
  const admin = await makeAdmin(app.database);
  const circle = await makeCircle(app.database, [alice.id, bob.id]);

  const post = async (url: string, payload: unknown, who = alice) => {
    const res = await app.inject({ method: 'POST', url, headers: who.auth, payload: payload as object });
    t.ok(res.statusCode < 300, `${url} → ${res.statusCode}`);
    return res.json();
  };
  const q = await post('/api/v1/questions', { title: 'How did you renegotiate payer rates?', body: 'Asking for my clinic in Columbus', tags: ['payers'] });
  const anonymous = await post('/api/v1/questions', { title: 'Private worry about succession planning', body: 'Anonymous please', tags: ['succession'], anonymous: true });
  const circleQ = await post('/api/v1/questions', { title: 'Circle-only question about hiring', body: 'Within the circle', tags: ['hiring'], circleId: circle.id });
  const answer = await post(`/api/v1/questions/${q.id}/answers`, { body: 'We benchmarked against Medicare rates first.' }, bob);
  await post(`/api/v1/answers/${answer.id}/replies`, { body: 'Which data source did you use?' });
  await post(`/api/v1/rooms/${circle.id}/messages`, { clientMsgId: 'leak-1', body: 'hello circle' });
  await post('/api/v1/reports', { targetType: 'member', targetId: alice.id, reason: 'spam', note: 'testing the sweep' }, bob);

  const memberRoutes = [
    `/api/v1/members/${alice.id}`,
    '/api/v1/questions',
    `/api/v1/questions?q=payer`,
    `/api/v1/questions?circleId=${circle.id}`,
    `/api/v1/questions/similar?title=renegotiate payer rates`,
    `/api/v1/questions/${q.id}`,
    `/api/v1/questions/${anonymous.id}`,
    `/api/v1/questions/${circleQ.id}`,
    `/api/v1/questions/${q.id}/revisions`,
    `/api/v1/questions/${q.id}/answers`,
    `/api/v1/answers/${answer.id}/replies`,
    '/api/v1/me/notifications',
    '/api/v1/me/circles',
    `/api/v1/circles/${circle.id}`,
    '/api/v1/me/rooms',
    `/api/v1/rooms/${circle.id}/messages`,
    `/api/v1/rooms/${circle.id}/presence`,
    '/api/v1/me/reports',
    '/api/v1/me/notices',
  ];
  for (const url of memberRoutes) {
    const res = await app.inject({ method: 'GET', url, headers: bob.auth });
    t.equal(res.statusCode, 200, `${url} answers bob`);
    t.notOk(res.body.includes(alice.email), `${url}: no other member's email`);
    t.notOk(res.body.includes('$argon2'), `${url}: no password hash`);
    t.notOk(/password/i.test(res.body), `${url}: no password field`);
  }
  const anon = await app.inject({ method: 'GET', url: `/api/v1/questions/${anonymous.id}`, headers: bob.auth });
  t.notOk(anon.body.includes(alice.id), 'the anonymous asker is not named to a member');

  const adminRoutes = ['/api/v1/admin/members?limit=100', '/api/v1/admin/reports?status=open', `/api/v1/admin/audit-log?targetId=${alice.id}`, '/api/v1/admin/matching/rounds', '/api/v1/admin/stats', '/api/v1/me'];
  for (const url of adminRoutes) {
    const res = await app.inject({ method: 'GET', url, headers: admin.auth });
    t.equal(res.statusCode, 200, `${url} answers the admin`);
    t.notOk(res.body.includes('$argon2'), `${url}: no password hash, even for admins`);
  }
});
