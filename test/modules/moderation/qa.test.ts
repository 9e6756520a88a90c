// Q&A posts under moderation: reports and auto-hide, admin hide/restore/remove of questions, answers and replies, locks.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember } from '../../helper.js';
import { answer, ask, get, reply, uniqueTag, uniqueWord } from '../qa/qa-helper.js';
import { auditFor, FAST, report } from './support.js';

type App = Awaited<ReturnType<typeof build>>;
const content = (app: App, who: { auth: Record<string, string> }, verb: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/admin/content/${verb}`, headers: who.auth, payload });

t.test('a question reported by enough members vanishes from lists, search and its thread; admins see it marked; dismiss restores it', async (t) => {
  const app = await build(t, { ...FAST, AUTO_HIDE_REPORTS: 2 });
  const admin = await makeAdmin(app.database);
  const [asker, r1, r2] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  const word = uniqueWord();
  const tag = uniqueTag();
  const q = await ask(app, asker, { title: `Cheap ${word} leads here`, tags: [tag], anonymous: true });

  t.match((await report(app, asker, { targetType: 'question', targetId: q.id })).json(), { statusCode: 400, code: 'CANNOT_REPORT_SELF' }, 'not your own, even anonymous');
  const first = (await report(app, r1, { targetType: 'question', targetId: q.id, reason: 'spam' })).json();
  t.equal((await get(app, r2, `/questions/${q.id}`)).statusCode, 200);
  t.equal((await report(app, r2, { targetType: 'question', targetId: q.id, reason: 'solicitation' })).statusCode, 201);

  t.equal((await get(app, r2, `/questions/${q.id}`)).statusCode, 404, 'thread gone');
  t.equal((await get(app, asker, `/questions/${q.id}`)).statusCode, 404, 'gone for its asker too');
  t.same((await get(app, r1, `/questions?tag=${tag}`)).json().items, [], 'list');
  t.same((await get(app, r1, `/questions?q=${word}`)).json().items, [], 'search');
  t.match((await get(app, admin, `/questions/${q.id}`)).json(), { id: q.id, hidden: true });
  t.match((await get(app, admin, `/questions?tag=${tag}`)).json().items, [{ id: q.id, hidden: true }]);

  const queue = (await app.inject({ method: 'GET', url: '/api/v1/admin/reports?targetType=question&limit=100', headers: admin.auth })).json();
  const item = queue.items.find((i: { targetId: string }) => i.targetId === q.id);
  t.match(item, { targetType: 'question', reportCount: 2, author: { id: asker.id }, target: { title: `Cheap ${word} leads here`, state: 'hidden', autoHidden: true } }, 'admins see the real author');

  t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/reports/${first.id}/resolve`, headers: admin.auth, payload: { action: 'dismiss', reason: 'legit' } })).statusCode, 200);
  t.equal((await get(app, r2, `/questions/${q.id}`)).statusCode, 200, 'back');
  t.same((await auditFor(app.database, q.id)).map((e) => e.action).sort(), ['content.auto_hide', 'content.restore', 'report.dismiss']);
});

t.test('admins hide, restore and remove answers and replies; members lose them from threads and counts', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [asker, helper] = [await makeMember(app.database), await makeMember(app.database)];
  const q = await ask(app, asker);
  const good = await answer(app, helper, q.id, 'Track outcomes.');
  const spam = await answer(app, helper, q.id, 'Buy my course.');
  const r = await reply(app, asker, good.id, 'rude reply');

  t.equal((await content(app, admin, 'hide', { targetType: 'answer', targetId: spam.id, reason: 'spam' })).statusCode, 200);
  let thread = (await get(app, asker, `/questions/${q.id}`)).json();
  t.same(thread.answers.map((a: { id: string }) => a.id), [good.id]);
  t.equal(thread.answerCount, 1);
  t.match((await get(app, admin, `/questions/${q.id}`)).json().answers.find((a: { id: string }) => a.id === spam.id), { hidden: true });

  t.equal((await content(app, admin, 'hide', { targetType: 'reply', targetId: r.id, reason: 'rude' })).statusCode, 200);
  thread = (await get(app, helper, `/questions/${q.id}`)).json();
  t.same(thread.answers[0].replies, []);
  t.equal((await content(app, admin, 'restore', { targetType: 'reply', targetId: r.id, reason: 'ok' })).statusCode, 200);
  t.equal((await get(app, helper, `/questions/${q.id}`)).json().answers[0].replies.length, 1);

  const rep = (await report(app, asker, { targetType: 'answer', targetId: good.id, reason: 'other', note: 'wrong' })).json();
  const removed = await app.inject({ method: 'POST', url: `/api/v1/admin/reports/${rep.id}/resolve`, headers: admin.auth, payload: { action: 'remove', reason: 'dangerous advice' } });
  t.equal(removed.statusCode, 200);
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answerCount, 0);
  t.match((await get(app, admin, `/questions/${q.id}`)).json().answers.find((a: { id: string }) => a.id === good.id), { removed: true });
  t.match((await content(app, admin, 'hide', { targetType: 'answer', targetId: good.id, reason: 'x' })).json(), { statusCode: 409, code: 'CONTENT_REMOVED' });
  t.match((await content(app, admin, 'restore', { targetType: 'answer', targetId: good.id, reason: 'x' })).json(), { statusCode: 409, code: 'CONTENT_REMOVED' });
  t.match((await content(app, admin, 'restore', { targetType: 'question', targetId: q.id, reason: 'x' })).json(), { statusCode: 409, code: 'NOT_HIDDEN' });
  t.same((await auditFor(app.database, good.id)).map((e) => e.action), ['content.remove']);
  t.same((await auditFor(app.database, r.id)).map((e) => e.action), ['content.hide', 'content.restore']);
});

t.test('reports respect Q&A visibility: a circle-private question is 404 for outsiders; hidden posts cannot be reported', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [insider, asker, outsider] = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  const circle = await makeCircle(app.database, [insider.id, asker.id]);
  const q = await ask(app, asker, { circleId: circle.id });
  t.match((await report(app, outsider, { targetType: 'question', targetId: q.id })).json(), { statusCode: 404 });
  t.equal((await report(app, insider, { targetType: 'question', targetId: q.id })).statusCode, 201);
  const a = await answer(app, insider, q.id);
  await content(app, admin, 'hide', { targetType: 'answer', targetId: a.id, reason: 'x' });
  t.match((await report(app, asker, { targetType: 'answer', targetId: a.id })).json(), { statusCode: 404 });
  t.match((await report(app, asker, { targetType: 'reply', targetId: randomUUID() })).json(), { statusCode: 404 });
});

t.test('lock and unlock a question: no more answers or replies while locked; refusals are not logged', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [asker, helper] = [await makeMember(app.database), await makeMember(app.database)];
  const q = await ask(app, asker);
  const a = await answer(app, helper, q.id);
  const lock = (verb: string, payload?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/admin/questions/${q.id}/${verb}`, headers: admin.auth, ...(payload ? { payload } : {}) });

  t.equal((await lock('lock', { reason: 'Resolved; closing the thread' })).statusCode, 204);
  t.match((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: helper.auth, payload: { body: 'late' } })).json(), { statusCode: 409, code: 'LOCKED' });
  t.match((await app.inject({ method: 'POST', url: `/api/v1/answers/${a.id}/replies`, headers: asker.auth, payload: { body: 'late' } })).json(), { statusCode: 409, code: 'LOCKED' });
  t.match((await lock('lock')).json(), { statusCode: 409, code: 'ALREADY_LOCKED' });
  t.equal((await lock('unlock')).statusCode, 204);
  t.match((await lock('unlock')).json(), { statusCode: 409, code: 'NOT_LOCKED' });
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: helper.auth, payload: { body: 'now' } })).statusCode, 201);
  t.match((await app.inject({ method: 'POST', url: `/api/v1/admin/questions/${q.id}/lock`, headers: helper.auth })).json(), { statusCode: 403 });
  t.match(
    (await auditFor(app.database, q.id)).map((e) => [e.action, e.reason]),
    [
      ['question.lock', 'Resolved; closing the thread'],
      ['question.unlock', null],
    ],
  );
});
