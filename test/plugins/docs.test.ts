// The docs page: served with a CSP that works over plain HTTP by hostname (no upgrade-insecure-requests).
import t from 'tap';
import { build } from '../helper.js';

t.test('/docs over plain HTTP by hostname: the CSP does not send its scripts to https', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/docs/', headers: { host: 'peers.internal:3000' } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  const csp = String(res.headers['content-security-policy']);
  t.notMatch(csp, /upgrade-insecure-requests/, 'no upgrade-insecure-requests');
  t.match(csp, /script-src 'self'/, 'scripts still restricted to the origin');
  // The scripts the page references load from the same origin over the same scheme.
  const scripts = [...res.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  t.ok(scripts.length > 0, 'the page loads scripts');
  for (const src of scripts) {
    t.notMatch(src, /^https:/, `${src} is relative`);
    const url = new URL(src, 'http://peers.internal:3000/docs/').pathname;
    const asset = await app.inject({ method: 'GET', url, headers: { host: 'peers.internal:3000' } });
    t.equal(asset.statusCode, 200, `${url} served`);
  }
});
