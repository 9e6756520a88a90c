// The typed client: resume and resend across reconnects, resync over HTTP, and a bounded chaos run (20 clients, 3 rooms).
import { sql } from 'drizzle-orm';
import t from 'tap';
import WebSocket from 'ws';
import { ChatClient, type SocketLike } from '../../../src/client/index.js';
import type { AckFrame } from '../../../src/client/protocol.js';
import { build, makeCircle, makeMember, type TestMember } from '../../helper.js';
import { listen, sleep, until } from './support.js';

const FAST = { CHAT_SEND_RATE: 10_000, CHAT_SEND_BURST: 10_000, CHAT_FRAME_RATE: 10_000 };

/** A client whose current socket the test can cut, recording every raw message frame (before the client's own guard). */
function testClient(url: string, member: TestMember) {
  let current: WebSocket | null = null;
  const raw = new Map<string, number[]>();
  const client = new ChatClient({
    url,
    token: member.token,
    backoff: { initialMs: 10, maxMs: 100 },
    pingIntervalMs: 0,
    socket: (u) => {
      current = new WebSocket(u);
      current.on('error', () => {});
      return current as unknown as SocketLike;
    },
  });
  client.on('frame', (f) => {
    if (f.type !== 'message') return;
    let list = raw.get(f.roomId);
    if (!list) raw.set(f.roomId, (list = []));
    list.push(f.seq);
  });
  return { client, raw, cut: () => current?.terminate() };
}

t.test('the client acks sends, resumes after a cut from its last seq and resends unacked messages once', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  const ca = testClient(url.ws, a);
  const cb = testClient(url.ws, b);
  t.teardown(() => {
    ca.client.close();
    cb.client.close();
  });
  for (const c of [ca, cb]) {
    c.client.subscribe(roomId, 0);
    c.client.connect();
  }
  await until(() => ca.client.connected && cb.client.connected);
  const first = await ca.client.send(roomId, 'one');
  t.match(first, { type: 'ack', roomId, seq: 1 });
  await until(() => cb.client.lastSeq(roomId) === 1);
  cb.cut();
  const sends = [ca.client.send(roomId, 'two'), ca.client.send(roomId, 'three')];
  ca.cut(); // the sends may or may not have left; the client resends them with the same clientMsgIds
  const acks = await Promise.all(sends);
  t.same(acks.map((x) => x.seq).sort(), [2, 3]);
  await until(() => cb.client.lastSeq(roomId) === 3 && ca.client.lastSeq(roomId) === 3);
  t.same(cb.raw.get(roomId), [1, 2, 3], 'each message once, in order, across the cut');
  const stored = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.same(stored.json().items.map((m: { body: string }) => m.body).slice(1).sort(), ['three', 'two']);
  t.equal(stored.json().items.length, 3, 'no doubles after resending');
});

t.test('told to resync, the client pages history over HTTP and then subscribes from there', async (t) => {
  const app = await build(t, { ...FAST, CHAT_REPLAY_CAP: 5 });
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  for (let i = 1; i <= 130; i++) await app.chat.send(a.id, { roomId, clientMsgId: `bulk-${i}`, body: `m${i}` });
  const cb = testClient(url.ws, b);
  t.teardown(() => cb.client.close());
  const bodies: string[] = [];
  cb.client.on('message', (m) => bodies.push(m.body ?? ''));
  cb.client.subscribe(roomId, 0);
  cb.client.connect();
  await until(() => cb.client.lastSeq(roomId) === 130, 10_000);
  await until(() => cb.client.connected);
  await app.chat.send(a.id, { roomId, clientMsgId: 'live', body: 'live one' });
  await until(() => cb.client.lastSeq(roomId) === 131);
  t.equal(bodies.length, 131);
  t.equal(bodies[0], 'm1');
  t.equal(bodies[130], 'live one');
});

t.test('chaos: 20 clients in 3 rooms, random cuts while sending; everyone ends with every acked message exactly once, in order', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const people = await Promise.all(Array.from({ length: 20 }, () => makeMember(app.database)));
  const groups = [people.slice(0, 7), people.slice(7, 14), people.slice(14, 20)];
  // The first of each group also sits in the next room: members of two rooms at once.
  const rooms = await Promise.all(groups.map((g, i) => makeCircle(app.database, [...g, groups[(i + 1) % 3]![0]!].map((p) => p.id))));
  const roomsOf = new Map<string, string[]>();
  groups.forEach((g, i) => g.forEach((p) => roomsOf.set(p.id, [rooms[i]!.id])));
  groups.forEach((_, i) => roomsOf.get(groups[(i + 1) % 3]![0]!.id)!.push(rooms[i]!.id));
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const clients = people.map((p) => ({ member: p, ...testClient(url.ws, p) }));
  t.teardown(() => clients.forEach((c) => c.client.close()));
  for (const c of clients) {
    for (const r of roomsOf.get(c.member.id)!) c.client.subscribe(r, 0);
    c.client.connect();
  }
  await until(() => clients.every((c) => c.client.connected), 10_000);

  const acks: AckFrame[] = [];
  let cuts = 0;
  const PER_CLIENT = 12;
  await Promise.all(
    clients.map(async (c, i) => {
      const mine: Promise<AckFrame>[] = [];
      for (let n = 0; n < PER_CLIENT; n++) {
        const myRooms = roomsOf.get(c.member.id)!;
        mine.push(c.client.send(myRooms[n % myRooms.length]!, `client ${i} message ${n}`));
        if (random() < 0.15) {
          c.cut();
          cuts++;
        }
        await sleep(Math.floor(random() * 15));
      }
      acks.push(...(await Promise.all(mine)));
    }),
  );
  t.equal(acks.length, 20 * PER_CLIENT, 'every send acked');
  t.ok(cuts >= 10, `connections were cut (${cuts})`);

  const counts = await app.database.db.execute(
    sql`select room_id as "roomId", count(*)::int as n, max(seq)::int as "maxSeq" from chat_messages where room_id in (${sql.join(
      rooms.map((r) => sql`${r.id}`),
      sql`, `,
    )}) group by room_id`,
  );
  const byRoom = new Map((counts as unknown as { rows: { roomId: string; n: number; maxSeq: number }[] }).rows.map((r) => [r.roomId, r]));
  t.equal([...byRoom.values()].reduce((s, r) => s + r.n, 0), acks.length, 'stored exactly once each');
  for (const r of byRoom.values()) t.equal(r.maxSeq, r.n, 'seqs without gaps');

  await until(() => clients.every((c) => roomsOf.get(c.member.id)!.every((r) => c.client.lastSeq(r) === byRoom.get(r)!.maxSeq)), 20_000);
  const ackedSeqs = new Map<string, Set<number>>();
  for (const a of acks) {
    if (!ackedSeqs.has(a.roomId)) ackedSeqs.set(a.roomId, new Set());
    ackedSeqs.get(a.roomId)!.add(a.seq);
  }
  let perfect = 0;
  for (const c of clients) {
    for (const r of roomsOf.get(c.member.id)!) {
      const got = c.raw.get(r) ?? [];
      const expected = Array.from({ length: byRoom.get(r)!.maxSeq }, (_, k) => k + 1);
      if (JSON.stringify(got) === JSON.stringify(expected) && [...ackedSeqs.get(r)!].every((s) => got.includes(s))) perfect++;
      else t.fail(`client ${c.member.id} room ${r}: got ${got.length} frames, expected ${expected.length}`);
    }
  }
  t.equal(perfect, 23, 'every member of every room: every message exactly once, in seq order');
});

t.test('a member of many rooms resumes all of them with one frame, well inside a tight frame rate', async (t) => {
  const app = await build(t, { ...FAST, CHAT_FRAME_RATE: 2 });
  const url = await listen(app);
  const a = await makeMember(app.database);
  const rooms = await Promise.all(Array.from({ length: 15 }, () => makeCircle(app.database, [a.id])));
  const ca = testClient(url.ws, a);
  t.teardown(() => ca.client.close());
  const subscribed = new Set<string>();
  const refused: string[] = [];
  const sent: string[] = [];
  ca.client.on('subscribed', (s) => subscribed.add(s.roomId));
  ca.client.on('error', (e) => refused.push(e.code));
  const resumed = new Promise<{ rooms: { roomId: string; status: string }[] }>((resolve) => ca.client.on('resumed', resolve));
  for (const r of rooms) ca.client.subscribe(r.id);
  ca.client.on('open', () => sent.push('open'));
  ca.client.connect();
  const summary = await resumed;
  await until(() => subscribed.size === rooms.length, 15_000);
  t.equal(summary.rooms.length, 15);
  t.ok(summary.rooms.every((r) => r.status === 'subscribed'));
  t.same(refused, [], 'nothing refused: one frame, not fifteen');
  t.equal(subscribed.size, 15);
});
