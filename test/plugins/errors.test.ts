// Cross-cutting: error shapes, request ids, security headers, the OpenAPI document.
import t from 'tap';
import { build, makeMember } from '../helper.js';

t.test('unknown routes answer 404 in the error shape', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
  t.equal(res.statusCode, 404);
  t.same(res.json(), { statusCode: 404, code: 'NOT_FOUND', message: 'Route GET /api/v1/nope not found' });
});

t.test('unexpected errors are 500 with no details, and logged', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const original = app.database.db.select;
  // Break the database under one request: the member lookup throws a driver error with internals.
  (app.database.db as any).select = () => {
    throw new Error('relation "secret_table" does not exist at /srv/app/src/x.ts:12');
  };
  t.teardown(() => {
    (app.database.db as any).select = original;
  });
  const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth });
  t.equal(res.statusCode, 500);
  t.same(res.json(), { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
  t.notMatch(res.body, /secret_table|\.ts|stack/);
});

t.test('every response carries a request id and security headers', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
  t.equal(res.headers['x-request-id'], 'abc-123');
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.ok(res.headers['content-security-policy']);
  t.ok(res.headers['strict-transport-security']);
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
});

t.test('the OpenAPI document lists the contract routes with their error responses', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.match(doc.openapi, /^3\./);
  for (const path of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/me/profile', '/api/v1/members/{id}', '/api/v1/admin/members', '/api/v1/admin/members/{id}/approve', '/health', '/ready']) {
    t.ok(doc.paths[path], `documents ${path}`);
  }
  t.ok(doc.paths['/api/v1/auth/register'].post.responses['409'], 'error responses documented');
  const ui = await app.inject({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(ui.statusCode), 'UI served');
});
