// The authorization matrix: every route of the OpenAPI document × anonymous, bad token, pending, suspended, member, admin;
// then object-level checks: another member's private objects are 404, never a leak.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeMember } from '../helper.js';
import { rng, validValue } from './fuzz/generate.js';
import { operations } from './fuzz/run.js';

/** Routes anyone may call. A new route missing from here must refuse anonymous callers with 401. */
const PUBLIC = new Set([
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/session',
  'POST /api/v1/auth/verify-email',
  'GET /api/v1/auth/verify-email',
  'POST /api/v1/unsubscribe',
  'GET /api/v1/unsubscribe',
  'GET /api/v1/calendar/{feedToken}.ics',
  'GET /health',
  'GET /ready',
]);

const isAdminRoute = (path: string) => path.startsWith('/api/v1/admin/');

t.test('every route × every role', async (t) => {
  const app = await build(t);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const ops = operations(doc);
  t.ok(ops.length >= 40, `${ops.length} operations`);
  const db = app.database;
  const roles = {
    anonymous: {},
    badToken: { authorization: `Bearer ${'A'.repeat(43)}` },
    pending: (await makeMember(db, { status: 'pending' })).auth,
    suspended: (await makeMember(db, { status: 'suspended' })).auth,
    member: (await makeMember(db)).auth,
    admin: (await makeAdmin(db)).auth,
  } as Record<string, Record<string, string>>;
  const r = rng(14);
  const refs = doc.components?.schemas ?? {};
  const seenPublic = new Set<string>();
  for (const op of ops) {
    const key = `${op.method} ${op.path}`;
    const url = op.path.replace(/\{[^}]+\}/g, () => randomUUID());
    const body = op.body ? JSON.stringify(validValue(op.body, refs, r, [])) : undefined;
    const status: Record<string, { code: number; error?: string }> = {};
    for (const [role, headers] of Object.entries(roles)) {
      const res = await app.inject({ method: op.method as 'GET', url, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: body } : {}) });
      t.ok(res.statusCode < 500, `${key} as ${role}: ${res.statusCode}`);
      const json = res.statusCode >= 400 && /json/.test(String(res.headers['content-type'])) ? res.json() : undefined;
      status[role] = { code: res.statusCode, error: json?.code };
    }
    if (PUBLIC.has(key)) {
      seenPublic.add(key);
      t.not(status.anonymous!.code, 401, `${key} is public`);
      continue;
    }
    t.equal(status.anonymous!.code, 401, `${key}: anonymous → 401`);
    t.equal(status.badToken!.code, 401, `${key}: bad token → 401`);
    t.same(status.pending, { code: 403, error: 'PENDING_APPROVAL' }, `${key}: pending → 403`);
    t.same(status.suspended, { code: 403, error: 'SUSPENDED' }, `${key}: suspended → 403`);
    t.ok(op.secured, `${key} documents its security`);
    if (isAdminRoute(op.path)) {
      t.same(status.member, { code: 403, error: 'FORBIDDEN' }, `${key}: member → 403`);
      t.notOk([401, 403].includes(status.admin!.code), `${key}: admin passes (${status.admin!.code})`);
    } else {
      t.not(status.member!.code, 401, `${key}: member is authenticated`);
      t.not(status.admin!.code, 401, `${key}: admin is authenticated`);
    }
  }
  t.ok(seenPublic.size >= 4, 'the public routes were exercised');
});

t.test('another member\'s private objects answer 404 (never 403, never the object)', async (t) => {
  const app = await build(t);
  const db = app.database;
  const [a, c, outsider] = [await makeMember(db), await makeMember(db), await makeMember(db)];
  const admin = await makeAdmin(db);
  const { roomId } = (await app.inject({ method: 'POST', url: '/api/v1/dms', headers: a.auth, payload: { memberId: c.id } })).json();
  const msg = (await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth, payload: { clientMsgId: randomUUID(), body: 'private' } })).json();
  const sessions = (await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth })).json().items;
  const checks: Array<[string, string, unknown?]> = [
    ['GET', `/api/v1/rooms/${roomId}/messages`],
    ['POST', `/api/v1/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), body: 'intrude' }],
    ['PATCH', `/api/v1/rooms/${roomId}/messages/${msg.id}`, { body: 'edited by an outsider' }],
    ['DELETE', `/api/v1/rooms/${roomId}/messages/${msg.id}`],
    ['PUT', `/api/v1/rooms/${roomId}/read`, { seq: 1 }],
    ['GET', `/api/v1/rooms/${roomId}/presence`],
    ['DELETE', `/api/v1/me/sessions/${sessions[0].id}`],
  ];
  for (const [method, url, payload] of checks) {
    const res = await app.inject({ method: method as 'GET', url, headers: outsider.auth, ...(payload ? { payload: payload as object } : {}) });
    t.equal(res.statusCode, 404, `${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')} by an outsider → 404`);
    t.notMatch(res.body, /private/);
  }
  // The member in the room still can; the DM is not an admin's to write in either.
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: c.auth })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: admin.auth, payload: { clientMsgId: randomUUID(), body: 'admin' } })).statusCode, 404);
  // My lists hold only mine.
  const mine = (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: outsider.auth })).json();
  t.notOk(JSON.stringify(mine).includes(roomId), 'the room is not in an outsider\'s list');
});
