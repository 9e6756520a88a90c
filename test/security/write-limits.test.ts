// Per-member write limits: 429 RATE_LIMITED with Retry-After on every write kind, nothing written past the limit,
// counters shared by every process (PostgreSQL, or Redis when REDIS_URL is set).
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { loadConfig } from '../../src/config.js';
import { firstRow, sql } from '../../src/db/sql.js';
import { createWriteLimiter, decide } from '../../src/modules/limits/write-limiter.js';
import writeLimitsPlugin from '../../src/plugins/write-limits.js';
import { build, makeMember, TEST_CONFIG, type TestMember } from '../helper.js';
import { answer, ask } from '../modules/qa/qa-helper.js';

type App = Awaited<ReturnType<typeof build>>;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function assertLimited(t: Test, res: { statusCode: number; headers: Record<string, unknown>; json(): any }, what: string) {
  t.equal(res.statusCode, 429, `${what}: 429`);
  t.same(res.json().code, 'RATE_LIMITED');
  t.same(Object.keys(res.json()).sort(), ['code', 'message', 'statusCode']);
  t.match(String(res.headers['retry-after']), /^[1-9]\d*$/, `${what}: Retry-After in whole seconds`);
}

const questionCount = async (app: App, m: TestMember) =>
  (await firstRow<{ n: number }>(app.database.db, sql`select count(*)::int as n from questions where author_id = ${m.id}`))?.n;

t.test('questions: past the hourly limit 429 with Retry-After, and nothing is written', async (t) => {
  const app = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 3 });
  const m = await makeMember(app.database);
  for (let i = 0; i < 3; i++) await ask(app, m, { title: `Question number ${i} about billing` });
  const res = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: m.auth, payload: { title: 'One too many questions today', body: 'x', tags: [] } });
  assertLimited(t, res, 'question');
  t.ok(Number(res.headers['retry-after']) <= 7200, 'within two windows');
  t.equal(await questionCount(app, m), 3, 'the refused question was not stored');
  const other = await makeMember(app.database);
  await ask(app, other);
  t.pass('another member is not affected');
});

t.test('answers, replies and edits share the content bucket; votes and reports have their own', async (t) => {
  const app = await build(t, { RATE_LIMIT_CONTENT_PER_MINUTE: 3, RATE_LIMIT_VOTES_PER_MINUTE: 2, RATE_LIMIT_REPORTS_PER_HOUR: 1 });
  const asker = await makeMember(app.database);
  const m = await makeMember(app.database);
  const q = await ask(app, asker);
  const a = await answer(app, m, q.id);
  let res = await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: m.auth, payload: { body: 'a reply' } });
  t.equal(res.statusCode, 201);
  res = await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: m.auth, payload: { body: 'an edit' } });
  t.equal(res.statusCode, 200, res.body);
  res = await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: m.auth, payload: { body: 'a second answer' } });
  assertLimited(t, res, 'answer');
  res = await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: m.auth, payload: { body: 'another reply' } });
  assertLimited(t, res, 'reply');
  res = await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: m.auth, payload: { body: 'another edit' } });
  assertLimited(t, res, 'edit');

  for (const value of [1, 0]) {
    res = await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: m.auth, payload: { targetType: 'question', targetId: q.id, value } });
    t.equal(res.statusCode, 200, res.body);
  }
  res = await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: m.auth, payload: { targetType: 'question', targetId: q.id, value: 1 } });
  assertLimited(t, res, 'vote');

  res = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: m.auth, payload: { targetType: 'question', targetId: q.id, reason: 'spam' } });
  t.equal(res.statusCode, 201, res.body);
  res = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: m.auth, payload: { targetType: 'answer', targetId: a.id, reason: 'spam' } });
  assertLimited(t, res, 'report');
});

t.test('DMs and chat messages over HTTP count as content; logout is never limited', async (t) => {
  const app = await build(t, { RATE_LIMIT_CONTENT_PER_MINUTE: 2 });
  const m = await makeMember(app.database);
  const peer = await makeMember(app.database);
  let res = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: m.auth, payload: { memberId: peer.id } });
  t.ok([200, 201].includes(res.statusCode), res.body);
  const { roomId } = res.json();
  res = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: m.auth, payload: { clientMsgId: 'c1-limit-test', body: 'hello' } });
  t.equal(res.statusCode, 201, res.body);
  res = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: m.auth, payload: { clientMsgId: 'c2-limit-test', body: 'again' } });
  assertLimited(t, res, 'chat message');
  res = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: m.auth, payload: { memberId: peer.id } });
  assertLimited(t, res, 'DM');
  res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: m.auth });
  t.equal(res.statusCode, 204, 'logout still works');
});

t.test('every other authenticated write counts in the default bucket', async (t) => {
  const app = await build(t, { RATE_LIMIT_WRITES_PER_MINUTE: 2 });
  const m = await makeMember(app.database);
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload: { bio: `bio ${i}` } });
    t.equal(res.statusCode, 200, res.body);
  }
  const res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload: { bio: 'bio 3' } });
  assertLimited(t, res, 'profile edit');
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth });
  t.equal(me.json().member?.profile?.bio ?? me.json().profile?.bio, 'bio 1', 'the refused edit changed nothing');
  t.ok(app.printRoutes().length > 0);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  t.ok(doc.paths['/api/v1/me/profile'].patch.responses['429'], 'the 429 is documented');
});

t.test('two processes share one counter (PostgreSQL or PGlite state)', async (t) => {
  const one = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 3 });
  const two = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 3 });
  const m = await makeMember(one.database);
  await ask(one, m);
  await ask(two, m);
  await ask(one, m);
  const res = await two.inject({ method: 'POST', url: '/api/v1/questions', headers: m.auth, payload: { title: 'Asked through the second process', body: 'x', tags: [] } });
  assertLimited(t, res, 'question on the other process');
});

t.test('with REDIS_URL the counters live in Redis and are shared too', async (t) => {
  const one = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 2, REDIS_URL, CHAT_BUS: 'memory' });
  const two = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 2, REDIS_URL, CHAT_BUS: 'memory' });
  const m = await makeMember(one.database);
  await ask(one, m);
  await ask(two, m);
  const res = await one.inject({ method: 'POST', url: '/api/v1/questions', headers: m.auth, payload: { title: 'Third question through Redis', body: 'x', tags: [] } });
  assertLimited(t, res, 'question (redis)');
  const rows = await firstRow<{ n: number }>(one.database.db, sql`select count(*)::int as n from rate_limit_counters where key like ${`%${m.id}`}`);
  t.equal(rows?.n, 0, 'nothing counted in PostgreSQL');
});

t.test('with Redis unreachable, writes pass (logged) instead of failing', async (t) => {
  const app = await build(t, { RATE_LIMIT_QUESTIONS_PER_HOUR: 1, REDIS_URL: 'redis://127.0.0.1:1', CHAT_BUS: 'memory' });
  const m = await makeMember(app.database);
  await ask(app, m);
  await ask(app, m);
  t.pass('two questions over a limit of one: the limiter failed open, no 500');
});

t.test('the sliding window: decide() and its Retry-After', async (t) => {
  const rule = { max: 10, windowMs: 60_000 };
  t.same(decide({ hits: 10, prevHits: 0, windowStartMs: 0, nowMs: 30_000 }, rule), { allowed: true, remaining: 0 });
  // 11 > 10 now; in the next window this one's 11 weigh in: 1 + 11 * (1 - f) ≤ 10 at f = 2/11 → 70.9 s, 41 s from now.
  t.same(decide({ hits: 11, prevHits: 0, windowStartMs: 0, nowMs: 30_000 }, rule), { allowed: false, retryAfterSeconds: 41 });
  // Half the previous window still counts: 4 + 10 * 0.5 = 9 ≤ 10.
  t.same(decide({ hits: 4, prevHits: 10, windowStartMs: 0, nowMs: 30_000 }, rule), { allowed: true, remaining: 1 });
  // 6 + 10 * 0.5 = 11 > 10; the next fits when 7 + 10 * (1 - f) ≤ 10, f = 0.7 → 42 s, 12 s from now.
  t.same(decide({ hits: 6, prevHits: 10, windowStartMs: 0, nowMs: 30_000 }, rule), { allowed: false, retryAfterSeconds: 12 });
});

t.test('a route naming an unknown bucket fails at start', async (t) => {
  const app = Fastify();
  const config = loadConfig({}, TEST_CONFIG);
  const database = (await build(t)).database;
  await app.register(writeLimitsPlugin, { limiter: createWriteLimiter({ database, config, log: app.log }) });
  t.throws(() => app.post('/x', { config: { writeLimit: 'qa.qestion' } }, async () => 'ok'), /unknown writeLimit bucket "qa.qestion"/);
  await app.close();
});
