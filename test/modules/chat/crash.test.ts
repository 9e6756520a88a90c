// Crashes for real: a second server process sharing the bus is SIGKILLed (its member goes offline on this one within
// 15 s) or SIGKILLed and restarted under the same CHAT_INSTANCE_ID (its former entries cleared at once); both buses.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { testDatabaseUrl } from '../../support/database.js';
import { build, makeCircle, makeMember } from '../../helper.js';
import { listen, openSocket, startServer, type Frame, type TestSocket } from './support.js';

// Real processes and thousands of sends on a loaded machine: more than the default time per file.
t.setTimeout(600_000);
const pgUrl = testDatabaseUrl();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FAST = { CHAT_SEND_RATE: 100_000, CHAT_SEND_BURST: 100_000, CHAT_FRAME_RATE: 100_000 };

/** The presence frames of one room as they arrive: waits on the next one matching. */
const offline = (memberId: string) => (f: Frame) => f.type === 'presence' && !f.online.includes(memberId);
const online = (memberId: string) => (f: Frame) => f.type === 'presence' && f.online.includes(memberId);

async function subscribed(url: string, token: string, roomId: string): Promise<TestSocket> {
  const s = await openSocket(url, token);
  s.send({ type: 'subscribe', roomId });
  await s.next((f) => f.type === 'subscribed', 30_000);
  return s;
}

for (const bus of ['postgres', 'redis'] as const) {
  // PGlite is an in-process database: a second server process cannot share it. Redis runs on this machine (and on CI).
  const skip = pgUrl ? false : 'needs PostgreSQL (set TEST_DATABASE_URL): a second process cannot share PGlite';
  const busEnv = (channel: string) => ({ CHAT_BUS: bus, CHAT_BUS_CHANNEL: channel, ...(bus === 'redis' ? { REDIS_URL } : {}) });

  t.test(`${bus} bus: after a SIGKILL of the other process, its member is offline here within 15 s`, { skip, timeout: 180_000 }, async (t) => {
    // A channel of its own: other test processes share this database and this Redis.
    const channel = `pp_test_${randomUUID().slice(0, 8)}`;
    const here = await build(t, { ...FAST, ...busEnv(channel) });
    const url = await listen(here);
    const other = await startServer({ DATABASE_URL: pgUrl!, NOTIFY_WORKER: 'false', ...busEnv(channel) });
    t.teardown(() => other.kill());
    const a = await makeMember(here.database);
    const b = await makeMember(here.database);
    const { id: roomId } = await makeCircle(here.database, [a.id, b.id]);
    const sa = await subscribed(url.ws, a.token, roomId);
    const sb = await subscribed(other.ws, b.token, roomId);
    await sa.next(online(b.id), 30_000);
    t.equal(here.chatGateway.cluster.processCount(), 2, 'the two processes see each other');

    await other.kill(); // kill -9: no goodbye on the bus, no socket closed cleanly
    const killed = Date.now();
    const gone = await sa.next(offline(b.id), 30_000);
    const took = Date.now() - killed;
    t.ok(took <= 15_000, `offline ${took} ms after the SIGKILL`);
    t.same(gone.online, [a.id], 'only the member on the living process is listed');
    t.equal(here.chatGateway.cluster.processCount(), 1, 'and the budgets are this process’s alone again');
    sa.close();
    sb.close();
  });

  t.test(`${bus} bus: a process restarted under the same CHAT_INSTANCE_ID clears its former run's presence at once`, { skip, timeout: 180_000 }, async (t) => {
    const channel = `pp_test_${randomUUID().slice(0, 8)}`;
    // This process would wait 10 minutes before taking a silent peer for dead: only the restart can clear the entry.
    const here = await build(t, { ...FAST, ...busEnv(channel), CHAT_NODE_TIMEOUT_MS: 600_000 });
    const url = await listen(here);
    const env = { DATABASE_URL: pgUrl!, NOTIFY_WORKER: 'false', CHAT_INSTANCE_ID: `pod-${randomUUID().slice(0, 8)}`, ...busEnv(channel) };
    let other = await startServer(env);
    t.teardown(() => other.kill());
    const a = await makeMember(here.database);
    const b = await makeMember(here.database);
    const { id: roomId } = await makeCircle(here.database, [a.id, b.id]);
    const sa = await subscribed(url.ws, a.token, roomId);
    const sb = await subscribed(other.ws, b.token, roomId);
    await sa.next(online(b.id), 30_000);

    await other.kill();
    sb.close();
    // The SIGKILLed run's entry stays (no goodbye, and the timeout is long) until the same instance says hello again.
    t.ok(here.chatGateway.hub.presence.online(roomId).includes(b.id), 'still listed after the SIGKILL alone');
    other = await startServer(env, other.port);
    const restarted = Date.now();
    const gone = await sa.next(offline(b.id), 30_000);
    const took = Date.now() - restarted;
    t.ok(took <= 5000, `offline ${took} ms after the restarted process answered /health`);
    t.same(gone.online, [a.id]);
    t.equal(here.chatGateway.cluster.processCount(), 2, 'the restarted run counts once, its former run not at all');
    sa.close();
  });
}
