// Chat over HTTP: direct rooms, history paging, idempotent sends, edits, deletes, read markers, my rooms.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember } from '../../helper.js';

const FAST = { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 };

t.test('POST /dms opens one room per pair, for both sides; not with yourself or a stranger id', async (t) => {
  const app = await build(t, FAST);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const first = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: a.auth, payload: { memberId: b.id } });
  t.equal(first.statusCode, 201);
  const again = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: b.auth, payload: { memberId: a.id } });
  t.equal(again.statusCode, 200);
  t.equal(again.json().roomId, first.json().roomId);
  const self = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: a.auth, payload: { memberId: a.id } });
  t.match(self.json(), { statusCode: 400, code: 'VALIDATION_FAILED' });
  const nobody = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: a.auth, payload: { memberId: randomUUID() } });
  t.match(nobody.json(), { statusCode: 404, code: 'NOT_FOUND' });
  const pending = await makeMember(app.database, { status: 'pending' });
  const toPending = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: a.auth, payload: { memberId: pending.id } });
  t.equal(toPending.statusCode, 404);
  const anon = await app.inject({ method: 'POST', url: '/api/v1/dms', payload: { memberId: b.id } });
  t.match(anon.json(), { statusCode: 401, code: 'UNAUTHENTICATED' });

  const roomId = first.json().roomId;
  const sent = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: b.auth, payload: { clientMsgId: 'd1', body: 'hi Ada' } });
  t.equal(sent.statusCode, 201);
  const rooms = await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth });
  t.match(rooms.json().items.find((r: { roomId: string }) => r.roomId === roomId), { kind: 'direct', peer: { id: b.id }, lastSeq: 1, unread: 1 });
  const c = await makeMember(app.database);
  const stranger = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: c.auth });
  t.equal(stranger.statusCode, 404, 'a third member cannot read a direct room');
});

t.test('HTTP send is idempotent by clientMsgId; history pages back with beforeSeq and forward with afterSeq', async (t) => {
  const app = await build(t, FAST);
  const a = await makeMember(app.database);
  const outsider = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  const url = `/api/v1/rooms/${roomId}/messages`;
  for (let i = 1; i <= 7; i++) {
    const res = await app.inject({ method: 'POST', url, headers: a.auth, payload: { clientMsgId: `h${i}`, body: `message ${i}` } });
    t.equal(res.statusCode, 201);
    t.match(res.json(), { roomId, seq: i, authorId: a.id, body: `message ${i}`, clientMsgId: `h${i}`, deleted: false });
  }
  const repeat = await app.inject({ method: 'POST', url, headers: a.auth, payload: { clientMsgId: 'h3', body: 'message 3' } });
  t.equal(repeat.statusCode, 200);
  t.match(repeat.json(), { seq: 3, body: 'message 3' });
  const conflict = await app.inject({ method: 'POST', url, headers: a.auth, payload: { clientMsgId: 'h3', body: 'changed?' } });
  t.equal(conflict.statusCode, 409, 'the same clientMsgId with another body is a conflict, not a repeat');
  t.equal(conflict.json().code, 'CONFLICT');

  const newest = (await app.inject({ method: 'GET', url: `${url}?limit=3`, headers: a.auth })).json();
  t.same(newest.items.map((m: { seq: number }) => m.seq), [5, 6, 7]);
  t.equal(newest.lastSeq, 7);
  const back = (await app.inject({ method: 'GET', url: `${url}?limit=3&cursor=${newest.nextCursor}`, headers: a.auth })).json();
  t.same(back.items.map((m: { seq: number }) => m.seq), [2, 3, 4]);
  const oldest = (await app.inject({ method: 'GET', url: `${url}?limit=3&cursor=${back.nextCursor}`, headers: a.auth })).json();
  t.same(oldest.items.map((m: { seq: number }) => m.seq), [1]);
  t.equal(oldest.nextCursor, null);
  const before = (await app.inject({ method: 'GET', url: `${url}?beforeSeq=3`, headers: a.auth })).json();
  t.same(before.items.map((m: { seq: number }) => m.seq), [1, 2]);
  const fwd = (await app.inject({ method: 'GET', url: `${url}?afterSeq=2&limit=4`, headers: a.auth })).json();
  t.same(fwd.items.map((m: { seq: number }) => m.seq), [3, 4, 5, 6]);
  const fwd2 = (await app.inject({ method: 'GET', url: `${url}?limit=4&cursor=${fwd.nextCursor}`, headers: a.auth })).json();
  t.same(fwd2.items.map((m: { seq: number }) => m.seq), [7]);
  t.equal(fwd2.nextCursor, null);
  const window = (await app.inject({ method: 'GET', url: `${url}?afterSeq=2&beforeSeq=5`, headers: a.auth })).json();
  t.same(window.items.map((m: { seq: number }) => m.seq), [3, 4]);

  for (const bad of ['limit=0', 'limit=101', 'afterSeq=-1', 'beforeSeq=x', 'cursor=!!']) {
    const res = await app.inject({ method: 'GET', url: `${url}?${bad}`, headers: a.auth });
    t.equal(res.statusCode, 400, bad);
  }
  for (const payload of [{ clientMsgId: 'x' }, { body: 'x' }, { clientMsgId: 'x y', body: 'x' }, { clientMsgId: 'x', body: 'x'.repeat(4001) }]) {
    const res = await app.inject({ method: 'POST', url, headers: a.auth, payload });
    t.match(res.json(), { statusCode: 400, code: 'VALIDATION_FAILED' });
  }
  const notMine = await app.inject({ method: 'POST', url, headers: outsider.auth, payload: { clientMsgId: 'o1', body: 'let me in' } });
  t.match(notMine.json(), { statusCode: 404, code: 'NOT_FOUND' });
  const notMineRead = await app.inject({ method: 'GET', url, headers: outsider.auth });
  t.equal(notMineRead.statusCode, 404);
  const total = (await app.inject({ method: 'GET', url: `${url}?limit=100`, headers: a.auth })).json();
  t.equal(total.items.length, 7, 'nothing stored by the failures');
});

t.test('edit and delete over HTTP: only the author; deleted messages are tombstones; read markers over HTTP', async (t) => {
  const app = await build(t, FAST);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id, b.id]);
  const sent = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth, payload: { clientMsgId: 'x1', body: 'first' } });
  const { id } = sent.json();
  const msgUrl = `/api/v1/rooms/${roomId}/messages/${id}`;
  t.match((await app.inject({ method: 'PATCH', url: msgUrl, headers: b.auth, payload: { body: 'hijack' } })).json(), { statusCode: 403, code: 'FORBIDDEN' });
  const edited = await app.inject({ method: 'PATCH', url: msgUrl, headers: a.auth, payload: { body: 'first, edited' } });
  t.match(edited.json(), { id, body: 'first, edited', seq: 1 });
  t.ok(edited.json().editedAt);
  t.equal((await app.inject({ method: 'DELETE', url: msgUrl, headers: b.auth })).statusCode, 403);
  t.equal((await app.inject({ method: 'DELETE', url: msgUrl, headers: a.auth })).statusCode, 204);
  t.equal((await app.inject({ method: 'DELETE', url: msgUrl, headers: a.auth })).statusCode, 404);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/rooms/${roomId}/messages/${randomUUID()}`, headers: a.auth, payload: { body: 'x' } })).statusCode, 404);
  const history = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: b.auth });
  t.match(history.json().items, [{ id, seq: 1, body: null, deleted: true }]);

  await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth, payload: { clientMsgId: 'x2', body: 'second' } });
  const read = await app.inject({ method: 'PUT', url: `/api/v1/rooms/${roomId}/read`, headers: b.auth, payload: { seq: 1 } });
  t.same(read.json(), { roomId, seq: 1, unread: 1 });
  const counts = await app.chat.unreadCounts(b.id);
  t.equal(counts.get(roomId), 1, 'the deleted one is not unread; the second is');
  const presence = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/presence`, headers: b.auth });
  t.same(presence.json(), { roomId, online: [] });
});

t.test('moderation: a hidden message is a tombstone for members and marked hidden for admins; restore brings it back', async (t) => {
  const app = await build(t, FAST);
  const a = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  const { id } = (await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth, payload: { clientMsgId: 'm1', body: 'rude' } })).json();
  t.equal(await app.chat.setMessageHidden(id, true, 'abuse'), roomId);
  t.equal(await app.chat.setMessageHidden(randomUUID(), true, 'x'), null);
  const review = await app.chat.getMessageForReview(id);
  t.match(review, { id, roomId, body: 'rude', hiddenReason: 'abuse' });
  t.match(review?.hiddenAt, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, 'an ISO timestamp');
  const forMember = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.match(forMember.json().items, [{ id, body: null, deleted: true }]);
  t.notOk('hidden' in forMember.json().items[0]);
  const forAdmin = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: admin.auth });
  t.match(forAdmin.json().items, [{ id, body: 'rude', deleted: false, hidden: true }]);
  await app.chat.setMessageHidden(id, false, null);
  const restored = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: a.auth });
  t.match(restored.json().items, [{ id, body: 'rude', deleted: false }]);
});
