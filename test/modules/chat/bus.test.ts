// The bus is only a nudge: a message stored without any notification still arrives (catch-up), and a lost LISTEN
// connection reconnects and catches up. Plus the batching of bus events.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { packBatches, unpack, MAX_BATCH_BYTES, type BusEvent } from '../../../src/modules/chat/bus/types.js';
import { insertMessage } from '../../../src/modules/chat/messages.repo.js';
import { testDatabaseUrl } from '../../support/database.js';
import { build, makeCircle, makeMember } from '../../helper.js';
import { listen, openSocket } from './support.js';

t.test('a message stored with no nudge at all reaches live sockets through the catch-up timer', async (t) => {
  const app = await build(t, { CHAT_CATCHUP_MS: 100 });
  const url = await listen(app);
  const a = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  await s.next((f) => f.type === 'subscribed');
  // Written straight to the database, as another process whose NOTIFY was lost would have.
  await insertMessage(app.database, { id: randomUUID(), roomId, authorId: a.id, clientMsgId: 'silent', body: 'nobody told you' });
  t.match(await s.next((f) => f.type === 'message', 3000), { seq: 1, body: 'nobody told you' });
  s.close();
});

t.test('bus batches: message nudges collapse per room, payloads stay under the NOTIFY limit, junk is ignored', async (t) => {
  const events: BusEvent[] = [
    { t: 'm', r: 'a', s: 1 },
    { t: 'm', r: 'a', s: 3 },
    { t: 'm', r: 'b', s: 2 },
    ...Array.from({ length: 300 }, (_, i): BusEvent => ({ t: 'ty', r: `room-${i}`, m: `member-${i}` })),
  ];
  const batches = packBatches('node-1', events);
  t.ok(batches.length > 1);
  t.ok(batches.every((b) => b.length <= MAX_BATCH_BYTES));
  const all = batches.flatMap(unpack);
  t.same(all.filter((e) => e.t === 'm'), [
    { t: 'm', r: 'a', s: 3, o: 'node-1' },
    { t: 'm', r: 'b', s: 2, o: 'node-1' },
  ]);
  t.equal(all.filter((e) => e.t === 'ty').length, 300);
  t.same(unpack('not json'), []);
  t.same(unpack('{"t":"m"}'), []);
  t.same(unpack('[{"t":"m"},1,null]'), []);
});

t.test('two apps on PostgreSQL LISTEN/NOTIFY: live across them, and a killed LISTEN connection reconnects and catches up', { skip: testDatabaseUrl() ? false : 'needs PostgreSQL (set TEST_DATABASE_URL)' }, async (t) => {
  const settings = { CHAT_BUS: 'postgres', CHAT_CATCHUP_MS: 600_000, CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 };
  const one = await build(t, settings);
  const two = await build(t, settings);
  const url2 = await listen(two);
  const a = await makeMember(one.database);
  const b = await makeMember(one.database);
  const { id: roomId } = await makeCircle(one.database, [a.id, b.id]);
  const sb = await openSocket(url2.ws, b.token);
  sb.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  await sb.next((f) => f.type === 'subscribed');
  await one.chat.send(a.id, { roomId, clientMsgId: 'n1', body: 'via NOTIFY' });
  t.match(await sb.next((f) => f.type === 'message'), { seq: 1, body: 'via NOTIFY' });

  const name = `pp-chat-bus:${two.chatGateway.nodeId}`;
  const killed = await two.database.db.execute(sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = ${name}`);
  t.equal((killed as unknown as { rows: unknown[] }).rows.length, 1, 'killed the listener of the second app');
  // Sent while the second app cannot hear: its NOTIFY is lost for good.
  await one.chat.send(a.id, { roomId, clientMsgId: 'n2', body: 'while deaf' });
  t.match(await sb.next((f) => f.type === 'message', 8000), { seq: 2, body: 'while deaf' }, 'caught up after reconnecting');
  await one.chat.send(a.id, { roomId, clientMsgId: 'n3', body: 'after' });
  t.match(await sb.next((f) => f.type === 'message', 5000), { seq: 3 });
  sb.close();
});
