// Websocket frames: each one's success and failure paths, over real sockets.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import WebSocket from 'ws';
import type { ConfigInput } from '../../../src/config.js';
import { build, makeCircle, makeMember } from '../../helper.js';
import { listen, openSocket } from './support.js';

const FAST = { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000, CHAT_FRAME_RATE: 1000 };

async function setup(t: { teardown(fn: () => unknown): void }, overrides: ConfigInput = {}) {
  const app = await build(t, { ...FAST, ...overrides });
  const url = await listen(app);
  const a = await makeMember(app.database, { displayName: 'Ada' });
  const b = await makeMember(app.database, { displayName: 'Bo' });
  const outsider = await makeMember(app.database);
  const circle = await makeCircle(app.database, [a.id, b.id]);
  const other = await makeCircle(app.database, [outsider.id]);
  return { app, url, a, b, outsider, roomId: circle.id, otherRoom: other.id };
}

t.test('the upgrade needs a valid token: a bad one gets a plain 401, never an open socket', async (t) => {
  const { app, url, a } = await setup(t);
  const refused = (p: Promise<unknown>) => p.then(() => 'opened', (err: { statusCode?: number }) => err.statusCode);
  t.equal(await refused(openSocket(url.ws, 'x'.repeat(40))), 401, 'bad token');
  t.equal(
    await refused(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url.ws);
        ws.once('open', resolve);
        ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { statusCode: res.statusCode })));
      }),
    ),
    401,
    'no token',
  );
  const suspended = await makeMember(app.database, { status: 'suspended' });
  t.equal(await refused(openSocket(url.ws, suspended.token)), 403, 'suspended member');
  const ok = await openSocket(url.ws, a.token);
  ok.send({ type: 'ping', ref: 'p1' });
  t.same(await ok.next((f) => f.type === 'pong'), { type: 'pong', ref: 'p1' });
  ok.close();
});

t.test('subscribe, send, ack after storing, both members get the message once; a resend acks the same id and seq', async (t) => {
  const { app, url, a, b, roomId } = await setup(t);
  const sa = await openSocket(url.ws, a.token);
  const sb = await openSocket(url.ws, b.token);
  sa.send({ type: 'subscribe', roomId });
  t.match(await sa.next((f) => f.type === 'subscribed'), { roomId, lastSeq: 0 });
  t.match(await sa.next((f) => f.type === 'presence'), { roomId, online: [a.id] });
  sb.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  await sb.next((f) => f.type === 'subscribed');
  t.same((await sa.next((f) => f.type === 'presence')).online, [a.id, b.id].sort());

  sa.send({ type: 'send', roomId, clientMsgId: 'c-1', body: '  hello circle  ' });
  const ack = await sa.next((f) => f.type === 'ack');
  t.match(ack, { roomId, clientMsgId: 'c-1', seq: 1 });
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.equal(history.json().items.length, 1, 'stored before the ack');
  for (const s of [sa, sb]) t.match(await s.next((f) => f.type === 'message'), { roomId, id: ack.id, seq: 1, authorId: a.id, body: 'hello circle', clientMsgId: 'c-1', deleted: false });

  sa.send({ type: 'send', roomId, clientMsgId: 'c-1', body: 'hello circle' });
  const again = await sa.next((f) => f.type === 'ack');
  t.same([again.id, again.seq, again.createdAt], [ack.id, ack.seq, ack.createdAt]);
  sa.send({ type: 'send', roomId, clientMsgId: 'c-1', body: 'hello again' });
  t.match(await sa.next((f) => f.type === 'error'), { code: 'CONFLICT', ref: 'c-1' }, 'the same clientMsgId with another body is refused');
  sa.send({ type: 'ping' });
  await sa.next((f) => f.type === 'pong');
  t.equal(sb.frames.filter((f) => f.type === 'message').length, 1, 'no second message for a resend');
  const after = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: b.auth });
  t.equal(after.json().items.length, 1);
  t.equal(after.json().lastSeq, 1);
  sa.close();
  sb.close();
});

t.test('resume: sinceSeq replays what was missed in order, then subscribed, then live with no gap or duplicate', async (t) => {
  const { url, a, b, roomId } = await setup(t);
  const sa = await openSocket(url.ws, a.token);
  for (let i = 1; i <= 5; i++) {
    sa.send({ type: 'send', roomId, clientMsgId: `m${i}`, body: `message ${i}` });
    await sa.next((f) => f.type === 'ack');
  }
  const sb = await openSocket(url.ws, b.token);
  sb.send({ type: 'subscribe', roomId, sinceSeq: 2 });
  // Live traffic racing the replay.
  sa.send({ type: 'send', roomId, clientMsgId: 'm6', body: 'message 6' });
  sa.send({ type: 'send', roomId, clientMsgId: 'm7', body: 'message 7' });
  await sb.next((f) => f.type === 'subscribed');
  await sa.next((f) => f.type === 'ack' && f.clientMsgId === 'm7');
  sa.send({ type: 'send', roomId, clientMsgId: 'm8', body: 'message 8' });
  await sb.next((f) => f.type === 'message' && f.seq === 8);
  const seqs = sb.frames.filter((f) => f.type === 'message').map((f) => f.seq);
  t.same(seqs, [3, 4, 5, 6, 7, 8]);
  const subscribedAt = sb.frames.findIndex((f) => f.type === 'subscribed');
  t.ok(sb.frames.slice(0, subscribedAt).filter((f) => f.type === 'message').every((f, i) => f.seq === 3 + i), 'replayed frames come before subscribed');
  sa.close();
  sb.close();
});

t.test('beyond the replay cap the answer is resync_required, and nothing is subscribed', async (t) => {
  const { url, a, roomId } = await setup(t, { CHAT_REPLAY_CAP: 3 });
  const sa = await openSocket(url.ws, a.token);
  for (let i = 1; i <= 5; i++) {
    sa.send({ type: 'send', roomId, clientMsgId: `r${i}`, body: `message ${i}` });
    await sa.next((f) => f.type === 'ack');
  }
  sa.send({ type: 'subscribe', roomId, sinceSeq: 1 });
  t.same(await sa.next((f) => f.type === 'resync_required'), { type: 'resync_required', roomId, lastSeq: 5 });
  sa.send({ type: 'subscribe', roomId, sinceSeq: 9 });
  t.same(await sa.next((f) => f.type === 'resync_required'), { type: 'resync_required', roomId, lastSeq: 5 }, 'a seq from the future too');
  sa.send({ type: 'subscribe', roomId, sinceSeq: 2 });
  await sa.next((f) => f.type === 'subscribed' && f.lastSeq === 5);
  t.same(sa.frames.filter((f) => f.type === 'message').map((f) => f.seq), [3, 4, 5]);
  sa.close();
});

t.test('bad frames get an error frame in the contract shape, store nothing, and leave the socket working', async (t) => {
  const { app, url, a, roomId, otherRoom } = await setup(t);
  const s = await openSocket(url.ws, a.token);
  const cases: [unknown, string][] = [
    ['not json at all', 'INVALID_JSON'],
    [[1, 2], 'VALIDATION_FAILED'],
    [{ no: 'type' }, 'VALIDATION_FAILED'],
    [{ type: 'dance' }, 'UNKNOWN_TYPE'],
    [{ type: 'send', roomId }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId: 'nope', clientMsgId: 'x', body: 'hi' }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId, clientMsgId: 'bad id!', body: 'hi' }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId, clientMsgId: 'long', body: 'x'.repeat(4001) }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId, clientMsgId: 'blank', body: '   ' }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId, clientMsgId: 'ctl', body: 'a\u0007b' }, 'VALIDATION_FAILED'],
    [{ type: 'send', roomId: otherRoom, clientMsgId: 'theirs', body: 'hi' }, 'NOT_FOUND'],
    [{ type: 'send', roomId: randomUUID(), clientMsgId: 'nowhere', body: 'hi' }, 'NOT_FOUND'],
    [{ type: 'subscribe', roomId: otherRoom }, 'NOT_FOUND'],
    [{ type: 'subscribe', roomId, sinceSeq: -1 }, 'VALIDATION_FAILED'],
    [{ type: 'read', roomId, seq: 1.5 }, 'VALIDATION_FAILED'],
    [{ type: 'edit', roomId, id: randomUUID(), body: 'x' }, 'NOT_FOUND'],
    [{ type: 'delete', roomId, id: 'x' }, 'VALIDATION_FAILED'],
    [{ type: 'unsubscribe', roomId }, 'NOT_SUBSCRIBED'],
    [{ type: 'typing', roomId }, 'NOT_SUBSCRIBED'],
  ];
  for (const [frame, code] of cases) {
    if (typeof frame === 'string') s.sendRaw(frame);
    else s.send(frame);
    const error = await s.next((f) => f.type === 'error');
    t.equal(error.code, code, JSON.stringify(frame).slice(0, 80));
    t.same(Object.keys(error).filter((k) => k !== 'ref').sort(), ['code', 'message', 'type']);
  }
  s.sendRaw(Buffer.from([1, 2, 3]));
  t.equal((await s.next((f) => f.type === 'error')).code, 'INVALID_FRAME');
  s.send({ type: 'send', roomId, clientMsgId: 'fine', body: 'still works' });
  t.match(await s.next((f) => f.type === 'ack'), { seq: 1 });
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.same(history.json().items.map((m: { body: string }) => m.body), ['still works'], 'nothing stored by the bad frames');
  s.close();
});

t.test('a 1 MB frame closes the socket with 1009 and stores nothing', async (t) => {
  const { app, url, a, roomId } = await setup(t);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'send', roomId, clientMsgId: 'huge', body: 'x'.repeat(1024 * 1024) });
  t.equal((await s.closed()).code, 1009);
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.equal(history.json().items.length, 0);
});

t.test('edits and deletes by the author are broadcast; others get FORBIDDEN; a tombstone keeps the seq', async (t) => {
  const { app, url, a, b, roomId } = await setup(t);
  const sa = await openSocket(url.ws, a.token);
  const sb = await openSocket(url.ws, b.token);
  for (const s of [sa, sb]) {
    s.send({ type: 'subscribe', roomId, sinceSeq: 0 });
    await s.next((f) => f.type === 'subscribed');
  }
  sa.send({ type: 'send', roomId, clientMsgId: 'e1', body: 'draft' });
  const { id } = await sa.next((f) => f.type === 'ack');
  sb.send({ type: 'edit', roomId, id, body: 'not mine', ref: 'x1' });
  t.match(await sb.next((f) => f.type === 'error'), { code: 'FORBIDDEN', ref: 'x1' });
  sb.send({ type: 'delete', roomId, id });
  t.match(await sb.next((f) => f.type === 'error'), { code: 'FORBIDDEN' });

  sa.send({ type: 'edit', roomId, id, body: 'final', ref: 'e' });
  t.match(await sa.next((f) => f.type === 'ok'), { op: 'edit', roomId, id, seq: 1, ref: 'e' });
  t.match(await sb.next((f) => f.type === 'message_updated'), { roomId, id, seq: 1, body: 'final' });
  sa.send({ type: 'delete', roomId, id });
  t.match(await sa.next((f) => f.type === 'ok'), { op: 'delete', id });
  t.same(await sb.next((f) => f.type === 'message_deleted'), { type: 'message_deleted', roomId, id, seq: 1, eventSeq: 3 });
  sa.send({ type: 'edit', roomId, id, body: 'again' });
  t.match(await sa.next((f) => f.type === 'error'), { code: 'NOT_FOUND' });

  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: b.auth });
  t.match(history.json().items, [{ id, seq: 1, body: null, deleted: true }]);
  const sc = await openSocket(url.ws, b.token);
  sc.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  t.match(await sc.next((f) => f.type === 'message'), { id, seq: 1, body: null, deleted: true }, 'replay sends the tombstone');
  for (const s of [sa, sb, sc]) s.close();
});

t.test('typing reaches the others, not the typist; repeats are throttled and a flood is an error', async (t) => {
  const { url, a, b, roomId } = await setup(t, { CHAT_TYPING_INTERVAL_MS: 60_000 });
  const sa = await openSocket(url.ws, a.token);
  const sb = await openSocket(url.ws, b.token);
  for (const s of [sa, sb]) {
    s.send({ type: 'subscribe', roomId });
    await s.next((f) => f.type === 'subscribed');
  }
  sa.send({ type: 'typing', roomId });
  t.same(await sb.next((f) => f.type === 'typing'), { type: 'typing', roomId, memberId: a.id });
  for (let i = 0; i < 25; i++) sa.send({ type: 'typing', roomId });
  t.match(await sa.next((f) => f.type === 'error'), { code: 'RATE_LIMITED' });
  sa.send({ type: 'ping' });
  await sa.next((f) => f.type === 'pong');
  t.equal(sb.frames.filter((f) => f.type === 'typing').length, 1, 'throttled');
  t.equal(sa.frames.filter((f) => f.type === 'typing').length, 0, 'never echoed to the typist');
  sa.close();
  sb.close();
});

t.test('a flood of frames is rate limited, then closed as abusive', async (t) => {
  const { url, a } = await setup(t, { CHAT_FRAME_RATE: 5 });
  const s = await openSocket(url.ws, a.token);
  for (let i = 0; i < 200; i++) s.send({ type: 'ping' });
  t.equal((await s.closed()).code, 1008);
  t.ok(s.frames.some((f) => f.type === 'error' && f.code === 'RATE_LIMITED'));
});

t.test('the per-member send rate limit answers RATE_LIMITED and stores nothing', async (t) => {
  const { app, url, a, roomId } = await setup(t, { CHAT_SEND_RATE: 0.01, CHAT_SEND_BURST: 2 });
  const s = await openSocket(url.ws, a.token);
  for (let i = 0; i < 3; i++) s.send({ type: 'send', roomId, clientMsgId: `rl${i}`, body: 'hi' });
  await s.next((f) => f.type === 'ack');
  await s.next((f) => f.type === 'ack');
  t.match(await s.next((f) => f.type === 'error'), { code: 'RATE_LIMITED', ref: 'rl2' });
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.equal(history.json().items.length, 2);
  s.close();
});

t.test('read markers are stored (never moving back) and unread counts follow', async (t) => {
  const { app, url, a, b, roomId } = await setup(t);
  const sa = await openSocket(url.ws, a.token);
  for (let i = 1; i <= 3; i++) {
    sa.send({ type: 'send', roomId, clientMsgId: `u${i}`, body: `m${i}` });
    await sa.next((f) => f.type === 'ack');
  }
  const sb = await openSocket(url.ws, b.token);
  const rooms = async () => (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: b.auth })).json().items.find((r: { roomId: string }) => r.roomId === roomId);
  t.match(await rooms(), { roomId, kind: 'circle', lastSeq: 3, readSeq: 0, unread: 3 });
  sb.send({ type: 'read', roomId, seq: 2 });
  t.match(await sb.next((f) => f.type === 'ok'), { op: 'read', roomId, seq: 2 });
  sb.send({ type: 'read', roomId, seq: 1 });
  t.match(await sb.next((f) => f.type === 'ok'), { seq: 2 }, 'never back');
  sb.send({ type: 'read', roomId, seq: 99 });
  t.match(await sb.next((f) => f.type === 'ok'), { seq: 3 }, 'clamped to the last seq');
  t.match(await rooms(), { readSeq: 3, unread: 0 });
  const counts = await app.chat.unreadCounts(a.id);
  t.equal(counts.get(roomId), 0, 'own messages are never unread');
  sa.close();
  sb.close();
});

t.test('the server pings, and ends a socket that stops answering', async (t) => {
  const { url, a } = await setup(t, { CHAT_PING_INTERVAL_MS: 250 });
  const ws = new WebSocket(`${url.ws}?token=${a.token}`, { autoPong: false });
  // Counted from the start: a ping that arrives with the upgrade response is emitted before an `await` on 'open' resumes.
  let pings = 0;
  ws.on('ping', () => pings++);
  await new Promise((resolve) => ws.once('open', resolve));
  const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
  t.ok(pings >= 1);
  t.equal(code, 1006, 'terminated, no close handshake');

  // A socket that answers must have its pong back before the next heartbeat: a longer interval than above, so a loaded
  // machine's scheduling delay is not taken for silence. It stays through three pings (two checks of its answer).
  const steady = await setup(t, { CHAT_PING_INTERVAL_MS: 1000 });
  const healthy = await openSocket(steady.url.ws, steady.a.token);
  let answered = 0;
  const closedEarly = new Promise<string>((resolve) => healthy.ws.once('close', (c) => resolve(`closed with ${c}`)));
  const threePings = new Promise<string>((resolve) =>
    healthy.ws.on('ping', () => {
      if (++answered === 3) resolve('three pings');
    }),
  );
  t.equal(await Promise.race([threePings, closedEarly]), 'three pings');
  t.equal(healthy.ws.readyState, WebSocket.OPEN, 'a socket that answers stays');
  healthy.close();
});

t.test('graceful shutdown closes sockets with 1012', async (t) => {
  const { app, url, a, roomId } = await setup(t);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId });
  await s.next((f) => f.type === 'subscribed');
  const closing = s.closed();
  await app.close();
  t.equal((await closing).code, 1012);
});
