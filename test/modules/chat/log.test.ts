// The room's ordered log and its edges: resume after edits/deletes/hides, ack before message, device conflicts,
// read markers on other sockets, one-frame resume, a dropped database connection retried (presence after a crash: crash.test.ts).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import t from 'tap';
import pino from 'pino';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/client.js';
import { testDatabaseUrl } from '../../support/database.js';
import { build, makeCircle, makeMember, TEST_CONFIG } from '../../helper.js';
import { listen, openSocket, until, type Frame } from './support.js';

const FAST = { CHAT_SEND_RATE: 100_000, CHAT_SEND_BURST: 100_000, CHAT_FRAME_RATE: 100_000 };
// Bursts of hundreds of frames and bounded waits of up to 60 s: the file overran the suite's 120 s with the load
// average near 20 on 2 cores, so it gets 300 s.
t.setTimeout(300_000);

t.test('resume after an edit, a delete and a moderator hide while offline replays each change in order', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  const ids: string[] = [];
  for (const n of [1, 2, 3]) ids.push((await app.chat.send(a.id, { roomId, clientMsgId: `m${n}`, body: `body ${n}` })).row.id);
  const sb = await openSocket(url.ws, b.token);
  sb.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  const seen = await sb.next((f) => f.type === 'subscribed');
  t.equal(seen.lastSeq, 3);
  sb.close();
  await sb.closed();

  // While b is away: an edit, a delete, a hide (each takes the next seq), and one more message.
  await app.chat.edit(a.id, roomId, ids[0]!, 'body 1, edited');
  await app.chat.remove(a.id, roomId, ids[1]!);
  t.equal(await app.chat.setMessageHidden(ids[2]!, true, 'abuse'), roomId);
  app.events.emit('message.hidden', { roomId, messageId: ids[2]! });
  await app.chat.send(a.id, { roomId, clientMsgId: 'm4', body: 'body 4' });

  const again = await openSocket(url.ws, b.token);
  again.send({ type: 'resume', rooms: [{ roomId, sinceSeq: 3 }], ref: 'r1' });
  const resumed = await again.next((f) => f.type === 'resumed');
  t.same(resumed, { type: 'resumed', rooms: [{ roomId, lastSeq: 7, status: 'subscribed' }], ref: 'r1' });
  const log = again.frames.filter((f) => f.roomId === roomId && ['message', 'message_updated', 'message_deleted'].includes(f.type));
  t.same(
    log.map((f) => [f.type, f.id, f.eventSeq ?? f.seq]),
    [
      ['message_updated', ids[0], 4],
      ['message_deleted', ids[1], 5],
      ['message_deleted', ids[2], 6],
      ['message', log[3]?.id, 7],
    ],
    'every change in log order, then the new message',
  );
  t.match(log[0], { body: 'body 1, edited', seq: 1 });
  again.close();
});

t.test('the ack precedes the sender’s own message on every send, with another member sending into the room meanwhile', { timeout: 300_000 }, async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  const sa = await openSocket(url.ws, a.token);
  const sb = await openSocket(url.ws, b.token);
  for (const s of [sa, sb]) {
    s.send({ type: 'subscribe', roomId });
    await s.next((f) => f.type === 'subscribed');
  }
  const N = 1000;
  // In windows of 100 (a socket may have 128 frames waiting), each window racing the other member's sends.
  for (let i = 0; i < N; i += 100) {
    for (let k = i; k < i + 100; k++) {
      sa.send({ type: 'send', roomId, clientMsgId: `a${k}`, body: `a ${k}` });
      if (k % 2 === 0) void app.chat.send(b.id, { roomId, clientMsgId: `b${k}`, body: `b ${k}` });
    }
    await until(() => sa.frames.filter((f) => f.type === 'ack').length === i + 100, 60_000);
  }
  await until(() => sa.frames.filter((f) => f.type === 'message' && f.authorId === a.id).length === N, 60_000);
  t.equal(countOutOfOrder(sa.frames, a.id), 0, `${N} sends: no message before its ack`);
  sa.close();
  sb.close();
});

/** Own message frames that arrived before the ack of their clientMsgId. */
function countOutOfOrder(frames: Frame[], memberId: string): number {
  const acked = new Set<string>();
  let bad = 0;
  for (const f of frames) {
    if (f.type === 'ack') acked.add(f.clientMsgId);
    else if (f.type === 'message' && f.authorId === memberId && !acked.has(f.clientMsgId)) bad++;
  }
  return bad;
}

t.test('two devices of one member reuse a clientMsgId with different bodies: the second gets CONFLICT; read markers reach the other device', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  const phone = await openSocket(url.ws, a.token);
  const laptop = await openSocket(url.ws, a.token);
  phone.send({ type: 'send', roomId, clientMsgId: 'same-id', body: 'from the phone' });
  const ack = await phone.next((f) => f.type === 'ack');
  laptop.send({ type: 'send', roomId, clientMsgId: 'same-id', body: 'from the laptop' });
  t.match(await laptop.next((f) => f.type === 'error'), { code: 'CONFLICT', ref: 'same-id' });
  laptop.send({ type: 'send', roomId, clientMsgId: 'same-id', body: 'from the phone' });
  t.match(await laptop.next((f) => f.type === 'ack'), { id: ack.id, seq: ack.seq }, 'the same body is a repeat, acked');

  await app.chat.send(b.id, { roomId, clientMsgId: 'b1', body: 'one' });
  await app.chat.send(b.id, { roomId, clientMsgId: 'b2', body: 'two' });
  phone.send({ type: 'read', roomId, seq: 2 });
  t.match(await phone.next((f) => f.type === 'ok'), { op: 'read', seq: 2, unread: 1 });
  t.same(await laptop.next((f) => f.type === 'read'), { type: 'read', roomId, seq: 2, unread: 1 }, 'the other device hears of it');
  phone.close();
  laptop.close();
});

t.test('one resume frame for several rooms: access in one go, replays per room, unknown rooms reported', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const rooms = await Promise.all([0, 1, 2].map(() => makeCircle(app.database, [a.id])));
  for (const [i, r] of rooms.entries()) for (let n = 0; n <= i; n++) await app.chat.send(a.id, { roomId: r.id, clientMsgId: `m${n}`, body: `room ${i} #${n}` });
  const s = await openSocket(url.ws, a.token);
  const stranger = randomUUID();
  s.send({ type: 'resume', rooms: [...rooms.map((r) => ({ roomId: r.id, sinceSeq: 0 })), { roomId: stranger, sinceSeq: 0 }] });
  const resumed = await s.next((f) => f.type === 'resumed');
  t.same(
    resumed.rooms.map((r: { status: string; lastSeq?: number }) => [r.status, r.lastSeq]),
    [
      ['subscribed', 1],
      ['subscribed', 2],
      ['subscribed', 3],
      ['not_found', undefined],
    ],
  );
  t.equal(s.frames.filter((f) => f.type === 'message').length, 6, 'every message of every room replayed');
  s.close();
});

t.test(
  'a connection dropped under a waiting send is retried inside the server: the send is acked, stored once, no INTERNAL',
  { skip: testDatabaseUrl() ? false : 'PGlite runs inside the server process: there is no database connection to drop' },
  async (t) => {
    // A pool of its own under a name of its own: only this test's connections are cut (other test processes share the database).
    const name = `pp-test-drop-${randomUUID().slice(0, 8)}`;
    const dbUrl = new URL(testDatabaseUrl()!);
    dbUrl.searchParams.set('application_name', name);
    const database = await openDatabase({ databaseUrl: dbUrl.toString(), poolMax: 4 });
    const app = await buildApp({ config: loadConfig({}, { ...TEST_CONFIG, ...FAST }), database, logger: pino({ level: 'silent' }) });
    await app.ready();
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    const watcher = new pg.Client({ connectionString: testDatabaseUrl() });
    t.teardown(async () => {
      await holder.end().catch(() => {});
      await watcher.end().catch(() => {});
      await app.close();
      await database.close();
    });
    await holder.connect();
    await watcher.connect();
    const url = await listen(app);
    const a = await makeMember(database);
    const { id: roomId } = await makeCircle(database, [a.id]);
    const s = await openSocket(url.ws, a.token);
    s.send({ type: 'send', roomId, clientMsgId: 'warm', body: 'the room row exists' });
    await s.next((f) => f.type === 'ack');

    // The room's row is locked elsewhere: the next send waits inside PostgreSQL, and its connection is cut right there.
    await holder.query('begin');
    await holder.query('select 1 from chat_rooms where id = $1 for update', [roomId]);
    s.send({ type: 'send', roomId, clientMsgId: 'after-drop', body: 'still works' });
    const waiting = `select pid from pg_stat_activity where datname = current_database() and application_name = $1 and wait_event_type = 'Lock'`;
    await until(async () => (await watcher.query(waiting, [name])).rowCount, 30_000);
    const cut = await watcher.query(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name = $1',
      [name],
    );
    t.ok(cut.rows.length >= 1 && cut.rows.every((r) => r.ok), `this app's ${cut.rows.length} connection(s) terminated, the waiting one among them`);
    await holder.query('rollback');

    const answer = await s.next((f) => f.ref === 'after-drop' || f.clientMsgId === 'after-drop', 30_000);
    t.match(answer, { type: 'ack', seq: 2 }, 'acked (retried on a fresh connection), not an INTERNAL error');
    const count = await watcher.query('select count(*)::int as n from chat_messages where room_id = $1', [roomId]);
    t.equal(count.rows[0].n, 2, 'stored once');
    s.close();
  },
);
