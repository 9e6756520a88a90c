// Moderation consistency: content a moderator hid cannot be edited or deleted by its author (HTTP and websocket),
// so the moderator's restore still works; nested unknown keys are refused like top-level ones.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeMember } from '../helper.js';
import { listen, openSocket } from '../modules/chat/support.js';
import { answer, ask, reply } from '../modules/qa/qa-helper.js';
import { roomWithMessage } from '../modules/moderation/support.js';

type App = Awaited<ReturnType<typeof build>>;
const moderate = (app: App, admin: { auth: Record<string, string> }, verb: 'hide' | 'restore', targetType: string, targetId: string) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/content/${verb}`, headers: admin.auth, payload: { targetType, targetId, reason: `${verb} for the test` } });

t.test('a hidden chat message: its author can neither delete nor edit it, and the restore works', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database);
  const peer = await makeMember(app.database);
  const { roomId, messageId } = await roomWithMessage(app, author, [peer]);
  t.equal((await moderate(app, admin, 'hide', 'message', messageId)).statusCode, 200);
  let res = await app.inject({ method: 'DELETE', url: `/api/v1/rooms/${roomId}/messages/${messageId}`, headers: author.auth });
  t.equal(res.statusCode, 404, `delete: ${res.body}`);
  res = await app.inject({ method: 'PATCH', url: `/api/v1/rooms/${roomId}/messages/${messageId}`, headers: author.auth, payload: { body: 'edited after the hide' } });
  t.equal(res.statusCode, 404, `edit: ${res.body}`);
  // Nor over the websocket.
  const { ws } = await listen(app);
  const socket = await openSocket(ws, author.token);
  t.teardown(() => socket.close());
  socket.send({ type: 'delete', roomId, id: messageId, ref: 'del-1' });
  const err = await socket.next((f) => f.ref === 'del-1');
  t.equal(err.type, 'error');
  res = await moderate(app, admin, 'restore', 'message', messageId);
  t.equal(res.statusCode, 200, `restore still works: ${res.body}`);
  const history = (await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: peer.auth })).json().items;
  t.match(history.find((m: { id: string }) => m.id === messageId), { body: 'buy my course at example.test', deleted: false }, 'back as it was');
});

t.test('hidden questions, answers and replies cannot be edited by their authors', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const author = await makeMember(app.database);
  const q = await ask(app, author);
  const other = await makeMember(app.database);
  const q2 = await ask(app, other);
  const a = await answer(app, author, q2.id);
  const r = await reply(app, author, a.id);
  for (const [kind, id, url, body] of [
    ['question', q.id, `/api/v1/questions/${q.id}`, { title: 'An edited title after hiding', body: 'x' }],
    ['answer', a.id, `/api/v1/answers/${a.id}`, { body: 'edited after hiding' }],
    ['reply', r.id, `/api/v1/replies/${r.id}`, { body: 'edited after hiding' }],
  ] as const) {
    t.equal((await moderate(app, admin, 'hide', kind, id)).statusCode, 200, `${kind} hidden`);
    const res = await app.inject({ method: 'PATCH', url, headers: author.auth, payload: body });
    t.ok([404, 409].includes(res.statusCode), `${kind}: edit refused with ${res.statusCode}`);
    t.equal((await moderate(app, admin, 'restore', kind, id)).statusCode, 200, `${kind} restored`);
  }
});

t.test('unknown keys inside nested objects are 400 like top-level ones', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  let res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload: { region: { country: 'US', state: 'Ohio', city: 'Columbus', evil: 1 } } });
  t.equal(res.statusCode, 400, res.body);
  t.match(res.json(), { code: 'VALIDATION_FAILED', message: /region/ });
  res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload: { evil: 1 } });
  t.equal(res.statusCode, 400, 'top-level, as before');
  const peer = await makeMember(app.database);
  const dm = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: m.auth, payload: { memberId: peer.id, extra: true } });
  t.equal(dm.statusCode, 400, `DM body with an unknown key: ${dm.body}`);
  const { roomId } = (await app.inject({ method: 'POST', url: '/api/v1/dms', headers: m.auth, payload: { memberId: peer.id } })).json();
  const send = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: m.auth, payload: { clientMsgId: randomUUID(), body: 'hi', extra: 1 } });
  t.equal(send.statusCode, 400, `message body with an unknown key: ${send.body}`);
});
