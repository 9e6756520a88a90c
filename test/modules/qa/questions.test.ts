// Questions: asking, reading, editing with revisions, and every way a request can be wrong (never a 500).
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { answer, ask, get, reply, uniqueTag } from './qa-helper.js';

t.test('asking a question: 201 with normalised tags, the asker follows it, a first revision exists', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database, { displayName: 'Asker Anne' });
  const tag = uniqueTag();
  const q = await ask(app, owner, { title: '  Has anyone moved PRN staff to 1099?  ', tags: [tag.toUpperCase(), 'W-2', 'w-2', '1099'] });
  t.equal(q.title, 'Has anyone moved PRN staff to 1099?');
  t.same(q.tags, [tag, 'w-2', '1099'], 'lowercased, trimmed, duplicates dropped');
  t.same(q.author, { id: owner.id, displayName: 'Asker Anne' });
  t.equal(q.mine, true);
  t.equal(q.following, true);
  t.equal(q.version, 1);
  t.same(q.answers, []);
  t.equal(q.answerCount, 0);
  const revisions = await get(app, owner, `/questions/${q.id}/revisions`);
  t.equal(revisions.statusCode, 200);
  t.equal(revisions.json().items.length, 1);
  t.equal(revisions.json().items[0].version, 1);
});

t.test('bad input on POST /questions is a 400 in the contract shape, and nothing is written', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const tag = uniqueTag();
  const base = { title: 'A perfectly fine title', body: 'A body.', tags: [tag] };
  const cases: [string, unknown][] = [
    ['empty body', { ...base, body: '   ' }],
    ['100 KB body', { ...base, body: 'x'.repeat(100 * 1024) }],
    ['six tags', { ...base, tags: [tag, 'a', 'b', 'c', 'd', 'e'] }],
    ['a tag with a space', { ...base, tags: [tag, 'payer rates'] }],
    ['an emoji tag', { ...base, tags: [tag, '💸'] }],
    ['an empty tag', { ...base, tags: [tag, ''] }],
    ['a short title', { ...base, title: 'Hm?' }],
    ['a two-line title', { ...base, title: 'First line\nsecond line' }],
    ['control characters', { ...base, body: 'bell \u0007' }],
    ['an unknown field', { ...base, authorId: owner.id }],
    ['a circleId that is no UUID', { ...base, circleId: 'circle-1' }],
    ['anonymous as a string', { ...base, anonymous: 'yes' }],
  ];
  for (const [what, payload] of cases) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: owner.auth, payload: payload as object });
    t.equal(res.statusCode, 400, what);
    t.equal(res.json().code, 'VALIDATION_FAILED', what);
    t.same(Object.keys(res.json()).sort(), ['code', 'message', 'statusCode'], `${what}: the error shape`);
  }
  const notJson = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: { ...owner.auth, 'content-type': 'application/json' }, payload: '{"title":' });
  t.equal(notJson.statusCode, 400);
  const list = await get(app, owner, `/questions?tag=${tag}`);
  t.same(list.json().items, [], 'none of them was stored');
});

t.test('a circle that does not exist, or is not mine, answers 404 when asking in it', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/questions',
    headers: owner.auth,
    payload: { title: 'Circle question here', body: 'b', circleId: '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11' },
  });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'NOT_FOUND');
});

t.test('every Q&A route answers 401 without a token, in the contract shape', async (t) => {
  const app = await build(t);
  const id = '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11';
  const routes: [string, string][] = [
    ['GET', '/questions'],
    ['GET', '/questions/similar?title=payer'],
    ['POST', '/questions'],
    ['GET', `/questions/${id}`],
    ['PATCH', `/questions/${id}`],
    ['GET', `/questions/${id}/revisions`],
    ['GET', `/questions/${id}/answers`],
    ['POST', `/questions/${id}/answers`],
    ['POST', `/questions/${id}/accept`],
    ['PUT', `/questions/${id}/follow`],
    ['DELETE', `/questions/${id}/follow`],
    ['PATCH', `/answers/${id}`],
    ['GET', `/answers/${id}/replies`],
    ['POST', `/answers/${id}/replies`],
    ['GET', `/answers/${id}/revisions`],
    ['PATCH', `/replies/${id}`],
    ['GET', `/replies/${id}/revisions`],
    ['PUT', '/votes'],
    ['GET', '/me/notifications'],
    ['POST', '/me/notifications/read'],
  ];
  for (const [method, url] of routes) {
    const res = await app.inject({ method: method as 'GET', url: `/api/v1${url}`, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
    t.equal(res.statusCode, 401, `${method} ${url}`);
    t.equal(res.json().code, 'UNAUTHENTICATED', `${method} ${url}`);
  }
});

t.test('GET /questions/:id: 404 for a missing id, 400 for one that is no UUID', async (t) => {
  const app = await build(t);
  const member = await makeMember(app.database);
  const missing = await get(app, member, '/questions/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11');
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), { statusCode: 404, code: 'NOT_FOUND', message: 'Question not found' });
  const bad = await get(app, member, '/questions/not-a-uuid');
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'VALIDATION_FAILED');
});

t.test('editing: the author edits and each change keeps a revision; others get 403; stale versions 409', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const other = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const tag = uniqueTag();
  const q = await ask(app, owner, { tags: [tag] });
  const patch = (who: typeof owner, payload: object, url = `/api/v1/questions/${q.id}`) => app.inject({ method: 'PATCH', url, headers: who.auth, payload });

  const edited = await patch(owner, { body: 'Edited: our top payer finally moved.', version: 1 });
  t.equal(edited.statusCode, 200);
  t.equal(edited.json().version, 2);
  t.equal(edited.json().body, 'Edited: our top payer finally moved.');
  t.same(edited.json().tags, [tag], 'untouched fields stay');

  const same = await patch(owner, { body: 'Edited: our top payer finally moved.' });
  t.equal(same.json().version, 2, 'an edit that changes nothing keeps no revision');

  const stale = await patch(owner, { title: 'A title from an old tab', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().code, 'EDIT_CONFLICT');

  t.equal((await patch(other, { body: 'Not mine' })).statusCode, 403);
  t.equal((await patch(admin, { body: 'Admins moderate; they do not rewrite' })).statusCode, 403);
  t.equal((await patch(owner, {})).statusCode, 400, 'an empty patch');
  t.equal((await patch(owner, { tags: ['a', 'b', 'c', 'd', 'e', 'f'] })).statusCode, 400, 'six tags');
  t.equal((await patch(owner, { body: 'x' }, '/api/v1/questions/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11')).statusCode, 404);

  const retitled = await patch(owner, { title: 'How did you renegotiate with your top payer?', tags: [tag, 'contracts'] });
  t.equal(retitled.json().version, 3);
  const revisions = (await get(app, other, `/questions/${q.id}/revisions`)).json();
  t.same(revisions.items.map((r: { version: number }) => r.version), [3, 2, 1], 'newest first');
  t.equal(revisions.items[2].body, 'Our top payer has not raised rates in years.', 'the original text is kept');
  t.same(revisions.items[0].tags, [tag, 'contracts']);

  const firstPage = (await get(app, other, `/questions/${q.id}/revisions?limit=2`)).json();
  t.equal(firstPage.items.length, 2);
  const secondPage = (await get(app, other, `/questions/${q.id}/revisions?limit=2&cursor=${firstPage.nextCursor}`)).json();
  t.same(secondPage.items.map((r: { version: number }) => r.version), [1]);
  t.equal(secondPage.nextCursor, null);
  t.equal((await get(app, other, `/questions/${q.id}/revisions?cursor=abc`)).statusCode, 400, 'a tampered cursor');
});

t.test('answers and replies are edited by their authors only, each edit keeping a revision', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const q = await ask(app, asker);
  const a = await answer(app, helper, q.id);
  const r = await reply(app, asker, a.id);

  const editA = await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: helper.auth, payload: { body: 'We brought outcome data and a competing offer.' } });
  t.equal(editA.statusCode, 200);
  t.equal(editA.json().version, 2);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: asker.auth, payload: { body: 'hijack' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: helper.auth, payload: { body: 'again', version: 1 } })).json().code, 'EDIT_CONFLICT');
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/answers/${a.id}`, headers: helper.auth, payload: { body: '' } })).statusCode, 400);

  const editR = await app.inject({ method: 'PATCH', url: `/api/v1/replies/${r.id}`, headers: asker.auth, payload: { body: 'Which outcome data?' } });
  t.equal(editR.statusCode, 200);
  t.equal(editR.json().version, 2);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/replies/${r.id}`, headers: helper.auth, payload: { body: 'hijack' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/replies/${r.id}`, headers: asker.auth, payload: { body: 'x'.repeat(4001) } })).statusCode, 400);

  const answerRevisions = (await get(app, asker, `/answers/${a.id}/revisions`)).json();
  t.same(answerRevisions.items.map((x: { body: string }) => x.body), ['We brought outcome data and a competing offer.', 'We brought outcome data to the meeting.']);
  const replyRevisions = (await get(app, helper, `/replies/${r.id}/revisions`)).json();
  t.equal(replyRevisions.items.length, 2);
  t.equal((await get(app, helper, '/answers/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/revisions')).statusCode, 404);
  t.equal((await get(app, helper, '/replies/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/revisions')).statusCode, 404);
});
