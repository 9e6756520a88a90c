// Sessions: list (created, last used, user agent), end one, end all, change password; each ending emits session.ended.
import t from 'tap';
import { firstRow, sql } from '../../src/db/sql.js';
import type { DomainEvents } from '../../src/lib/events.js';
import { build, makeAdmin, makeMember, PASSWORD } from '../helper.js';

type App = Awaited<ReturnType<typeof build>>;

async function login(app: App, email: string, password = PASSWORD, userAgent = 'test-agent/1.0') {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': userAgent }, payload: { email, password } });
  return { res, token: res.statusCode === 200 ? (res.json().token as string) : '', auth: { authorization: `Bearer ${res.statusCode === 200 ? res.json().token : ''}` } };
}

function recordEnded(app: App) {
  const seen: Array<DomainEvents['session.ended']> = [];
  app.events.on('session.ended', (e) => {
    seen.push(e);
  });
  return seen;
}

const me = (app: App, auth: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/me', headers: auth });

t.test('GET /me/sessions lists my live sessions with created, last used and user agent', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const a = await login(app, m.email, PASSWORD, 'Mozilla/5.0 (Laptop)');
  const b = await login(app, m.email, PASSWORD, 'Mozilla/5.0 (Phone)\u0007');
  const other = await makeMember(app.database);
  const res = await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.headers['cache-control'], 'no-store');
  const { items, nextCursor } = res.json();
  t.equal(items.length, 3, 'the helper session and two logins');
  t.equal(nextCursor, null);
  const byAgent = Object.fromEntries(items.map((s: any) => [s.userAgent, s]));
  t.ok(byAgent['Mozilla/5.0 (Laptop)'].current, 'the caller sees which one is theirs');
  t.notOk(byAgent['Mozilla/5.0 (Phone)'].current, 'control characters dropped from the stored user agent');
  for (const s of items) {
    t.match(s.createdAt, /^\d{4}-\d\d-\d\dT/);
    t.match(s.expiresAt, /^\d{4}-\d\d-\d\dT/);
    t.ok(s.lastUsedAt === null || /T/.test(s.lastUsedAt));
  }
  // Pages.
  const page1 = (await app.inject({ method: 'GET', url: '/api/v1/me/sessions?limit=2', headers: b.auth })).json();
  t.equal(page1.items.length, 2);
  t.ok(page1.nextCursor);
  const page2 = (await app.inject({ method: 'GET', url: `/api/v1/me/sessions?limit=2&cursor=${page1.nextCursor}`, headers: b.auth })).json();
  t.equal(page2.items.length, 1);
  t.same(new Set([...page1.items, ...page2.items].map((s: any) => s.id)).size, 3);
  // Nobody sees another member's sessions.
  const theirs = (await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: other.auth })).json();
  t.equal(theirs.items.length, 1);
  t.notOk(theirs.items.some((s: any) => items.some((x: any) => x.id === s.id)));
});

t.test('"last used" is written when it is a minute old or unset, not on every request', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const a = await login(app, m.email);
  const lastUsed = async () =>
    (await firstRow<{ at: string | null; secs: number | null }>(app.database.db, sql`select last_used_at::text as at, extract(epoch from now() - last_used_at)::float8 as secs from sessions where id = (select id from sessions where member_id = ${m.id} order by created_at desc limit 1)`))!;
  const set = (value: ReturnType<typeof sql>) => app.database.db.execute(sql`update sessions set last_used_at = ${value} where member_id = ${m.id}`);

  await set(sql`null`);
  t.equal((await me(app, a.auth)).statusCode, 200);
  const fresh = await lastUsed();
  t.ok(fresh.secs !== null && fresh.secs < 30, `an unset "last used" is written (${fresh.secs} s ago)`);

  await set(sql`now() - interval '20 seconds'`);
  const before = await lastUsed();
  t.equal((await me(app, a.auth)).statusCode, 200);
  t.equal((await lastUsed()).at, before.at, 'used 20 s ago: left as it was');

  await set(sql`now() - interval '2 minutes'`);
  t.equal((await me(app, a.auth)).statusCode, 200);
  const after = await lastUsed();
  t.ok(after.secs !== null && after.secs < 30, `used 2 minutes ago: written again (${after.secs} s ago)`);
});

t.test('DELETE /me/sessions/:id ends that session only; others\' sessions are 404', async (t) => {
  const app = await build(t);
  const ended = recordEnded(app);
  const m = await makeMember(app.database);
  const a = await login(app, m.email);
  const b = await login(app, m.email);
  const intruder = await makeMember(app.database);
  const list = (await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth })).json().items;
  const bId = list.find((s: any) => !s.current && s.userAgent === 'test-agent/1.0').id as string;
  // Another member cannot end it, and cannot tell it exists.
  let res = await app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: intruder.auth });
  t.equal(res.statusCode, 404);
  t.equal((await me(app, b.auth)).statusCode, 200, 'still alive');
  res = await app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: a.auth });
  t.equal(res.statusCode, 204);
  t.equal((await me(app, b.auth)).statusCode, 401, 'the ended session is refused');
  t.equal((await me(app, a.auth)).statusCode, 200, 'mine goes on');
  res = await app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: a.auth });
  t.equal(res.statusCode, 404, 'ending it twice is 404');
  t.same(ended, [{ memberId: m.id, sessionId: bId }]);
});

t.test('POST /auth/logout ends the session and emits session.ended; POST /auth/logout-all ends every session', async (t) => {
  const app = await build(t);
  const ended = recordEnded(app);
  const m = await makeMember(app.database);
  const a = await login(app, m.email);
  const b = await login(app, m.email);
  let res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.auth });
  t.equal(res.statusCode, 204);
  t.equal(ended.length, 1);
  t.equal(ended[0]!.memberId, m.id);
  t.ok(ended[0]!.sessionId);
  res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: b.auth });
  t.equal(res.statusCode, 204);
  t.same(ended[1], { memberId: m.id });
  for (const auth of [a.auth, b.auth, m.auth]) t.equal((await me(app, auth)).statusCode, 401);
});

t.test('POST /me/password: checks the current one, ends the other sessions, keeps this one', async (t) => {
  const app = await build(t);
  const ended = recordEnded(app);
  const m = await makeMember(app.database);
  const a = await login(app, m.email);
  const b = await login(app, m.email);
  const newPassword = 'a much better passphrase 2026';
  let res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: a.auth, payload: { currentPassword: 'wrong password here', newPassword } });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'WRONG_PASSWORD');
  res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: a.auth, payload: { currentPassword: PASSWORD, newPassword: 'short' } });
  t.equal(res.statusCode, 400, 'the new one follows the password rules');
  res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: a.auth, payload: { currentPassword: PASSWORD, newPassword, extra: 1 } });
  t.equal(res.statusCode, 400, 'unknown keys refused');
  t.equal((await me(app, b.auth)).statusCode, 200, 'refused attempts ended nothing');
  res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: a.auth, payload: { currentPassword: PASSWORD, newPassword } });
  t.equal(res.statusCode, 204, res.body);
  t.equal((await me(app, a.auth)).statusCode, 200, 'this session goes on');
  t.equal((await me(app, b.auth)).statusCode, 401, 'the other login ended');
  t.equal((await me(app, m.auth)).statusCode, 401, 'and the helper session');
  t.equal(ended.length, 2);
  t.ok(ended.every((e) => e.memberId === m.id && e.sessionId));
  t.equal((await login(app, m.email)).res.statusCode, 401, 'the old password no longer logs in');
  t.equal((await login(app, m.email, newPassword)).res.statusCode, 200, 'the new one does');
  const audit = await firstRow<{ n: number }>(app.database.db, sql`select count(*)::int as n from audit_log where action = 'member.password_change' and target_id = ${m.id}`);
  t.equal(audit?.n, 1, 'audited');
});

t.test('wrong current passwords count as failed logins (a stolen token is no guessing oracle)', async (t) => {
  const app = await build(t, { LOGIN_MAX_FAILURES: 3 });
  const m = await makeMember(app.database);
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: m.auth, payload: { currentPassword: `guess number ${i}`, newPassword: 'a much better passphrase' } });
    t.equal(res.statusCode, 400);
  }
  const res = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: m.auth, payload: { currentPassword: PASSWORD, newPassword: 'a much better passphrase' } });
  t.equal(res.statusCode, 429);
  t.ok(res.headers['retry-after']);
});

t.test('suspension ends the member\'s sessions and emits session.ended', async (t) => {
  const app = await build(t);
  const ended = recordEnded(app);
  const admin = await makeAdmin(app.database);
  const m = await makeMember(app.database);
  const res = await app.inject({ method: 'POST', url: `/api/v1/admin/members/${m.id}/suspend`, headers: admin.auth, payload: { reason: 'Spam in every circle' } });
  t.equal(res.statusCode, 200, res.body);
  await t.resolveMatch(waitFor(() => ended.length > 0), true);
  t.same(ended, [{ memberId: m.id }]);
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setImmediate(r));
  }
  return true;
}
