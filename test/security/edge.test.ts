// The edge: NUL and lone surrogates refused in every body, query and path; framework errors in the contract's shape;
// request ids validated; no-store on authenticated responses; ?token= only on the websocket route.
import { connect } from 'node:net';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { build, makeMember, PASSWORD, sampleProfile, uniqueEmail } from '../helper.js';

const SHAPE_KEYS = ['code', 'message', 'statusCode'];
export function assertShape(t: Test, body: string, status: number, code?: string) {
  const json = JSON.parse(body);
  t.same(Object.keys(json).sort(), SHAPE_KEYS, `only statusCode, code, message: ${body}`);
  t.equal(json.statusCode, status);
  if (code) t.equal(json.code, code);
}

t.test('NUL in a search query is 400 VALIDATION_FAILED, not 500', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  for (const url of ['/api/v1/questions?q=a%00b', '/api/v1/questions/similar?title=billing%00codes', '/api/v1/questions?q=%ED%A0%80']) {
    const res = await app.inject({ method: 'GET', url, headers: m.auth });
    t.ok(res.statusCode < 500, `${url} answers ${res.statusCode}`);
    if (url.includes('%00')) assertShape(t, res.body, 400, 'VALIDATION_FAILED');
  }
});

t.test('a lone surrogate in profile text is refused on register and on PATCH /me/profile', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const profile = sampleProfile();
  const register = JSON.stringify({ email: uniqueEmail(), password: PASSWORD, displayName: 'Lone Surrogate', profile: { ...profile, bio: 'XLONEX' } }).replace('XLONEX', '\\ud800 bio');
  let res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload: register });
  assertShape(t, res.body, 400, 'VALIDATION_FAILED');
  res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { ...m.auth, 'content-type': 'application/json' }, payload: '{"bio":"ok \\udc00 then"}' });
  assertShape(t, res.body, 400, 'VALIDATION_FAILED');
  res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { ...m.auth, 'content-type': 'application/json' }, payload: '{"bio":"nul \\u0000 inside"}' });
  assertShape(t, res.body, 400, 'VALIDATION_FAILED');
  // A surrogate pair (an emoji) is ordinary text.
  res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { ...m.auth, 'content-type': 'application/json' }, payload: '{"bio":"hello \\ud83d\\ude00"}' });
  t.equal(res.statusCode, 200, res.body);
  // Keys are text too.
  res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { ...m.auth, 'content-type': 'application/json' }, payload: '{"bi\\u0000o":"x"}' });
  assertShape(t, res.body, 400, 'VALIDATION_FAILED');
});

t.test('path parameters: NUL is 400 VALIDATION_FAILED; malformed percent-encoding is 400 BAD_URL in the contract shape', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  let res = await app.inject({ method: 'GET', url: '/api/v1/circles/%00', headers: m.auth });
  assertShape(t, res.body, 400, 'VALIDATION_FAILED');
  res = await app.inject({ method: 'GET', url: '/api/v1/circles/%zz', headers: m.auth });
  assertShape(t, res.body, 400, 'BAD_URL');
  t.ok(res.headers['x-request-id'], 'still carries a request id');
});

t.test('framework errors (bad JSON, empty JSON, too large, wrong content type) have only the contract keys', async (t) => {
  const app = await build(t, { BODY_LIMIT_BYTES: 2048 });
  const m = await makeMember(app.database);
  const cases: Array<[Record<string, string>, string, number]> = [
    [{ 'content-type': 'application/json' }, '{"bio":', 400],
    [{ 'content-type': 'application/json' }, '', 400],
    [{ 'content-type': 'application/json' }, JSON.stringify({ bio: 'x'.repeat(4000) }), 413],
    [{ 'content-type': 'text/plain' }, 'hello', 415],
    [{ 'content-type': 'application/xml' }, '<a/>', 415],
  ];
  for (const [headers, payload, status] of cases) {
    const res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { ...m.auth, ...headers }, payload });
    assertShape(t, res.body, status);
  }
});

t.test('malformed HTTP on a real socket is answered in the contract shape', async (t) => {
  const app = await build(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  t.match(raw, /^HTTP\/1\.1 400 /);
  assertShape(t, raw.slice(raw.indexOf('\r\n\r\n') + 4), 400, 'BAD_REQUEST');
});

t.test('client request ids are adopted only when they look like ids', async (t) => {
  const app = await build(t);
  let res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'lb-7f3a.01:abc' } });
  t.equal(res.headers['x-request-id'], 'lb-7f3a.01:abc');
  for (const bad of ['a'.repeat(65), 'id with spaces', '<script>', '" injected="1']) {
    res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': bad } });
    t.not(res.headers['x-request-id'], bad);
    t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'a fresh UUID instead');
  }
});

t.test('authenticated responses carry Cache-Control: no-store, errors included', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  let res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'no-store');
  res = await app.inject({ method: 'GET', url: '/api/v1/circles/00000000-0000-4000-8000-000000000000', headers: m.auth });
  t.equal(res.headers['cache-control'], 'no-store');
  res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer nope-nope-nope-nope-nope' } });
  t.equal(res.statusCode, 401);
  t.equal(res.headers['cache-control'], 'no-store');
  res = await app.inject({ method: 'GET', url: '/health' });
  t.not(res.headers['cache-control'], 'no-store', 'public health checks may be cached');
});

t.test('?token= authenticates only the websocket route, never ordinary HTTP (Upgrade header or not)', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  for (const headers of [{}, { upgrade: 'websocket' }, { upgrade: 'websocket', connection: 'Upgrade' }]) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/me?token=${m.token}`, headers });
    t.equal(res.statusCode, 401, `GET /me?token= with ${JSON.stringify(headers)} is 401`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  // Plain HTTP over a real socket with Upgrade but no Connection: upgrade reaches the route as ordinary HTTP.
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/me?token=${m.token}`, { headers: { upgrade: 'websocket' } }).catch(() => null);
  if (res) t.equal(res.status, 401);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws?token=${m.token}`);
  t.teardown(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  t.pass('the websocket route still takes ?token=');
});
