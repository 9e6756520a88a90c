// Ending a session closes the sockets opened with it within a second, on every process: logout, revoke, logout-all,
// password change, suspension. Two app instances share the database and a Redis chat bus (as two processes would).
import t, { type Test as Tap } from 'tap';
import { build, makeAdmin, makeMember, PASSWORD } from '../helper.js';
import { listen, openSocket, type TestSocket } from '../modules/chat/support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SESSION_ENDED = 4001;
const WITHIN_MS = 1000;

async function twoProcesses(t: Tap) {
  const options = { CHAT_BUS: 'redis', REDIS_URL } as const;
  const one = await build(t, options);
  const two = await build(t, options);
  const urls = [await listen(one), await listen(two)];
  return { one, two, urls };
}


async function login(app: Awaited<ReturnType<typeof build>>, email: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(res.body);
  const token = res.json().token as string;
  return { token, auth: { authorization: `Bearer ${token}` } };
}

async function open(t: Tap, url: string, token: string): Promise<TestSocket> {
  const socket = await openSocket(url, token);
  t.teardown(() => socket.close());
  // The gateway has taken the socket once it answers a ping.
  socket.send({ type: 'ping' });
  await socket.next((f) => f.type === 'pong', 10_000);
  return socket;
}

/** Runs the action, then measures how long until the socket closes with 4001. */
async function closesWithin(socket: TestSocket, action: () => Promise<unknown>): Promise<{ code: number; ms: number }> {
  const closed = socket.closed(10_000);
  const started = performance.now();
  await action();
  const { code } = await closed;
  return { code, ms: performance.now() - started };
}

/** A socket that stays open: it still answers a ping after the others closed. */
async function stillOpen(t: Tap, socket: TestSocket, what: string) {
  socket.send({ type: 'ping', ref: what.slice(0, 60) });
  await socket.next((f) => f.type === 'pong', 10_000);
  t.equal(socket.ws.readyState, socket.ws.OPEN, `${what}: still open`);
}

t.test('logout closes that session\'s socket on the other process within a second; other sessions stay', async (t) => {
  const { one, urls } = await twoProcesses(t);
  const m = await makeMember(one.database);
  const a = await login(one, m.email);
  const b = await login(one, m.email);
  const sa = await open(t, urls[1]!.ws, a.token);
  const sb = await open(t, urls[0]!.ws, b.token);
  const { code, ms } = await closesWithin(sa, () => one.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.auth }));
  t.equal(code, SESSION_ENDED);
  t.ok(ms < WITHIN_MS, `closed in ${ms.toFixed(0)} ms`);
  await stillOpen(t, sb, 'the other session');
});

t.test('revoking one session and changing the password close the right sockets within a second', async (t) => {
  const { one, two, urls } = await twoProcesses(t);
  const m = await makeMember(one.database);
  const a = await login(one, m.email);
  const b = await login(one, m.email);
  const c = await login(two, m.email);
  const sa = await open(t, urls[0]!.ws, a.token);
  const sb = await open(t, urls[1]!.ws, b.token);
  const sc = await open(t, urls[1]!.ws, c.token);
  const sessions = (await one.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: b.auth })).json().items as Array<{ id: string; current: boolean }>;
  const bId = sessions.find((s) => s.current)!.id;
  let r = await closesWithin(sb, () => one.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: a.auth }));
  t.equal(r.code, SESSION_ENDED);
  t.ok(r.ms < WITHIN_MS, `revoke: closed in ${r.ms.toFixed(0)} ms`);
  await stillOpen(t, sa, 'the revoker');
  await stillOpen(t, sc, 'a third session');
  r = await closesWithin(sc, () => two.inject({ method: 'POST', url: '/api/v1/me/password', headers: a.auth, payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' } }));
  t.equal(r.code, SESSION_ENDED);
  t.ok(r.ms < WITHIN_MS, `password change: closed in ${r.ms.toFixed(0)} ms`);
  await stillOpen(t, sa, 'the session that changed the password');
});

t.test('logout-all and suspension close every socket of the member within a second', async (t) => {
  const { one, two, urls } = await twoProcesses(t);
  const m = await makeMember(one.database);
  const a = await login(one, m.email);
  const sockets = [await open(t, urls[0]!.ws, a.token), await open(t, urls[1]!.ws, m.token)];
  const started = performance.now();
  const closed = Promise.all(sockets.map((s) => s.closed(10_000)));
  await two.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: a.auth });
  const codes = await closed;
  t.same(codes.map((c) => c.code), [SESSION_ENDED, SESSION_ENDED]);
  t.ok(performance.now() - started < WITHIN_MS, `logout-all: closed in ${(performance.now() - started).toFixed(0)} ms`);

  const admin = await makeAdmin(one.database);
  const s = await makeMember(one.database);
  const ss = [await open(t, urls[0]!.ws, s.token), await open(t, urls[1]!.ws, (await login(two, s.email)).token)];
  const began = performance.now();
  const closedToo = Promise.all(ss.map((x) => x.closed(10_000)));
  const res = await one.inject({ method: 'POST', url: `/api/v1/admin/members/${s.id}/suspend`, headers: admin.auth, payload: { reason: 'Spam in every circle' } });
  t.equal(res.statusCode, 200, res.body);
  const closedCodes = await closedToo;
  t.ok(closedCodes.every((c) => c.code >= 4000), `closed with ${closedCodes.map((c) => c.code).join(', ')}`);
  t.ok(performance.now() - began < WITHIN_MS, `suspension: closed in ${(performance.now() - began).toFixed(0)} ms`);
});
