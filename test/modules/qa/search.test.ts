// Lists and full-text search: ranking (title above body), snippets, tag filters, sorts, keyset pages, bad queries.
import t from 'tap';
import { build, makeMember } from '../../helper.js';
import { createQaService } from '../../../src/modules/qa/qa.service.js';
import { answer, ask, get, uniqueTag, uniqueWord } from './qa-helper.js';

type Item = { id: string; title: string; snippet: string | null; titleHighlight: string | null };
const ids = (res: { json(): { items: Item[] } }) => res.json().items.map((i) => i.id);

t.test('search ranks title matches above body matches and highlights them, HTML-escaped', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const reader = await makeMember(app.database);
  const word = uniqueWord();
  const inTitle = await ask(app, owner, { title: `Is ${word} worth it for a small clinic?`, body: 'Thinking about it.' });
  const inBody = await ask(app, owner, { title: 'Renegotiating with a regional payer', body: `We tried ${word} partnerships with <script>alert(1)</script> & friends.` });
  const res = await get(app, reader, `/questions?q=${word}`);
  t.equal(res.statusCode, 200);
  t.same(ids(res), [inTitle.id, inBody.id], 'title (weight A) above body (weight B), though the body match is newer');
  const [first, second] = res.json().items as [Item, Item];
  t.match(first.titleHighlight, new RegExp(`<mark>${word}</mark>`));
  t.match(second.snippet, new RegExp(`<mark>${word}</mark>`));
  t.match(second.snippet, /&lt;script&gt;/, 'body text is escaped; the only markup is <mark>');
  t.notMatch(second.snippet, /<script>/);
  t.equal((await get(app, reader, `/questions?q=${encodeURIComponent(`"${word} partnerships"`)}`)).json().items.length, 1, 'phrase search');
  t.same(ids(await get(app, reader, `/questions?q=${encodeURIComponent(`${word} -clinic`)}`)), [inBody.id], 'exclusion');
  t.same(ids(await get(app, reader, `/questions?q=${word.toUpperCase()}`)), [inTitle.id, inBody.id], 'case does not matter');
});

t.test('queries that cannot match are an empty result or a 400, never a 500', async (t) => {
  const app = await build(t);
  const reader = await makeMember(app.database);
  for (const q of ['!!!', '"', "'", ':*', '&|!()', '-', 'the and of', '   ', 'or', '"unclosed phrase', 'a:b:c & | <-> !x']) {
    const res = await get(app, reader, `/questions?q=${encodeURIComponent(q)}&limit=5`);
    t.equal(res.statusCode, 200, `q=${q}`);
  }
  t.same((await get(app, reader, `/questions?q=${encodeURIComponent('?!.,;')}`)).json(), { items: [], nextCursor: null }, 'only punctuation');
  const long = await get(app, reader, `/questions?q=${'a'.repeat(2000)}`);
  t.equal(long.statusCode, 400);
  t.equal(long.json().code, 'VALIDATION_FAILED');
  for (const query of ['sort=best', 'limit=0', 'limit=101', 'limit=x', 'circleId=nope', 'tag=two%20words', 'tag=%F0%9F%92%B8', 'tag=a&tag=b&tag=c&tag=d&tag=e&tag=f']) {
    t.equal((await get(app, reader, `/questions?${query}`)).statusCode, 400, query);
  }
  t.equal((await get(app, reader, '/questions?circleId=6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11')).statusCode, 404, 'a circle that is not mine');
});

t.test('sorts and tag filters page by keyset cursors; a tampered or foreign cursor is 400', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const helper = await makeMember(app.database);
  const tag = uniqueTag();
  const other = uniqueTag();
  const made: { id: string }[] = [];
  for (let i = 0; i < 5; i++) made.push(await ask(app, owner, { title: `Question number ${i} about payers`, tags: i % 2 ? [tag, other] : [tag] }));
  await answer(app, helper, made[1]!.id);
  await answer(app, helper, made[3]!.id);
  for (const [i, value] of [[0, 1], [4, -1], [2, 1]] as const) {
    await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: helper.auth, payload: { targetType: 'question', targetId: made[i]!.id, value } });
  }
  const third = await makeMember(app.database);
  await app.inject({ method: 'PUT', url: '/api/v1/votes', headers: third.auth, payload: { targetType: 'question', targetId: made[2]!.id, value: 1 } });

  const walk = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(app, helper, `/questions?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      t.equal(res.statusCode, 200, query);
      seen.push(...ids(res));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor && pages < 10);
    return seen;
  };
  const newest = [...made].reverse().map((q) => q.id);
  t.same(await walk(`tag=${tag}`), newest, 'newest first by default');
  t.same(await walk(`tag=${tag}&sort=newest`), newest);
  t.same(await walk(`tag=${tag}&sort=top`), [made[2]!, made[0]!, made[3]!, made[1]!, made[4]!].map((q) => q.id), 'by score, then newest');
  t.same(await walk(`tag=${tag}&sort=unanswered`), [made[4]!, made[2]!, made[0]!].map((q) => q.id), 'no answers yet');
  t.same(await walk(`tag=${tag}&tag=${other}`), [made[3]!, made[1]!].map((q) => q.id), 'several tags: all of them');
  t.same(await walk(`tag=${tag.toUpperCase()}&sort=relevance`), newest, 'relevance without q lists newest');
  t.same(await walk(`tag=${tag}&q=payers`), await walk(`tag=${tag}&q=payer`), 'stemmed: payers = payer');

  const page = (await get(app, helper, `/questions?tag=${tag}&limit=2`)).json();
  const tampered = Buffer.from(JSON.stringify({ s: 'newest', t: 'yesterday', id: made[0]!.id })).toString('base64url');
  for (const cursor of ['%%%', 'abc', tampered, page.nextCursor.slice(0, -3), 'x'.repeat(600)]) {
    const res = await get(app, helper, `/questions?tag=${tag}&cursor=${encodeURIComponent(cursor)}`);
    t.equal(res.statusCode, 400, `cursor ${cursor.slice(0, 20)}`);
  }
  const foreign = await get(app, helper, `/questions?tag=${tag}&sort=top&cursor=${page.nextCursor}`);
  t.equal(foreign.statusCode, 400, 'a cursor of another sort');
  t.equal(foreign.json().code, 'INVALID_CURSOR');
});

t.test('relevance pages are keyset on (rank, id), and only the newest rankWindow matches are ranked', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const viewer = { memberId: owner.id, isAdmin: false };
  const word = uniqueWord();
  const made: string[] = [];
  for (let i = 0; i < 5; i++) made.push((await ask(app, owner, { title: i === 0 ? `${word} ${word} in the oldest title` : `Question ${i}`, body: `Body with ${word}.` })).id);
  const qa = createQaService({ database: app.database });
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await qa.list(viewer, { q: word, tag: [], limit: 2, cursor });
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  t.equal(seen.length, 5);
  t.equal(new Set(seen).size, 5, 'no repeats across pages');
  t.equal(seen[0], made[0], 'the title match ranks first, though oldest');

  const windowed = createQaService({ database: app.database, rankWindow: 3 });
  const top = await windowed.list(viewer, { q: word, tag: [], limit: 10 });
  t.same(new Set(top.items.map((i) => i.id)), new Set(made.slice(2)), 'only the three newest matches were ranked');
  const newest = await windowed.list(viewer, { q: word, tag: [], limit: 10, sort: 'newest' });
  t.equal(newest.items.length, 5, 'sort=newest is not windowed');
});

t.test('similar questions: titles sharing words, visible ones only; empty for no words', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const word = uniqueWord();
  const other = uniqueWord();
  const match = await ask(app, owner, { title: `Moving PRN staff ${word} ${other}`, body: 'b' });
  const weaker = await ask(app, owner, { title: `Something about ${word}`, body: 'b' });
  await ask(app, owner, { title: 'Unrelated title entirely', body: `${word} only in the body` });
  const res = await get(app, owner, `/questions/similar?title=${encodeURIComponent(`What about ${other} and ${word}?`)}`);
  t.equal(res.statusCode, 200);
  const mine = [match.id, weaker.id];
  const found = res.json().items.map((i: { id: string }) => i.id).filter((id: string) => mine.includes(id));
  t.same(found, mine, 'more shared words first; body-only matches are not similar');
  t.same(Object.keys(res.json().items[0]).sort(), ['answerCount', 'createdAt', 'hasAcceptedAnswer', 'id', 'score', 'tags', 'title']);
  t.equal((await get(app, owner, `/questions/similar?title=${word}&limit=1`)).json().items.length, 1);
  t.same((await get(app, owner, '/questions/similar?title=%3F%3F')).json().items, []);
  t.same((await get(app, owner, '/questions/similar?title=the%20and')).json().items, [], 'stop words only');
  t.equal((await get(app, owner, `/questions/similar?title=${'a'.repeat(301)}`)).statusCode, 400);
  t.equal((await get(app, owner, '/questions/similar')).statusCode, 400);
});
