// Anonymous questions: the asker appears in no response to any member (not even to themselves), only to admins.
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { answer, ask, get, uniqueTag, uniqueWord } from './qa-helper.js';

t.test('an anonymous asker never appears in any response to a member; admins see who asked', async (t) => {
  const app = await build(t);
  const secretName = `Secret ${uniqueWord('Asker')}`;
  const asker = await makeMember(app.database, { displayName: secretName });
  const helper = await makeMember(app.database);
  const follower = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const tag = uniqueTag();
  const word = uniqueWord();
  const bodies: string[] = [];
  const seen = async <T extends { body: string; statusCode: number }>(res: Promise<T> | T): Promise<T> => {
    const r = await res;
    bodies.push(r.body);
    return r;
  };
  const inject = (who: typeof asker, method: string, url: string, payload?: object) =>
    seen(app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers: who.auth, payload }));

  const created = await inject(asker, 'POST', '/questions', {
    title: `Our ${word} payer cut rates, what now?`,
    body: `Asking anonymously; @${follower.id} you had this happen.`,
    tags: [tag],
    anonymous: true,
  });
  t.equal(created.statusCode, 201);
  const q = created.json();
  t.equal(q.author, null, 'not even the asker sees their name on it');
  t.equal(q.mine, true, 'but the asker knows it is theirs, and may edit it');
  t.equal(q.anonymous, true);

  const a = (await inject(helper, 'POST', `/questions/${q.id}/answers`, { body: 'Ask for their fee schedule in writing.' })).json();
  const own = (await inject(asker, 'POST', `/questions/${q.id}/answers`, { body: 'Update from the asker: it worked.' })).json();
  t.equal(own.author, null, "the asker's own answer in the thread is anonymous too");
  t.equal(own.byAsker, true);
  const r = (await inject(asker, 'POST', `/answers/${a.id}/replies`, { body: 'Thanks! Which letter template did you use?' })).json();
  t.equal(r.author, null);
  t.equal(r.byAsker, true);
  await inject(helper, 'POST', `/answers/${a.id}/replies`, { body: 'The standard one.', parentId: r.id });
  await inject(follower, 'PUT', `/questions/${q.id}/follow`);
  await inject(asker, 'POST', `/answers/${a.id}/replies`, { body: 'Great, thanks again.' });

  const edited = await inject(asker, 'PATCH', `/questions/${q.id}`, { body: 'Edited, still anonymous.' });
  t.equal(edited.statusCode, 200, 'the anonymous author can edit');
  t.equal(edited.json().author, null);
  await inject(asker, 'PATCH', `/answers/${own.id}`, { body: 'Update from the asker: it worked, twice.' });
  await inject(asker, 'PATCH', `/replies/${r.id}`, { body: 'Thanks! Which template?' });
  await inject(helper, 'PUT', '/votes', { targetType: 'question', targetId: q.id, value: 1 });
  await inject(asker, 'POST', `/questions/${q.id}/accept`, { answerId: a.id });

  for (const who of [asker, helper, follower]) {
    await inject(who, 'GET', `/questions?tag=${tag}`);
    await inject(who, 'GET', `/questions?tag=${tag}&sort=top`);
    await inject(who, 'GET', `/questions?q=${word}`);
    await inject(who, 'GET', `/questions/similar?title=${word}`);
    await inject(who, 'GET', `/questions/${q.id}`);
    await inject(who, 'GET', `/questions/${q.id}/answers`);
    await inject(who, 'GET', `/answers/${a.id}/replies`);
    await inject(who, 'GET', `/questions/${q.id}/revisions`);
    await inject(who, 'GET', `/answers/${own.id}/revisions`);
    await inject(who, 'GET', `/replies/${r.id}/revisions`);
    await inject(who, 'GET', '/me/notifications');
  }

  const helperNotifications = (await get(app, helper, '/me/notifications')).json().items.filter((n: { questionId: string }) => n.questionId === q.id);
  t.ok(helperNotifications.length >= 2, 'the answerer hears of the asker’s replies');
  t.ok(helperNotifications.every((n: { actor: unknown }) => n.actor === null), '…without learning who the asker is');
  const mention = (await get(app, follower, '/me/notifications')).json().items.find((n: { kind: string; questionId: string }) => n.kind === 'qa_mention' && n.questionId === q.id);
  t.ok(mention, 'the mention in the anonymous question arrived');
  t.equal(mention.actor, null);

  t.ok(bodies.length > 40);
  for (const body of bodies) {
    t.notOk(body.includes(asker.id), 'the asker id appears in no member response');
    t.notOk(body.includes(secretName), 'the asker name appears in no member response');
  }

  // Admins see who asked, everywhere.
  const adminThread = (await get(app, admin, `/questions/${q.id}`)).json();
  t.same(adminThread.author, { id: asker.id, displayName: secretName });
  t.same(adminThread.answers.find((x: { id: string }) => x.id === own.id).author, { id: asker.id, displayName: secretName });
  t.same((await get(app, admin, `/questions?tag=${tag}`)).json().items[0].author, { id: asker.id, displayName: secretName });
  t.same((await get(app, admin, `/questions/${q.id}/revisions`)).json().items[0].author.id, asker.id);
});

t.test('a named question shows its author to everyone, and an answerer other than the asker is never anonymous', async (t) => {
  const app = await build(t);
  const asker = await makeMember(app.database, { displayName: 'Named Nora' });
  const helper = await makeMember(app.database, { displayName: 'Helpful Hal' });
  const q = await ask(app, asker, { anonymous: true });
  const a = await answer(app, helper, q.id);
  t.same(a.author, { id: helper.id, displayName: 'Helpful Hal' });
  t.equal(a.byAsker, false);
  const named = await ask(app, asker);
  t.same((await get(app, helper, `/questions/${named.id}`)).json().author, { id: asker.id, displayName: 'Named Nora' });
});
