// Threads: answers (accepted first, then score), reply trees with a depth cap, the accepted answer, answer pages.
import t from 'tap';
import { build, makeMember } from '../../helper.js';
import { MAX_REPLY_DEPTH } from '../../../src/modules/qa/qa.schemas.js';
import { answer, ask, get, reply } from './qa-helper.js';

t.test('replies nest by parentId up to the cap; a parent from another thread or past the cap is a clear 400', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const q = await ask(app, asker);
  const a = await answer(app, helper, q.id);
  const other = await answer(app, asker, (await ask(app, helper)).id);
  let parent = await reply(app, asker, a.id, 'depth 1');
  t.equal(parent.depth, 1);
  t.equal(parent.parentId, null);
  for (let depth = 2; depth <= MAX_REPLY_DEPTH; depth++) {
    parent = await reply(app, depth % 2 ? asker : helper, a.id, `depth ${depth}`, parent.id);
    t.equal(parent.depth, depth);
  }
  const tooDeep = await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: asker.auth, payload: { body: 'one more', parentId: parent.id } });
  t.equal(tooDeep.statusCode, 400);
  t.equal(tooDeep.json().code, 'REPLY_TOO_DEEP');
  t.match(tooDeep.json().message, /at most 5 deep/);

  const elsewhere = await reply(app, helper, other.id, 'in another thread');
  const crossed = await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: asker.auth, payload: { body: 'x', parentId: elsewhere.id } });
  t.equal(crossed.statusCode, 400);
  t.equal(crossed.json().code, 'PARENT_NOT_IN_THREAD');
  const unknownParent = await app.inject({
    method: 'POST',
    url: `/api/v1/answers/${a.id}/replies`,
    headers: asker.auth,
    payload: { body: 'x', parentId: '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11' },
  });
  t.equal(unknownParent.json().code, 'PARENT_NOT_IN_THREAD');
  const noAnswer = await app.inject({ method: 'POST', url: '/api/v1/answers/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/replies', headers: asker.auth, payload: { body: 'x' } });
  t.equal(noAnswer.statusCode, 404);
  for (const payload of [{ body: '' }, { body: 'x'.repeat(4001) }, { body: 'x', parentId: 'nope' }, {}]) {
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: asker.auth, payload })).statusCode, 400);
  }

  const thread = (await get(app, helper, `/questions/${q.id}`)).json();
  const replies = thread.answers[0].replies;
  t.equal(replies.length, MAX_REPLY_DEPTH, 'nothing half-written by the refused replies');
  t.equal(thread.answers[0].replyCount, MAX_REPLY_DEPTH);
  for (let i = 1; i < replies.length; i++) t.equal(replies[i].parentId, replies[i - 1].id, 'parentId links each reply to the one it answers');
});

t.test('answers: bad bodies are 400, a missing question 404; the thread orders accepted first, then by score', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const h1 = await makeMember(app.database);
  const h2 = await makeMember(app.database);
  const h3 = await makeMember(app.database);
  const q = await ask(app, asker);
  for (const payload of [{ body: '' }, { body: 'x'.repeat(100 * 1024) }, { body: 3 }, { text: 'hi' }]) {
    const res = await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: h1.auth, payload });
    t.equal(res.statusCode, 400);
  }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/questions/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/answers', headers: h1.auth, payload: { body: 'x' } })).statusCode, 404);

  const first = await answer(app, h1, q.id, 'first');
  const second = await answer(app, h2, q.id, 'second');
  const third = await answer(app, h3, q.id, 'third');
  const vote = (who: typeof asker, targetId: string, value: number) =>
    app.inject({ method: 'PUT', url: '/api/v1/votes', headers: who.auth, payload: { targetType: 'answer', targetId, value } });
  await vote(asker, third.id, 1);
  await vote(h1, third.id, 1);
  await vote(h1, second.id, 1);
  const order = async () => (await get(app, asker, `/questions/${q.id}`)).json().answers.map((a: { body: string }) => a.body);
  t.same(await order(), ['third', 'second', 'first'], 'by score, then oldest first');

  // Accepting: the asker only; an answer of another question is refused; changeable; null withdraws.
  const accept = (who: typeof asker, answerId: string | null, questionId = q.id) =>
    app.inject({ method: 'POST', url: `/api/v1/questions/${questionId}/accept`, headers: who.auth, payload: { answerId } });
  const accepted = await accept(asker, first.id);
  t.same(accepted.json(), { questionId: q.id, acceptedAnswerId: first.id });
  t.same(await order(), ['first', 'third', 'second'], 'the accepted answer comes first');
  const thread = (await get(app, h2, `/questions/${q.id}`)).json();
  t.equal(thread.acceptedAnswerId, first.id);
  t.equal(thread.hasAcceptedAnswer, true);
  t.equal(thread.answers[0].accepted, true);
  t.equal((await accept(h1, first.id)).statusCode, 403, 'only the asker accepts');
  const otherQuestion = await ask(app, h1);
  const foreign = await answer(app, h2, otherQuestion.id);
  const wrong = await accept(asker, foreign.id);
  t.equal(wrong.statusCode, 400);
  t.equal(wrong.json().code, 'ANSWER_NOT_IN_QUESTION');
  t.equal((await accept(asker, '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11')).json().code, 'ANSWER_NOT_IN_QUESTION');
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().acceptedAnswerId, first.id, 'a refused accept changed nothing');
  t.equal((await accept(asker, second.id)).statusCode, 200, 'changeable');
  t.same(await order(), ['second', 'third', 'first']);
  t.equal((await accept(asker, null)).json().acceptedAnswerId, null, 'withdrawn');
  t.equal((await accept(asker, first.id, '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11')).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/accept`, headers: asker.auth, payload: {} })).statusCode, 400);
});

t.test('answers and replies page by keyset cursors, with no repeats and no gaps', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const q = await ask(app, asker);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await answer(app, helper, q.id, `answer ${i}`)).id);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(app, asker, `/questions/${q.id}/answers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    t.equal(res.statusCode, 200);
    seen.push(...res.json().items.map((a: { id: string }) => a.id));
    cursor = res.json().nextCursor;
  } while (cursor);
  t.same(seen, ids);
  t.equal((await get(app, asker, `/questions/${q.id}/answers?cursor=eyJ4IjoxfQ`)).statusCode, 400, 'a cursor of another shape');

  const replyIds: string[] = [];
  for (let i = 0; i < 4; i++) replyIds.push((await reply(app, asker, ids[0]!, `reply ${i}`)).id);
  const page1 = (await get(app, helper, `/answers/${ids[0]}/replies?limit=3`)).json();
  const page2 = (await get(app, helper, `/answers/${ids[0]}/replies?limit=3&cursor=${page1.nextCursor}`)).json();
  t.same([...page1.items, ...page2.items].map((r: { id: string }) => r.id), replyIds);
  t.equal(page2.nextCursor, null);
  t.equal((await get(app, helper, `/answers/${ids[0]}/replies?limit=0`)).statusCode, 400);
  t.equal((await get(app, helper, `/answers/${ids[0]}/replies?limit=101`)).statusCode, 400);
  t.equal((await get(app, helper, `/answers/${ids[0]}/replies?cursor=%%%`)).statusCode, 400);
});
