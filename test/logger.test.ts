// Logs: request ids on every line, and no password, token or authorization header ever written.
import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loggerOptions } from '../src/logger.js';
import { makeMember, PASSWORD, TEST_CONFIG, testDatabase } from './helper.js';

t.test('secrets are redacted from the logs and requests carry their id', async (t) => {
  const database = await testDatabase();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({}, { ...TEST_CONFIG, LOG_LEVEL: 'trace' });
  const app = await buildApp({ config, database, logger: pino(loggerOptions(config), sink) });
  t.teardown(() => app.close());
  const m = await makeMember(database);

  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: m.email, password: PASSWORD } });
  t.equal(login.statusCode, 200);
  const token = login.json().token as string;
  await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: m.email, password: 'a wrong password here' } });
  await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, cookie: `session=${token}; other=cookie-secret-1`, 'x-request-id': 'req-redaction-1' } });
  await app.inject({ method: 'GET', url: `/api/v1/ws?token=${token}` });

  const log = lines.join('\n');
  t.ok(lines.length > 0, 'something was logged');
  t.notOk(log.includes(PASSWORD), 'no password');
  t.notOk(log.includes('a wrong password here'), 'no failed password');
  t.notOk(log.includes(token), 'no token, in headers or in a ?token= url');
  t.notOk(log.includes(m.token), 'no token of the helper session');
  t.notOk(/Bearer [A-Za-z0-9_-]{16,}/.test(log), 'no authorization header');
  t.notOk(log.includes('cookie-secret-1'), 'no cookie header');
  const tagged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'req-redaction-1');
  t.ok(tagged.length >= 2, 'request lines carry the request id');
});

t.test('every redaction path censors what it names, in requests, headers and nested objects', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino(loggerOptions({ LOG_LEVEL: 'info' }), sink);
  const secret = (n: number) => `secret-value-${n}-do-not-log`;
  log.info(
    {
      req: { method: 'GET', url: `/api/v1/ws?room=1&token=${secret(1)}`, id: 'r1', headers: { authorization: `Bearer ${secret(2)}`, cookie: `sid=${secret(3)}` } },
      headers: { authorization: `Bearer ${secret(4)}`, accept: 'application/json' },
      password: secret(5),
      token: secret(6),
      member: { password: secret(7), token: secret(8), passwordHash: secret(9), email: 'kept@example.test' },
      body: { password: secret(10), email: 'kept@example.test' },
    },
    'a line carrying every secret the logger knows about',
  );
  await new Promise<void>((resolve) => setImmediate(resolve));
  const text = lines.join('\n');
  t.equal(lines.length, 1, 'the line was written');
  for (let n = 1; n <= 10; n++) t.notOk(text.includes(secret(n)), `secret ${n} is not in the log`);
  const line = JSON.parse(lines[0]!);
  t.equal(line.req.url, '/api/v1/ws?room=1&token=[Redacted]', 'the ?token= of a url is censored, the rest kept');
  t.equal(line.req.headers, undefined, 'request lines carry no headers at all');
  t.same(line.headers, { authorization: '[Redacted]', accept: 'application/json' });
  t.equal(line.password, '[Redacted]');
  t.equal(line.token, '[Redacted]');
  t.same(line.member, { password: '[Redacted]', token: '[Redacted]', passwordHash: '[Redacted]', email: 'kept@example.test' });
  t.same(line.body, { password: '[Redacted]', email: 'kept@example.test' });
});
