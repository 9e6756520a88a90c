// Liveness and readiness.
import t from 'tap';
import { build } from '../../helper.js';

t.test('GET /health answers ok and /ready reports the database', async (t) => {
  const app = await build(t);
  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: 'ok' });
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
  t.equal(ready.json().status, 'ready');
  t.equal(ready.json().database, app.database.kind);
});

t.test('GET /ready answers 503 in the error shape when the database is gone', async (t) => {
  const app = await build(t);
  const original = app.database.ping;
  app.database.ping = async () => {
    throw new Error('connection refused');
  };
  t.teardown(() => {
    app.database.ping = original;
  });
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { statusCode: 503, code: 'UNAVAILABLE', message: 'Database is not reachable' });
});
