// Votes (one per member per target, even when sent concurrently), follows, and notifications with an unread count.
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember, type TestMember } from '../../helper.js';
import { createQaService } from '../../../src/modules/qa/qa.service.js';
import { answer, ask, get, reply } from './qa-helper.js';

t.test('votes: up, change, withdraw; never on your own post; bad targets are 400/404', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const voter = await makeMember(app.database);
  const q = await ask(app, asker);
  const a = await answer(app, voter, q.id);
  const vote = (who: typeof asker, payload: object) => app.inject({ method: 'PUT', url: '/api/v1/votes', headers: who.auth, payload });

  t.same((await vote(voter, { targetType: 'question', targetId: q.id, value: 1 })).json(), { targetType: 'question', targetId: q.id, value: 1, score: 1 });
  t.equal((await vote(voter, { targetType: 'question', targetId: q.id, value: 1 })).json().score, 1, 'the same vote again changes nothing');
  t.equal((await vote(voter, { targetType: 'question', targetId: q.id, value: -1 })).json().score, -1, 'changed');
  t.equal((await get(app, voter, `/questions/${q.id}`)).json().myVote, -1);
  t.equal((await vote(voter, { targetType: 'question', targetId: q.id, value: 0 })).json().score, 0, 'withdrawn');
  t.equal((await vote(voter, { targetType: 'question', targetId: q.id, value: 0 })).json().score, 0, 'withdrawing twice is harmless');
  t.equal((await vote(asker, { targetType: 'answer', targetId: a.id, value: 1 })).json().score, 1);
  t.equal((await get(app, asker, `/questions/${q.id}`)).json().answers[0].myVote, 1);

  const own = await vote(asker, { targetType: 'question', targetId: q.id, value: 1 });
  t.equal(own.statusCode, 403);
  t.equal(own.json().code, 'OWN_POST');
  t.equal((await vote(voter, { targetType: 'answer', targetId: a.id, value: -1 })).json().code, 'OWN_POST');
  t.equal((await vote(voter, { targetType: 'question', targetId: q.id, value: 2 })).statusCode, 400);
  t.equal((await vote(voter, { targetType: 'reply', targetId: q.id, value: 1 })).statusCode, 400);
  t.equal((await vote(voter, { targetType: 'question', targetId: 'x', value: 1 })).statusCode, 400);
  t.equal((await vote(voter, { targetType: 'answer', targetId: q.id, value: 1 })).statusCode, 404, 'a question id is no answer id');
  t.equal((await vote(voter, { targetType: 'question', targetId: '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11', value: 1 })).statusCode, 404);
});

t.test('voting twice concurrently: exactly one vote stands and the score agrees with the votes', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const [v0, v1, v2] = await Promise.all([1, 2, 3].map(() => makeMember(app.database))) as [TestMember, TestMember, TestMember];
  const voters = [v0, v1, v2] as const;
  const q = await ask(app, asker);
  const send = (who: (typeof voters)[number], value: number) =>
    app.inject({ method: 'PUT', url: '/api/v1/votes', headers: who.auth, payload: { targetType: 'question', targetId: q.id, value } });
  // The same member, many times at once, plus others at the same moment.
  const results = await Promise.all([
    ...Array.from({ length: 6 }, () => send(voters[0], 1)),
    ...Array.from({ length: 3 }, () => send(voters[1], -1)),
    send(voters[2], 1),
    send(voters[2], 1),
  ]);
  t.ok(results.every((r) => r.statusCode === 200), 'every request answered 200');
  const { rows } = (await app.database.db.execute(
    (await import('drizzle-orm')).sql`select member_id, value from qa_votes where target_type = 'question' and target_id = ${q.id}`,
  )) as unknown as { rows: { member_id: string; value: number }[] };
  t.equal(rows.length, 3, 'one vote per member');
  const thread = (await get(app, asker, `/questions/${q.id}`)).json();
  t.equal(thread.score, 1, 'score = 1 - 1 + 1');
  t.equal(thread.score, rows.reduce((s, r) => s + Number(r.value), 0), 'the counter matches the votes');
});

t.test('follows and notifications: answers and replies reach followers (not the actor), with unread count and mark-as-read', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const watcher = await makeMember(app.database);
  const quiet = await makeMember(app.database);
  const q = await ask(app, asker);
  const mine = (who: typeof asker) => get(app, who, '/me/notifications?limit=100').then((r) => r.json());
  const ofQ = (page: { items: { questionId: string }[] }) => page.items.filter((n) => n.questionId === q.id);

  const follow = await app.inject({ method: 'PUT', url: `/api/v1/questions/${q.id}/follow`, headers: watcher.auth });
  t.same(follow.json(), { questionId: q.id, following: true });
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/questions/${q.id}/follow`, headers: watcher.auth })).statusCode, 200, 'idempotent');
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/questions/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/follow', headers: watcher.auth })).statusCode, 404);
  t.equal((await app.inject({ method: 'DELETE', url: '/api/v1/questions/6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11/follow', headers: watcher.auth })).statusCode, 404);
  t.equal((await app.inject({ method: 'DELETE', url: '/api/v1/questions/not-a-uuid/follow', headers: watcher.auth })).statusCode, 400);

  const a = await answer(app, helper, q.id, `Answer mentioning @${quiet.id} who knows this.`);
  const askerPage = await mine(asker);
  t.match(ofQ(askerPage), [{ kind: 'qa_answer', answerId: a.id, replyId: null, actor: { id: helper.id }, read: false, questionTitle: q.title }]);
  t.ok(askerPage.unreadCount >= 1);
  t.equal(ofQ(await mine(watcher)).length, 1, 'followers hear of answers');
  t.same(ofQ(await mine(helper)), [], 'the actor does not notify themselves');
  t.match(ofQ(await mine(quiet)), [{ kind: 'qa_mention', answerId: a.id }], 'a mention reaches someone who does not follow');

  const r = await reply(app, asker, a.id, 'Which payer?');
  t.match(ofQ(await mine(helper)), [{ kind: 'qa_reply', replyId: r.id, actor: { id: asker.id } }], 'answerers follow automatically');
  t.equal((await get(app, helper, `/questions/${q.id}`)).json().following, true);

  const watcherBefore = ofQ(await mine(watcher)).length;
  t.equal(watcherBefore, 2, 'the answer and the reply');
  const unfollow = await app.inject({ method: 'DELETE', url: `/api/v1/questions/${q.id}/follow`, headers: watcher.auth });
  t.same(unfollow.json(), { questionId: q.id, following: false });
  await reply(app, helper, a.id, 'Our largest commercial payer.', r.id);
  t.equal(ofQ(await mine(watcher)).length, watcherBefore, 'no more after unfollowing');
  t.equal(ofQ(await mine(asker)).length, 2);

  // Read state: ids, then all; the unread filter; pages.
  const before = await mine(asker);
  const first = ofQ(before)[0] as unknown as { id: string };
  const read = await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: asker.auth, payload: { ids: [first.id] } });
  t.equal(read.json().unreadCount, before.unreadCount - 1);
  t.notOk(ofQ(await get(app, asker, '/me/notifications?unread=true&limit=100').then((x) => x.json())).some((n) => (n as unknown as { id: string }).id === first.id));
  const all = await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: asker.auth, payload: { all: true } });
  t.same(all.json(), { unreadCount: 0 });
  t.equal((await mine(asker)).unreadCount, 0);
  for (const payload of [{}, { ids: [] }, { ids: ['x'] }, { ids: [first.id], all: true }, { all: false }]) {
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: asker.auth, payload })).statusCode, 400);
  }
  const p1 = (await get(app, asker, '/me/notifications?limit=1')).json();
  t.equal(p1.items.length, 1);
  const p2 = (await get(app, asker, `/me/notifications?limit=1&cursor=${p1.nextCursor}`)).json();
  t.not(p2.items[0].id, p1.items[0].id);
  t.equal((await get(app, asker, '/me/notifications?cursor=bad!')).statusCode, 400);
});

t.test('notifications follow visibility: hidden posts and circles one has left drop out, and the count with them', async (t) => {
  const app = await build(t);
  const qa = createQaService({ database: app.database });
  const asker = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const circle = await makeCircle(app.database, [asker.id, helper.id]);
  const q = await ask(app, asker, { circleId: circle.id });
  await app.inject({ method: 'PUT', url: `/api/v1/questions/${q.id}/follow`, headers: admin.auth });
  const a = await answer(app, helper, q.id);
  const count = async (who: typeof asker) => (await get(app, who, '/me/notifications?limit=100')).json();
  const n0 = await count(asker);
  t.equal(n0.items.filter((n: { answerId: string }) => n.answerId === a.id).length, 1);
  t.equal((await count(admin)).items.filter((n: { answerId: string }) => n.answerId === a.id).length, 1, 'admins who follow hear too');

  await qa.setHidden('answer', a.id, true, 'spam');
  const n1 = await count(asker);
  t.equal(n1.items.filter((n: { answerId: string }) => n.answerId === a.id).length, 0, 'a hidden answer leaves the list');
  t.equal(n1.unreadCount, n0.unreadCount - 1, '…and the unread count');
  await qa.setHidden('answer', a.id, false, null);

  await app.database.db.execute((await import('drizzle-orm')).sql`update circle_members set status = 'removed' where circle_id = ${circle.id} and member_id = ${asker.id}`);
  t.equal((await count(asker)).items.filter((n: { questionId: string }) => n.questionId === q.id).length, 0, 'a circle left takes its notifications along');
});
