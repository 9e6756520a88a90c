// Hide and restore: a hidden chat message is gone for members (history, unread counts, live sockets) and marked for admins.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { listen, openSocket } from '../chat/support.js';
import { auditFor, FAST, history, roomWithMessage } from './support.js';

const content = (app: Awaited<ReturnType<typeof build>>, who: { auth: Record<string, string> }, verb: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/content/${verb}`, headers: who.auth, payload });

t.test('a hidden message leaves history, unread counts and live sockets for members; admins see it marked; restore brings it back', async (t) => {
  const app = await build(t, FAST);
  const url = await listen(app);
  const admin = await makeAdmin(app.database);
  const [author, peer] = [await makeMember(app.database), await makeMember(app.database)];
  const { roomId, messageId } = await roomWithMessage(app, author, [peer], 'rude words');
  const socket = await openSocket(url.ws, peer.token);
  socket.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  await socket.next((f) => f.type === 'subscribed');

  const res = await content(app, admin, 'hide', { targetType: 'message', targetId: messageId, reason: 'rude' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { targetType: 'message', targetId: messageId, state: 'hidden', autoHidden: false, reason: 'rude' });
  t.match(await socket.next((f) => f.type === 'message_deleted'), { roomId, id: messageId }, 'connected sockets hear of it');
  t.match((await history(app, roomId, peer))[0], { id: messageId, body: null, deleted: true });
  t.notMatch(JSON.stringify(await history(app, roomId, author)), /rude words/, 'gone for its author too');
  t.match((await history(app, roomId, admin))[0], { id: messageId, body: 'rude words', hidden: true });
  const rooms = (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: peer.auth })).json().items;
  t.equal(rooms.find((r: { roomId: string }) => r.roomId === roomId).unread, 0, 'not counted as unread');

  const fresh = await openSocket(url.ws, peer.token);
  fresh.send({ type: 'subscribe', roomId, sinceSeq: 0 });
  await fresh.next((f) => f.type === 'subscribed');
  t.notMatch(JSON.stringify(fresh.frames), /rude words/, 'a replay does not carry it');

  const back = await content(app, admin, 'restore', { targetType: 'message', targetId: messageId, reason: 'on reflection fine' });
  t.match(back.json(), { state: 'visible' });
  t.match(await socket.next((f) => f.type === 'message_updated'), { id: messageId, body: 'rude words' });
  t.match((await history(app, roomId, peer))[0], { body: 'rude words', deleted: false });
  t.same((await auditFor(app.database, messageId)).map((e) => [e.action, e.actorId, e.reason]), [
    ['content.hide', admin.id, 'rude'],
    ['content.restore', admin.id, 'on reflection fine'],
  ]);
  socket.close();
  fresh.close();
});

t.test('hide/restore refuse: already hidden, not hidden, unknown id, deleted by the author, bad kinds, members', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [author, peer] = [await makeMember(app.database), await makeMember(app.database)];
  const { roomId, messageId } = await roomWithMessage(app, author, [peer]);
  const body = { targetType: 'message', targetId: messageId, reason: 'r' };
  t.match((await content(app, admin, 'restore', body)).json(), { statusCode: 409, code: 'NOT_HIDDEN' });
  t.equal((await content(app, admin, 'hide', body)).statusCode, 200);
  t.match((await content(app, admin, 'hide', body)).json(), { statusCode: 409, code: 'ALREADY_HIDDEN' });
  t.match((await content(app, peer, 'hide', body)).json(), { statusCode: 403, code: 'FORBIDDEN' });
  t.match((await content(app, peer, 'restore', body)).json(), { statusCode: 403, code: 'FORBIDDEN' });
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/admin/content/hide', payload: body })).statusCode, 401);
  for (const targetType of ['message', 'question', 'answer', 'reply']) {
    t.match((await content(app, admin, 'hide', { targetType, targetId: randomUUID(), reason: 'r' })).json(), { statusCode: 404, code: 'NOT_FOUND' }, targetType);
  }
  for (const payload of [{ ...body, targetType: 'member' }, { ...body, reason: '' }, { targetType: 'message', targetId: messageId }, { ...body, targetId: 'x' }]) {
    t.match((await content(app, admin, 'hide', payload)).json(), { statusCode: 400, code: 'VALIDATION_FAILED' }, JSON.stringify(payload));
  }
  t.equal((await auditFor(app.database, messageId)).length, 1, 'only the one real hide is logged');

  const own = await roomWithMessage(app, author, [peer], 'oops');
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/rooms/${own.roomId}/messages/${own.messageId}`, headers: author.auth })).statusCode, 204);
  t.match((await content(app, admin, 'hide', { targetType: 'message', targetId: own.messageId, reason: 'r' })).json(), { statusCode: 409, code: 'CONTENT_REMOVED' });
  t.equal((await auditFor(app.database, own.messageId)).length, 0);
  t.ok(roomId);
});
