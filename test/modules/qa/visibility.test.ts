// Who sees what: circle-private questions (404 exactly as missing for outsiders), hidden and removed posts, admins.
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember } from '../../helper.js';
import { createQaService } from '../../../src/modules/qa/qa.service.js';
import { answer, ask, get, reply, uniqueTag, uniqueWord } from './qa-helper.js';

t.test('a circle-private question: members and admins see it everywhere, everyone else gets 404 as for a missing id', async (t) => {
  const app = await build(t);
  const insider = await makeMember(app.database);
  const peer = await makeMember(app.database);
  const outsider = await makeMember(app.database); // a member of another circle
  const admin = await makeAdmin(app.database);
  const circle = await makeCircle(app.database, [insider.id, peer.id]);
  const otherCircle = await makeCircle(app.database, [outsider.id]);
  const tag = uniqueTag();
  const word = uniqueWord();
  const q = await ask(app, insider, { title: `Private ${word} question`, tags: [tag], circleId: circle.id });
  t.equal(q.circleId, circle.id);
  const a = await answer(app, peer, q.id);
  const r = await reply(app, insider, a.id);
  const missing = '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11';

  // Reads: lists, search, circle filter, thread, answers, replies, revisions.
  for (const [who, name] of [[insider, 'asker'], [peer, 'circle peer'], [admin, 'admin']] as const) {
    t.same((await get(app, who, `/questions?tag=${tag}`)).json().items.map((i: { id: string }) => i.id), [q.id], `${name}: list`);
    t.same((await get(app, who, `/questions?q=${word}`)).json().items.map((i: { id: string }) => i.id), [q.id], `${name}: search`);
    t.equal((await get(app, who, `/questions?circleId=${circle.id}&tag=${tag}`)).json().items.length, 1, `${name}: circle filter`);
    t.equal((await get(app, who, `/questions/${q.id}`)).statusCode, 200, `${name}: thread`);
    t.equal((await get(app, who, `/questions/${q.id}/answers`)).json().items.length, 1, `${name}: answers`);
    t.equal((await get(app, who, `/answers/${a.id}/replies`)).json().items.length, 1, `${name}: replies`);
    t.equal((await get(app, who, `/questions/${q.id}/revisions`)).statusCode, 200, `${name}: revisions`);
  }

  const expect404 = async (res: { statusCode: number; json(): { code: string; message: string } }, twin: { json(): { message: string } } | null, what: string) => {
    t.equal(res.statusCode, 404, `outsider: ${what}`);
    t.equal(res.json().code, 'NOT_FOUND', `outsider: ${what}`);
    if (twin) t.equal(res.json().message, twin.json().message, `outsider: ${what} says exactly what a missing id says`);
  };
  t.same((await get(app, outsider, `/questions?tag=${tag}`)).json().items, [], 'outsider: not in lists');
  t.same((await get(app, outsider, `/questions?q=${word}`)).json().items, [], 'outsider: not in search');
  t.same((await get(app, outsider, `/questions/similar?title=${word}`)).json().items, [], 'outsider: not among similar questions');
  await expect404(await get(app, outsider, `/questions?circleId=${circle.id}`), null, 'circle filter');
  await expect404(await get(app, outsider, `/questions/${q.id}`), await get(app, outsider, `/questions/${missing}`), 'thread');
  await expect404(await get(app, outsider, `/questions/${q.id}/answers`), await get(app, outsider, `/questions/${missing}/answers`), 'answers');
  await expect404(await get(app, outsider, `/questions/${q.id}/revisions`), await get(app, outsider, `/questions/${missing}/revisions`), 'revisions');
  await expect404(await get(app, outsider, `/answers/${a.id}/replies`), await get(app, outsider, `/answers/${missing}/replies`), 'replies');
  await expect404(await get(app, outsider, `/answers/${a.id}/revisions`), null, 'answer revisions');
  await expect404(await get(app, outsider, `/replies/${r.id}/revisions`), null, 'reply revisions');

  // Writes are 404 too: answer, reply, vote, accept, follow, edit.
  const write = (method: string, url: string, payload?: object) => app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers: outsider.auth, payload });
  await expect404(await write('POST', `/questions/${q.id}/answers`, { body: 'sneaking in' }), null, 'answering');
  await expect404(await write('POST', `/answers/${a.id}/replies`, { body: 'sneaking in' }), null, 'replying');
  await expect404(await write('PUT', '/votes', { targetType: 'question', targetId: q.id, value: 1 }), null, 'voting on the question');
  await expect404(await write('PUT', '/votes', { targetType: 'answer', targetId: a.id, value: 1 }), null, 'voting on an answer');
  await expect404(await write('POST', `/questions/${q.id}/accept`, { answerId: a.id }), null, 'accepting');
  await expect404(await write('PUT', `/questions/${q.id}/follow`), null, 'following');
  await expect404(await write('PATCH', `/questions/${q.id}`, { body: 'x' }), null, 'editing');
  await expect404(await write('POST', '/questions', { title: 'Posting into their circle', body: 'b', circleId: circle.id }), null, 'asking in their circle');

  // Another circle's own private questions stay out of this circle's members' sight, too.
  const theirs = await ask(app, outsider, { tags: [tag], circleId: otherCircle.id });
  t.same((await get(app, insider, `/questions?tag=${tag}`)).json().items.map((i: { id: string }) => i.id), [q.id]);
  t.equal((await get(app, insider, `/questions/${theirs.id}`)).statusCode, 404);
  t.equal((await get(app, admin, `/questions?tag=${tag}`)).json().items.length, 2, 'admins see both circles');

  // Admins reach any circle that exists (matching's circleExists), and a circle that does not exist is 404 for them too.
  const asAdmin = (method: string, url: string, payload?: object) => app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers: admin.auth, payload });
  const adminAsked = await asAdmin('POST', '/questions', { title: 'An admin asks in a circle', body: 'b', tags: [tag], circleId: otherCircle.id });
  t.equal(adminAsked.statusCode, 201, 'admin: asking in a circle without a seat in it');
  t.equal(adminAsked.json().circleId, otherCircle.id);
  const noCircle = await asAdmin('POST', '/questions', { title: 'An admin asks nowhere', body: 'b', tags: [], circleId: missing });
  t.equal(noCircle.statusCode, 404, 'admin: asking in a circle that does not exist');
  t.equal(noCircle.json().code, 'NOT_FOUND');
  t.equal((await get(app, admin, `/questions?circleId=${missing}`)).statusCode, 404, 'admin: filtering by a circle that does not exist');
});

t.test('leaving a circle (declined or removed) ends the view of its questions; proposed members see them', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const proposed = await makeMember(app.database);
  const leaver = await makeMember(app.database);
  const circle = await makeCircle(app.database, [asker.id, leaver.id]);
  await app.database.db.execute(
    (await import('drizzle-orm')).sql`insert into circle_members (circle_id, member_id, status) values (${circle.id}, ${proposed.id}, 'proposed')`,
  );
  const q = await ask(app, asker, { circleId: circle.id });
  t.equal((await get(app, proposed, `/questions/${q.id}`)).statusCode, 200, 'proposed counts as belonging');
  t.equal((await get(app, leaver, `/questions/${q.id}`)).statusCode, 200);
  await app.database.db.execute(
    (await import('drizzle-orm')).sql`update circle_members set status = 'removed' where circle_id = ${circle.id} and member_id = ${leaver.id}`,
  );
  t.equal((await get(app, leaver, `/questions/${q.id}`)).statusCode, 404, 'removed: gone');
});

t.test('hidden and removed posts vanish for members (lists, search, threads, counts) and stay, marked, for admins', async (t) => {
  const app = await build(t);
  const qa = createQaService({ database: app.database });
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const tag = uniqueTag();
  const word = uniqueWord();
  const q = await ask(app, asker, { title: `Hidden ${word} question`, tags: [tag] });
  const keep = await answer(app, helper, q.id, 'A good answer.');
  const spam = await answer(app, helper, q.id, 'Buy my course.');
  const r1 = await reply(app, asker, keep.id, 'first');
  const r2 = await reply(app, helper, keep.id, 'under the first', r1.id);
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 2);

  // An answer hidden: the thread and the counter lose it; admins see it marked.
  t.match(await qa.setHidden('answer', spam.id, true, 'spam'), { hidden: true, questionId: q.id, authorId: helper.id });
  const thread = (await get(app, asker, `/questions/${q.id}`)).json();
  t.same(thread.answers.map((a: { id: string }) => a.id), [keep.id]);
  t.equal(thread.answerCount, 1);
  t.equal((await get(app, asker, `/questions?tag=${tag}`)).json().items[0].answerCount, 1, 'the list counts what members see');
  const adminThread = (await get(app, admin, `/questions/${q.id}`)).json();
  t.equal(adminThread.answers.length, 2);
  t.match(adminThread.answers.find((a: { id: string }) => a.id === spam.id), { hidden: true, hiddenReason: 'spam', removed: false });
  t.equal((await get(app, asker, `/answers/${spam.id}/replies`)).statusCode, 404);
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: asker.auth, payload: { targetType: 'answer', targetId: spam.id, value: -1 } })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/accept`, headers: asker.auth, payload: { answerId: spam.id } })).statusCode, 400);
  await qa.setHidden('answer', spam.id, true, 'spam again');
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 1, 'hiding twice moves the counter once');
  await qa.setHidden('answer', spam.id, false, null);
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 2, 'restored');
  await qa.remove('answer', spam.id, 'spam for good');
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 1, 'removed');
  t.match((await get(app, admin, `/questions/${q.id}`)).json().answers.find((a: { id: string }) => a.id === spam.id), { removed: true });

  // A hidden reply vanishes; the reply under it is shown under the nearest visible ancestor.
  await qa.setHidden('reply', r1.id, true, 'rude');
  const replies = (await get(app, helper, `/questions/${q.id}`)).json().answers[0].replies;
  t.same(replies.map((r: { id: string; parentId: string | null }) => [r.id, r.parentId]), [[r2.id, null]]);
  t.equal((await get(app, helper, `/questions/${q.id}`)).json().answers[0].replyCount, 1);
  t.same((await get(app, helper, `/answers/${keep.id}/replies`)).json().items.map((r: { id: string }) => r.id), [r2.id]);
  t.equal((await get(app, admin, `/answers/${keep.id}/replies`)).json().items.length, 2);
  t.equal((await get(app, asker, `/replies/${r1.id}/revisions`)).statusCode, 404);
  const replyToHidden = await app.inject({ method: 'POST', url: `/api/v1/answers/${keep.id}/replies`, headers: helper.auth, payload: { body: 'x', parentId: r1.id } });
  t.equal(replyToHidden.json().code, 'PARENT_NOT_IN_THREAD');

  // The question hidden: gone from lists, search and its thread for members, even for its asker.
  await qa.setHidden('question', q.id, true, 'off-topic');
  t.same((await get(app, asker, `/questions?tag=${tag}`)).json().items, []);
  t.same((await get(app, helper, `/questions?q=${word}`)).json().items, []);
  t.equal((await get(app, asker, `/questions/${q.id}`)).statusCode, 404);
  const adminList = (await get(app, admin, `/questions?tag=${tag}`)).json().items;
  t.match(adminList, [{ id: q.id, hidden: true, hiddenReason: 'off-topic' }]);
  t.match((await get(app, admin, `/questions?q=${word}`)).json().items, [{ id: q.id, hidden: true }]);
  await qa.setHidden('question', q.id, false, null);
  t.equal((await get(app, asker, `/questions/${q.id}`)).statusCode, 200, 'restored');
  t.equal(await qa.setHidden('question', '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11', true, 'x'), null, 'no such post');
});

t.test('a locked question refuses new answers and replies with 409 LOCKED', async (t) => {
  const app = await build(t);
  const qa = createQaService({ database: app.database });
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const q = await ask(app, asker);
  const a = await answer(app, helper, q.id);
  t.equal(await qa.lock(q.id), false, 'was not locked');
  t.equal(await qa.lock(q.id), true, 'locking twice is harmless');
  const thread = (await get(app, asker, `/questions/${q.id}`)).json();
  t.equal(thread.locked, true);
  const newAnswer = await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: helper.auth, payload: { body: 'late' } });
  t.equal(newAnswer.statusCode, 409);
  t.equal(newAnswer.json().code, 'LOCKED');
  const newReply = await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: asker.auth, payload: { body: 'late' } });
  t.equal(newReply.json().code, 'LOCKED');
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 1, 'nothing was written');
  t.equal(await qa.lock(q.id, false), true);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: helper.auth, payload: { body: 'now' } })).statusCode, 201);
  t.equal(await qa.lock('6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11'), null);
});

t.test('moderation reaches posts through the service: review with the real author, visibleTo, and the content adapters', async (t) => {
  const app = await build(t);
  const qa = createQaService({ database: app.database });
  const { qaContentModerators } = await import('../../../src/modules/qa/qa.content.js');
  const asker = await makeMember(app.database, { displayName: 'Hidden Hannah' });
  const insider = await makeMember(app.database);
  const outsider = await makeMember(app.database);
  const circle = await makeCircle(app.database, [asker.id, insider.id]);
  const q = await ask(app, asker, { anonymous: true, circleId: circle.id, title: 'An anonymous circle question' });
  const a = await answer(app, insider, q.id);
  const r = await reply(app, asker, a.id);

  const review = await qa.getContentForReview('question', q.id);
  t.match(review, { targetType: 'question', id: q.id, questionId: q.id, authorId: asker.id, authorDisplayName: 'Hidden Hannah', anonymous: true, circleId: circle.id, title: 'An anonymous circle question', hidden: false, removed: false, locked: false });
  t.ok(review!.createdAt instanceof Date);
  t.match(await qa.getContentForReview('answer', a.id), { questionId: q.id, authorId: insider.id, title: null });
  t.match(await qa.getContentForReview('reply', r.id), { questionId: q.id, authorId: asker.id });
  t.equal(await qa.getContentForReview('reply', q.id), null);

  t.equal(await qa.visibleTo('question', q.id, insider.id), true);
  t.equal(await qa.visibleTo('question', q.id, outsider.id), false);
  t.equal(await qa.visibleTo('reply', r.id, outsider.id), false);

  const adapters = qaContentModerators(qa);
  const db = app.database.db;
  const item = (await adapters.content.answer.getForReview(db, a.id))!;
  t.match(item, { kind: 'answer', id: a.id, authorId: insider.id, context: { questionId: q.id } });
  await db.transaction(async (tx) => adapters.content.answer.setHidden(tx, item, true, 'reported three times'));
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 0);
  t.equal(await adapters.content.answer.visibleTo(db, insider.id, item), false, 'hidden: not visible to members');
  await adapters.content.answer.setHidden(db, item, false, null);
  await adapters.content.reply.remove(db, { id: r.id }, 'abuse');
  t.match(await qa.getContentForReview('reply', r.id), { removed: true, hiddenReason: 'abuse' });
  t.equal(await adapters.questions.setLocked(db, q.id, true), false);
  t.equal((await get(app, insider, `/questions/${q.id}`)).json().locked, true);

  // A rolled-back moderation transaction changes nothing.
  await db
    .transaction(async (tx) => {
      await qa.setHidden('question', q.id, true, 'spam', tx);
      throw new Error('audit insert failed');
    })
    .catch(() => undefined);
  t.equal((await get(app, insider, `/questions/${q.id}`)).statusCode, 200, 'still visible after the rollback');
});
