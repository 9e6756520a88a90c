// Events other modules rely on chat to deliver: ended sessions, notifications, closed circles, system messages, socket caps.
import t from 'tap';
import { build, makeCircle, makeMember } from '../../helper.js';
import { createSession, findSession } from '../../../src/modules/auth/sessions.repo.js';
import { listen, openSocket, until } from './support.js';

const FAST = { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 };

t.test('session.ended closes only the sockets opened with that session (4001); without a session id, all of the member’s', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const other = await createSession(app.database.db, a.id, 1);
  const s1 = await openSocket(url.ws, a.token);
  const s2 = await openSocket(url.ws, other);
  const { sessionId } = (await findSession(app.database.db, other))!;
  t.same([...app.chatGateway.sockets.of(a.id)].map((c) => c.sessionId).includes(sessionId), true, 'each socket remembers its session');
  const started = Date.now();
  app.events.emit('session.ended', { memberId: a.id, sessionId });
  t.equal((await s2.closed(2000)).code, 4001);
  t.ok(Date.now() - started < 1000, 'within a second');
  s1.send({ type: 'ping' });
  await s1.next((f) => f.type === 'pong');
  t.pass('the socket of the other session stays open');
  app.events.emit('session.ended', { memberId: a.id });
  t.equal((await s1.closed(2000)).code, 4001, 'no session id: every socket of the member');
});

t.test('notification.created reaches every open socket of the member, and only theirs', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const s1 = await openSocket(url.ws, a.token);
  const s2 = await openSocket(url.ws, a.token);
  const sb = await openSocket(url.ws, b.token);
  const notification = { id: '0b9f8e0e-1111-4c4c-9c9c-222233334444', kind: 'meeting.scheduled', data: { circleId: 'c' }, createdAt: new Date().toISOString() };
  app.events.emit('notification.created', { memberId: a.id, notification });
  for (const s of [s1, s2]) t.same(await s.next((f) => f.type === 'notification'), { type: 'notification', ...notification });
  sb.send({ type: 'ping' });
  await sb.next((f) => f.type === 'pong');
  t.equal(sb.frames.filter((f) => f.type === 'notification').length, 0);
  for (const s of [s1, s2, sb]) s.close();
});

t.test('circle.closed makes the room read-only: sends refused (ROOM_CLOSED / 409), history still readable', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId });
  await s.next((f) => f.type === 'subscribed');
  s.send({ type: 'send', roomId, clientMsgId: 'before', body: 'last words' });
  const ack = await s.next((f) => f.type === 'ack');
  app.events.emit('circle.closed', { circleId: roomId });
  t.same(await s.next((f) => f.type === 'room_closed'), { type: 'room_closed', roomId });
  s.send({ type: 'send', roomId, clientMsgId: 'after', body: 'anyone?' });
  t.match(await s.next((f) => f.type === 'error'), { code: 'ROOM_CLOSED', ref: 'after' });
  s.send({ type: 'edit', roomId, id: ack.id, body: 'edited' });
  t.match(await s.next((f) => f.type === 'error'), { code: 'ROOM_CLOSED' });
  const http = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth, payload: { clientMsgId: 'h', body: 'x' } });
  t.equal(http.statusCode, 409);
  t.equal(http.json().code, 'ROOM_CLOSED');
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.same(history.json().items.map((m: { body: string }) => m.body), ['last words']);
  const rooms = (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth })).json();
  t.match(rooms.items.find((r: { roomId: string }) => r.roomId === roomId), { closed: true });
  const system = await app.chat.postSystemMessage(roomId, 'The circle has closed. Thank you!');
  t.equal(system.seq, ack.seq + 1, 'a system message still goes into a closed room');
  s.close();
});

t.test('postSystemMessage: no author, system: true, the room’s next seq, delivered live and in history', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const a = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  // The room was never used: the system message makes it.
  const first = await app.chat.postSystemMessage(roomId, 'Meeting scheduled for Thursday 9:00', { meetingId: 'm-1', change: 'scheduled' });
  t.match(first, { roomId, seq: 1, authorId: null, kind: 'system' });
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  t.match(await s.next((f) => f.type === 'message'), { seq: 1, authorId: null, system: true, meta: { meetingId: 'm-1' }, body: 'Meeting scheduled for Thursday 9:00' });
  await s.next((f) => f.type === 'subscribed');
  s.send({ type: 'send', roomId, clientMsgId: 'u1', body: 'see you' });
  await s.next((f) => f.type === 'ack');
  await app.chat.postSystemMessage(roomId, 'Meeting moved to Friday', { meetingId: 'm-1', change: 'moved' });
  t.match(await s.next((f) => f.type === 'message' && f.system === true && f.seq === 3), { body: 'Meeting moved to Friday', authorId: null });
  const history = (await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth })).json();
  t.same(
    history.items.map((m: { seq: number; system?: boolean }) => [m.seq, m.system === true]),
    [
      [1, true],
      [2, false],
      [3, true],
    ],
  );
  const rooms = (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth })).json();
  t.match(rooms.items.find((r: { roomId: string }) => r.roomId === roomId), { unread: 2 }, 'system messages count as unread');
  s.close();
});

t.test('a member over CHAT_MAX_SOCKETS_PER_MEMBER is refused with 429 before the upgrade', async (t) => {
  // A bus channel of its own: on a shared PostgreSQL test database, other test processes' apps are live processes on the
  // default channel, and the cap is shared among the live processes (two processes would give each a cap of one).
  const app = await build(t, { ...FAST, CHAT_MAX_SOCKETS_PER_MEMBER: 2, CHAT_BUS_CHANNEL: `test_cap_${process.pid}_${Date.now()}` });
  t.equal(app.chatGateway.socketLimit(), 2, 'this process is alone on its channel: the whole cap is its own');
  const url = await listen(app);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const s1 = await openSocket(url.ws, a.token);
  const s2 = await openSocket(url.ws, a.token);
  const third = await openSocket(url.ws, a.token).then(
    () => 'opened',
    (err: { statusCode?: number }) => err.statusCode,
  );
  t.equal(third, 429);
  const sb = await openSocket(url.ws, b.token);
  t.pass('another member is not affected');
  s1.close();
  await until(() => app.chatGateway.socketsOf(a.id) === 1);
  const again = await openSocket(url.ws, a.token);
  t.pass('closing one makes room for another');
  for (const s of [s2, sb, again]) s.close();
});
