// The audit log route's time window, three-part actions, and where a content target lives (for the console's links).
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { answer, ask } from '../qa/qa-helper.js';
import { FAST } from './support.js';

type App = Awaited<ReturnType<typeof build>>;
type Entry = { id: string; action: string; targetId: string | null; createdAt: string; context: Record<string, string | null> | null };
const log = async (app: App, admin: { auth: Record<string, string> }, query: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?${query}`, headers: admin.auth });
  return { statusCode: res.statusCode, body: res.json() as { items: Entry[]; code?: string; message?: string } };
};

t.test('the audit log filters by a time window: from inclusive, to exclusive', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const members = [await makeMember(app.database), await makeMember(app.database), await makeMember(app.database)];
  for (const m of members) {
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/members/${m.id}/suspend`, headers: admin.auth, payload: { reason: 'window' } })).statusCode, 200);
  }
  const all = (await log(app, admin, `actorId=${admin.id}`)).body.items;
  t.equal(all.length, 3);
  const [newest, middle, oldest] = all as [Entry, Entry, Entry];
  t.ok(oldest.createdAt < middle.createdAt && middle.createdAt < newest.createdAt, 'distinct times');

  const from = await log(app, admin, `actorId=${admin.id}&from=${encodeURIComponent(middle.createdAt)}`);
  t.equal(from.statusCode, 200);
  t.same(from.body.items.map((e) => e.id), [newest.id, middle.id], 'from includes its instant');
  const to = await log(app, admin, `actorId=${admin.id}&to=${encodeURIComponent(middle.createdAt)}`);
  t.same(to.body.items.map((e) => e.id), [oldest.id], 'to excludes its instant');
  const both = await log(app, admin, `actorId=${admin.id}&from=${encodeURIComponent(oldest.createdAt)}&to=${encodeURIComponent(newest.createdAt)}`);
  t.same(both.body.items.map((e) => e.id), [middle.id, oldest.id]);
  const offset = new Date(Date.parse(middle.createdAt)).toISOString().replace('Z', '+00:00');
  t.same((await log(app, admin, `actorId=${admin.id}&from=${encodeURIComponent(offset)}`)).body.items.length, 2, 'an offset is accepted');

  for (const query of ['from=yesterday', 'to=2026-13-01T00:00:00Z', `from=${encodeURIComponent(newest.createdAt)}&to=${encodeURIComponent(oldest.createdAt)}`]) {
    const res = await log(app, admin, query);
    t.equal(res.statusCode, 400, query);
    t.equal(res.body.code, 'VALIDATION_FAILED', query);
  }
});

t.test('the audit log accepts three-part actions such as matching.round.override', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const res = await log(app, admin, `actorId=${admin.id}&action=matching.round.override`);
  t.equal(res.statusCode, 200);
  t.same(res.body.items, []);
  for (const action of ['a.b.c.d', 'matching..override', 'Matching.round']) t.equal((await log(app, admin, `action=${action}`)).statusCode, 400, action);
});

t.test('entries about an answer say which question it belongs to; other entries have no context', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const [asker, helper] = [await makeMember(app.database), await makeMember(app.database)];
  const q = await ask(app, asker, { title: 'Where do you find a billing lead for a small practice?' });
  const a = await answer(app, helper, q.id, 'Ask your state association for their job board.');
  const hide = await app.inject({ method: 'POST', url: '/api/v1/admin/content/hide', headers: admin.auth, payload: { targetType: 'answer', targetId: a.id, reason: 'checking' } });
  t.equal(hide.statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/members/${asker.id}/suspend`, headers: admin.auth, payload: { reason: 'other' } })).statusCode, 200);

  const entries = (await log(app, admin, `actorId=${admin.id}`)).body.items;
  t.match(entries, [
    { action: 'member.suspend', targetId: asker.id, context: null },
    { action: 'content.hide', targetId: a.id, context: { questionId: q.id } },
  ]);
});
