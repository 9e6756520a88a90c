// Login, logout, tokens (hash-only storage, expiry, revocation) and the failure throttle.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { sessions } from '../../../src/db/schema/index.js';
import { one } from '../../../src/db/sql.js';
import { hashToken } from '../../../src/modules/auth/sessions.repo.js';
import { build, makeMember, PASSWORD } from '../../helper.js';

const login = (app: Awaited<ReturnType<typeof build>>, email: string, password = PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

t.test('an active member logs in with any email case and gets a working opaque token', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const res = await login(app, `  ${m.email.toUpperCase()}  `);
  t.equal(res.statusCode, 200);
  const { token, member } = res.json();
  t.match(token, /^[A-Za-z0-9_-]{43}$/);
  t.equal(member.id, m.id);
  t.notMatch(res.body, /argon2/);
  const stored = one(await app.database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token))));
  t.ok(stored, 'stored by hash');
  t.ok(stored.expiresAt > new Date(), 'with an expiry');
  const rows = await app.database.db.select().from(sessions).where(eq(sessions.tokenHash, token));
  t.equal(rows.length, 0, 'the token itself is never stored');
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(me.statusCode, 200);
  t.equal(me.json().email, m.email);
});

t.test('wrong password and unknown email answer the same 401', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const wrong = await login(app, m.email, 'not the password at all');
  const unknown = await login(app, 'nobody.here@example.test', 'not the password at all');
  t.equal(wrong.statusCode, 401);
  t.same(wrong.json(), unknown.json());
  t.equal(wrong.json().code, 'INVALID_CREDENTIALS');
});

t.test('pending and suspended members are refused with their codes', async (t) => {
  const app = await build(t);
  const pending = await makeMember(app.database, { status: 'pending' });
  const suspended = await makeMember(app.database, { status: 'suspended' });
  const p = await login(app, pending.email);
  t.equal(p.statusCode, 403);
  t.equal(p.json().code, 'PENDING_APPROVAL');
  const s = await login(app, suspended.email);
  t.equal(s.statusCode, 403);
  t.equal(s.json().code, 'SUSPENDED');
});

t.test('5 failures per account in 30 minutes, then 429 even with the right password', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  for (let i = 0; i < 5; i++) t.equal((await login(app, m.email, 'wrong password number ' + i)).statusCode, 401);
  const locked = await login(app, m.email);
  t.equal(locked.statusCode, 429);
  t.equal(locked.json().code, 'RATE_LIMITED');
  t.ok(locked.headers['retry-after']);
  const other = await makeMember(app.database);
  t.equal((await login(app, other.email)).statusCode, 200, 'other accounts are not affected');
});

t.test('a success clears earlier failures', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  for (let i = 0; i < 4; i++) await login(app, m.email, 'wrong password again');
  t.equal((await login(app, m.email)).statusCode, 200);
  for (let i = 0; i < 4; i++) await login(app, m.email, 'wrong password again');
  t.equal((await login(app, m.email)).statusCode, 200);
});

t.test('logout revokes the token; a revoked or expired token is 401', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: m.auth });
  t.equal(out.statusCode, 204);
  t.equal(out.body, '');
  const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth });
  t.equal(after.statusCode, 401);
  t.equal(after.json().code, 'UNAUTHENTICATED');
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: m.auth })).statusCode, 401);

  const n = await makeMember(app.database);
  await app.database.db
    .update(sessions)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(sessions.tokenHash, hashToken(n.token)));
  const expired = await app.inject({ method: 'GET', url: '/api/v1/me', headers: n.auth });
  t.equal(expired.statusCode, 401);
});

t.test('malformed authorization headers are 401 in the error shape', async (t) => {
  const app = await build(t);
  for (const authorization of ['Bearer', 'Basic abc', 'Bearer short', `Bearer ${'x'.repeat(300)}`, "Bearer ' or 1=1 --"]) {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
    t.equal(res.statusCode, 401, authorization.slice(0, 20));
    t.equal(res.json().code, 'UNAUTHENTICATED');
  }
  const none = await app.inject({ method: 'GET', url: '/api/v1/me' });
  t.same(none.json(), { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Authentication required' });
});

t.test('a suspension that has run out is lifted at login', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database, { status: 'suspended' });
  const { members } = await import('../../../src/db/schema/index.js');
  await app.database.db.update(members).set({ suspendedUntil: new Date(Date.now() - 60_000), suspendedReason: 'spam' }).where(eq(members.id, m.id));
  const res = await login(app, m.email);
  t.equal(res.statusCode, 200);
  t.equal(res.json().member.status, 'active');
  const { auditLog } = await import('../../../src/db/schema/index.js');
  const entries = await app.database.db.select().from(auditLog).where(eq(auditLog.targetId, m.id));
  t.same(entries.map((e) => e.action), ['member.unsuspend'], 'the lift is on record');
});

t.test('a suspension lifted by someone else between the read and the lift still logs in', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database, { status: 'suspended' });
  const { members } = await import('../../../src/db/schema/index.js');
  await app.database.db.update(members).set({ suspendedUntil: new Date(Date.now() - 60_000) }).where(eq(members.id, m.id));
  // Both logins see the ended suspension; one lifts it, the other must find it lifted rather than refuse.
  const [a, b] = await Promise.all([login(app, m.email), login(app, m.email)]);
  t.same([a.statusCode, b.statusCode], [200, 200]);
});

t.test('login validates its body', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.test', password: 'p'.repeat(10_240) } });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'VALIDATION_FAILED');
  const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.test' } });
  t.equal(missing.statusCode, 400);
});
