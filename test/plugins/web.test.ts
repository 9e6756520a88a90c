// The browser app's serving and the cookie session: cache headers, the SPA fallback beside the API and docs,
// the cookie's attributes, CSRF refusals, bearer tokens unchanged, and the websocket upgrade with the cookie.
import t from 'tap';
import WebSocket from 'ws';
import { build, makeMember, PASSWORD } from '../helper.js';
import { ensureWebBuild, NO_SHEDDING } from '../web/browser.js';

t.before(ensureWebBuild);

t.test('the app is served at / with the HTML never cached and hashed assets cached for a year', async (t) => {
  const app = await build(t, NO_SHEDDING);
  const page = await app.inject({ method: 'GET', url: '/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.equal(page.headers['cache-control'], 'no-cache', 'the HTML is revalidated every time');
  t.match(page.headers['content-security-policy'], /script-src 'self'/, 'the strict CSP covers the page');
  t.notMatch(page.body, /<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in the page');
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
  t.ok(asset, 'the page loads a hashed bundle');
  const js = await app.inject({ method: 'GET', url: asset! });
  t.equal(js.statusCode, 200);
  t.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  t.match(js.headers['content-type'], /javascript/);

  for (const route of ['/login', '/circles/00000000-0000-4000-8000-000000000000', '/qa?q=referrals', '/admin/members']) {
    const res = await app.inject({ method: 'GET', url: route });
    t.equal(res.statusCode, 200, `${route} is an app route`);
    t.equal(res.body, page.body, `${route} serves the app's page`);
  }
  const missingAsset = await app.inject({ method: 'GET', url: '/assets/nope-123.js' });
  t.equal(missingAsset.statusCode, 404, 'a missing file is a 404, not the page');
  const traversal = await app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' });
  t.equal(traversal.statusCode, 404, 'no path traversal');
});

t.test('the API and the docs are untouched by the app', async (t) => {
  const app = await build(t, NO_SHEDDING);
  const api404 = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
  t.equal(api404.statusCode, 404);
  t.equal(api404.json().code, 'NOT_FOUND', 'an unknown API path stays a JSON 404');
  t.equal((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/somewhere', payload: {} })).statusCode, 404, 'only GET serves the page');
});

t.test('browser login sets an HttpOnly SameSite=Lax cookie; Secure behind HTTPS; logout clears it', async (t) => {
  const app = await build(t, { ...NO_SHEDDING, TRUST_PROXY: true });
  const member = await makeMember(app.database);
  const login = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/session', headers, payload: { email: member.email, password: PASSWORD } });

  const noHeader = await login({});
  t.equal(noHeader.statusCode, 403, 'login from the browser needs the CSRF header too');
  t.equal(noHeader.json().code, 'CSRF_REJECTED');

  const res = await login({ 'x-requested-with': 'practice-peers' });
  t.equal(res.statusCode, 200);
  t.notOk('token' in res.json(), 'no token in the body');
  const setCookie = String(res.headers['set-cookie']);
  t.match(setCookie, /^pp_session=[A-Za-z0-9_-]{16,}; Path=\/api; HttpOnly; SameSite=Lax; Max-Age=\d+$/, 'plain HTTP: no Secure');
  const cookie = setCookie.split(';')[0]!;

  const https = await login({ 'x-requested-with': 'practice-peers', 'x-forwarded-proto': 'https' });
  t.match(String(https.headers['set-cookie']), /; Secure$/, 'behind an HTTPS proxy the cookie is Secure');

  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().id, member.id, 'the cookie authenticates reads');

  const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-requested-with': 'practice-peers' } });
  t.equal(logout.statusCode, 204);
  t.match(String(logout.headers['set-cookie']), /^pp_session=; Path=\/api; HttpOnly; SameSite=Lax; Max-Age=0/);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode, 401, 'the session is revoked');
});

t.test('CSRF: cookie writes need the header and a same-origin request; bearer tokens are unaffected', async (t) => {
  const app = await build(t, NO_SHEDDING);
  const member = await makeMember(app.database);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/session', headers: { 'x-requested-with': 'x' }, payload: { email: member.email, password: PASSWORD } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const write = (headers: Record<string, string>) => app.inject({ method: 'PUT', url: '/api/v1/votes', headers: { cookie, ...headers }, payload: { targetType: 'question', targetId: '00000000-0000-4000-8000-000000000000', value: 1 } });

  const bare = await write({});
  t.equal(bare.statusCode, 403, 'a cookie write without the header (a form post from anywhere) is refused');
  t.equal(bare.json().code, 'CSRF_REJECTED');
  t.equal((await write({ 'x-requested-with': 'x', origin: 'https://evil.example' })).statusCode, 403, 'another origin is refused');
  t.equal((await write({ 'x-requested-with': 'x', 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'a cross-site fetch is refused');
  t.equal((await write({ 'x-requested-with': 'x', origin: 'http://localhost:80' })).statusCode, 404, 'the same origin passes (then: no such question)');
  t.equal((await write({ 'x-requested-with': 'x', 'sec-fetch-site': 'same-origin' })).statusCode, 404, 'same-origin passes');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie, origin: 'https://evil.example' } })).statusCode, 403, 'reads named as cross-origin are refused too');

  const bearer = await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: member.auth, payload: { targetType: 'question', targetId: '00000000-0000-4000-8000-000000000000', value: 1 } });
  t.equal(bearer.statusCode, 404, 'scripts with a bearer token need no CSRF header');
});

t.test('the websocket upgrade accepts the cookie from the same origin only', async (t) => {
  const app = await build(t, NO_SHEDDING);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const member = await makeMember(app.database);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/session', headers: { 'x-requested-with': 'x' }, payload: { email: member.email, password: PASSWORD } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const open = (origin: string) =>
    new Promise<{ opened: boolean; status?: number }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`, { headers: { cookie, origin } });
      ws.on('open', () => {
        ws.close();
        resolve({ opened: true });
      });
      ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
      ws.on('error', () => resolve({ opened: false }));
    });
  t.same(await open(`http://127.0.0.1:${port}`), { opened: true }, 'same origin: the cookie opens the socket');
  t.same(await open('https://evil.example'), { opened: false, status: 403 }, 'another origin cannot ride the cookie');
});
