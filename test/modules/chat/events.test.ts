// Domain events acted on by chat: removal from a circle, suspension, moderation hide/restore; presence; slow consumers.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { circleMembers, members } from '../../../src/db/schema/index.js';
import { WriteCoalescer } from '../../../src/modules/chat/coalesce.js';
import { Connection } from '../../../src/modules/chat/connection.js';
import { TokenBucket } from '../../../src/modules/chat/rate-limit.js';
import { build, makeCircle, makeMember } from '../../helper.js';
import { listen, openSocket } from './support.js';

const FAST = { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 };

t.test('removal from a circle ends the subscription at once, and sending afterwards stores nothing', async (t) => {
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
  await app.database.db
    .update(circleMembers)
    .set({ status: 'removed', removedAt: new Date() })
    .where(and(eq(circleMembers.circleId, roomId), eq(circleMembers.memberId, b.id)));
  app.events.emit('circle.member_removed', { circleId: roomId, memberId: b.id });
  t.same(await sb.next((f) => f.type === 'unsubscribed'), { type: 'unsubscribed', roomId, reason: 'removed' });
  t.same((await sa.next((f) => f.type === 'presence' && f.online.length === 1)).online, [a.id], 'the others see them leave');
  sb.send({ type: 'send', roomId, clientMsgId: 'after', body: 'still here?' });
  t.match(await sb.next((f) => f.type === 'error'), { code: 'NOT_FOUND', ref: 'after' });
  sb.send({ type: 'subscribe', roomId });
  t.match(await sb.next((f) => f.type === 'error'), { code: 'NOT_FOUND' });
  sa.send({ type: 'send', roomId, clientMsgId: 'ok', body: 'bye Bo' });
  await sa.next((f) => f.type === 'message');
  sb.send({ type: 'ping' });
  await sb.next((f) => f.type === 'pong');
  t.equal(sb.frames.filter((f) => f.type === 'message').length, 0, 'no traffic after removal');
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.same(history.json().items.map((m: { body: string }) => m.body), ['bye Bo']);
  sa.close();
  sb.close();
});

t.test('a suspension closes all of the member’s sockets with 4003', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const s1 = await openSocket(url.ws, a.token);
  const s2 = await openSocket(url.ws, a.token);
  await app.database.db.update(members).set({ status: 'suspended' }).where(eq(members.id, a.id));
  app.events.emit('member.suspended', { memberId: a.id });
  t.equal((await s1.closed()).code, 4003);
  t.equal((await s2.closed()).code, 4003);
  const again = await openSocket(url.ws, a.token).then(
    () => 'opened',
    (err: { statusCode?: number }) => err.statusCode,
  );
  t.equal(again, 403, 'and cannot come back');
});

t.test('moderation hide and restore reach live sockets as message_deleted and message_updated', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId });
  await s.next((f) => f.type === 'subscribed');
  s.send({ type: 'send', roomId, clientMsgId: 'h', body: 'borderline' });
  const { id } = await s.next((f) => f.type === 'ack');
  await app.chat.setMessageHidden(id, true, 'spam');
  app.events.emit('message.hidden', { roomId, messageId: id });
  t.same(await s.next((f) => f.type === 'message_deleted'), { type: 'message_deleted', roomId, id, seq: 1, eventSeq: 2 });
  await app.chat.setMessageHidden(id, false, null);
  app.events.emit('message.restored', { roomId, messageId: id });
  t.match(await s.next((f) => f.type === 'message_updated'), { roomId, id, seq: 1, body: 'borderline' });
  s.close();
});

t.test('circle.created makes the room; presence lists each member once across their sockets', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  app.events.emit('circle.created', { circleId: roomId, memberIds: [a.id, b.id] });
  const a1 = await openSocket(url.ws, a.token);
  const a2 = await openSocket(url.ws, a.token);
  const b1 = await openSocket(url.ws, b.token);
  a1.send({ type: 'subscribe', roomId });
  await a1.next((f) => f.type === 'presence');
  a2.send({ type: 'subscribe', roomId });
  t.same((await a2.next((f) => f.type === 'presence')).online, [a.id]);
  b1.send({ type: 'subscribe', roomId });
  t.same((await a1.next((f) => f.type === 'presence')).online, [a.id, b.id].sort());
  a2.close();
  b1.send({ type: 'ping' });
  await b1.next((f) => f.type === 'pong');
  const res = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/presence`, headers: b.auth });
  t.same(res.json().online, [a.id, b.id].sort(), 'a is still online through the other socket');
  a1.close();
  t.same((await b1.next((f) => f.type === 'presence')).online, [b.id]);
  b1.close();
});

t.test('a slow consumer (more than the buffered limit queued) is closed with 1013', async (t) => {
  const closes: [number, string][] = [];
  const fake = {
    bufferedAmount: 0,
    sent: 0,
    on() {},
    send() {
      this.sent++;
      this.bufferedAmount += 600 * 1024;
    },
    close(code: number, reason: string) {
      closes.push([code, reason]);
    },
    terminate() {},
  };
  const host = { maxBufferedBytes: 1024 * 1024, typingIntervalMs: 1000, coalescer: new WriteCoalescer(), handle: async () => {}, typing() {}, closed() {}, logError() {} };
  const identity = { memberId: 'm', role: 'member' as const, sessionId: 's', status: 'active' as const, displayName: 'x' };
  const conn = new Connection(fake as never, identity, new TokenBucket(10, 10), host);
  conn.sendRaw('a');
  t.equal(closes.length, 0);
  conn.sendRaw('b');
  t.same(closes, [[1013, 'slow consumer: resume later']]);
  conn.sendRaw('c');
  t.equal(fake.sent, 2, 'nothing more is queued for it');
});
