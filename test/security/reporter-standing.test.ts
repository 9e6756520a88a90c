// Reports as a weapon: only reporters in good standing can auto-hide; restored content is not re-hidden by the same reports.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { members } from '../../src/db/schema/index.js';
import { build, makeAdmin, makeMember, type TestMember } from '../helper.js';
import { ask, get } from '../modules/qa/qa-helper.js';
import { report } from '../modules/moderation/support.js';

type App = Awaited<ReturnType<typeof build>>;
const STANDING = { AUTO_HIDE_REPORTS: 3, REPORTER_STANDING_DAYS: 7 };

/** A member approved `days` ago. */
async function veteran(app: App, days = 30): Promise<TestMember> {
  const m = await makeMember(app.database);
  await app.database.db.update(members).set({ approvedAt: new Date(Date.now() - days * 86_400_000) }).where(eq(members.id, m.id));
  return m;
}

const visible = async (app: App, who: TestMember, id: string) => (await get(app, who, `/questions/${id}`)).statusCode === 200;

t.test('three fresh accounts cannot hide a post; their reports still reach the queue', async (t) => {
  const app = await build(t, STANDING);
  const admin = await makeAdmin(app.database);
  const author = await veteran(app);
  const q = await ask(app, author);
  for (let i = 0; i < 3; i++) {
    const fresh = await makeMember(app.database);
    t.equal((await report(app, fresh, { targetType: 'question', targetId: q.id })).statusCode, 201);
  }
  t.ok(await visible(app, author, q.id), 'still visible after three fresh reporters');
  const queue = (await app.inject({ method: 'GET', url: '/api/v1/admin/reports?targetType=question&limit=100', headers: admin.auth })).json();
  t.match(queue.items.find((i: { targetId: string }) => i.targetId === q.id), { reportCount: 3, target: { state: 'visible' } }, 'queued for an admin');
  // Established members still can.
  const olds = [await veteran(app), await veteran(app)];
  t.equal((await report(app, olds[0]!, { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.ok(await visible(app, author, q.id), 'one in good standing: visible');
  t.equal((await report(app, olds[1]!, { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.ok(await visible(app, author, q.id), 'two in good standing (plus three fresh): visible');
  t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.notOk(await visible(app, author, q.id), 'three in good standing hide it');
});

t.test('a reporter with a dismissed report, or not active, does not count', async (t) => {
  const app = await build(t, STANDING);
  const admin = await makeAdmin(app.database);
  const author = await veteran(app);
  const crier = await veteran(app);
  // One of crier's reports was dismissed.
  const bait = await ask(app, author);
  const filed = (await report(app, crier, { targetType: 'question', targetId: bait.id })).json();
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/reports/${filed.id}/resolve`, headers: admin.auth, payload: { action: 'dismiss', reason: 'Not spam' } })).statusCode, 200);
  const q = await ask(app, author);
  for (const who of [crier, await veteran(app), await veteran(app)]) {
    t.equal((await report(app, who, { targetType: 'question', targetId: q.id })).statusCode, 201);
  }
  t.ok(await visible(app, author, q.id), 'two in standing plus one with a dismissed report: visible');
  t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.notOk(await visible(app, author, q.id), 'a third in standing hides it');
});

t.test('content an admin restored is not auto-hidden again by the same reports', async (t) => {
  const app = await build(t, STANDING);
  const admin = await makeAdmin(app.database);
  const author = await veteran(app);
  const q = await ask(app, author);
  for (let i = 0; i < 3; i++) t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.notOk(await visible(app, author, q.id), 'auto-hidden');
  const res = await app.inject({ method: 'POST', url: '/api/v1/admin/content/restore', headers: admin.auth, payload: { targetType: 'question', targetId: q.id, reason: 'Looked fine to me' } });
  t.equal(res.statusCode, 200, res.body);
  t.ok(await visible(app, author, q.id), 'restored');
  // The three old reports are still open; one new report must not add up with them.
  t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.ok(await visible(app, author, q.id), 'not re-hidden by the old reports plus one');
  t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.ok(await visible(app, author, q.id), 'two new: still visible');
  t.equal((await report(app, await veteran(app), { targetType: 'question', targetId: q.id })).statusCode, 201);
  t.notOk(await visible(app, author, q.id), 'three new reporters in standing hide it again');
});
