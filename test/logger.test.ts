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
  await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-redaction-1' } });
  await app.inject({ method: 'GET', url: `/api/v1/ws?token=${token}` });

  const log = lines.join('\n');
  t.ok(lines.length > 0, 'something was logged');
  t.notOk(log.includes(PASSWORD), 'no password');
  t.notOk(log.includes('a wrong password here'), 'no failed password');
  t.notOk(log.includes(token), 'no token, in headers or in a ?token= url');
  t.notOk(log.includes(m.token), 'no token of the helper session');
  t.notOk(/Bearer [A-Za-z0-9_-]{16,}/.test(log), 'no authorization header');
  const tagged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'req-redaction-1');
  t.ok(tagged.length >= 2, 'request lines carry the request id');
});
