// The admin's network overview: counts move by exactly what a test creates (the file has a database of its own).
import t from 'tap';
import { build, makeAdmin, makeCircle, makeMember, useOwnDatabase } from '../../helper.js';
import { answer, ask } from '../qa/qa-helper.js';
import { weekStart } from '../../../src/modules/stats/stats.service.js';

type App = Awaited<ReturnType<typeof build>>;
type Stats = {
  members: { byStatus: { status: string; count: number }[]; activeByPracticeType: { practiceType: string; count: number }[] };
  circles: { open: number; closed: number; byHealth: { health: string; count: number }[] };
  qa: { weeks: { weekStart: string; questions: number; answers: number }[] };
  reports: { open: number; byTargetType: { targetType: string; count: number }[] };
};
// On PostgreSQL other test files write to the shared test database at the same time: counts are read from a private one.
useOwnDatabase();

const read = async (app: App, who: { auth: Record<string, string> }, query = '') => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/admin/stats${query}`, headers: who.auth });
  return { statusCode: res.statusCode, body: res.json() };
};
const pick = <T extends Record<string, unknown>>(list: T[], field: keyof T, key: string) => Number(list.find((r) => r[field] === key)?.count ?? 0);

/** The counts moved by exactly `expected`. */
function moved(t: { equal(a: number, b: number, m: string): void }, before: number, after: number, expected: number, what: string) {
  t.equal(after - before, expected, `${what}: +${expected}`);
}

t.test('the overview counts members, circles by health, Q&A per week and open reports', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const before = (await read(app, admin)).body as Stats;
  t.equal(before.qa.weeks.length, 12, 'twelve weeks by default');
  t.equal(before.qa.weeks.at(-1)!.weekStart, weekStart(new Date()).toISOString().slice(0, 10), 'this week last');
  t.same(before.members.byStatus.map((r) => r.status), ['pending', 'active', 'suspended', 'rejected'], 'every status, in order');
  t.ok(before.members.activeByPracticeType.length >= 10 && before.circles.byHealth.some((r) => r.health === 'below_min'));

  await makeMember(app.database, { status: 'pending', profile: { practiceType: 'pediatric' } });
  const [asker, helper, third] = [
    await makeMember(app.database, { profile: { practiceType: 'pediatric' } }),
    await makeMember(app.database, { profile: { practiceType: 'sports' } }),
    await makeMember(app.database, { profile: { practiceType: 'sports' } }),
  ];
  await makeCircle(app.database, [asker.id, helper.id]);
  const q = await ask(app, asker, { title: 'How do you price a pediatric evaluation?' });
  await ask(app, helper, { title: 'Which scheduling tool handles group classes well?' });
  await answer(app, helper, q.id);
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/reports', headers: third.auth, payload: { targetType: 'question', targetId: q.id, reason: 'spam' } })).statusCode, 201);

  const after = (await read(app, admin)).body as Stats;
  moved(t, pick(before.members.byStatus, 'status', 'pending'), pick(after.members.byStatus, 'status', 'pending'), 1, 'pending members');
  moved(t, pick(before.members.byStatus, 'status', 'active'), pick(after.members.byStatus, 'status', 'active'), 3, 'active members');
  moved(t, pick(before.members.activeByPracticeType, 'practiceType', 'pediatric'), pick(after.members.activeByPracticeType, 'practiceType', 'pediatric'), 1, 'active pediatric');
  moved(t, pick(before.members.activeByPracticeType, 'practiceType', 'sports'), pick(after.members.activeByPracticeType, 'practiceType', 'sports'), 2, 'active sports');
  moved(t, before.circles.open, after.circles.open, 1, 'open circles');
  moved(t, pick(before.circles.byHealth, 'health', 'below_min'), pick(after.circles.byHealth, 'health', 'below_min'), 1, 'circles below their minimum');
  moved(t, before.qa.weeks.at(-1)!.questions, after.qa.weeks.at(-1)!.questions, 2, 'questions this week');
  moved(t, before.qa.weeks.at(-1)!.answers, after.qa.weeks.at(-1)!.answers, 1, 'answers this week');
  moved(t, before.reports.open, after.reports.open, 1, 'open reports');
  moved(t, pick(before.reports.byTargetType, 'targetType', 'question'), pick(after.reports.byTargetType, 'targetType', 'question'), 1, 'open reports on questions');
  t.equal(after.reports.open, after.reports.byTargetType.reduce((n, r) => n + r.count, 0), 'the total is the sum');
});

t.test('weeks is validated; members get 403 and strangers 401', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const member = await makeMember(app.database);
  const four = await read(app, admin, '?weeks=4');
  t.equal(four.body.qa.weeks.length, 4);
  const days = four.body.qa.weeks.map((w: { weekStart: string }) => Date.parse(w.weekStart));
  t.same(days.slice(1).map((d: number, i: number) => d - days[i]), [7, 7, 7].map((n) => n * 86_400_000), 'consecutive weeks');
  for (const q of ['?weeks=0', '?weeks=53', '?weeks=x', '?other=1']) t.match(await read(app, admin, q), { statusCode: 400, body: { code: 'VALIDATION_FAILED' } }, q);
  t.match(await read(app, member), { statusCode: 403, body: { code: 'FORBIDDEN' } });
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/admin/stats' })).statusCode, 401);
});

t.test('weeks start on Monday, UTC', async (t) => {
  t.equal(weekStart(new Date('2026-11-30T07:00:00Z')).toISOString(), '2026-11-30T00:00:00.000Z', 'a Monday');
  t.equal(weekStart(new Date('2026-12-06T23:59:59Z')).toISOString(), '2026-11-30T00:00:00.000Z', 'the Sunday after');
  t.equal(weekStart(new Date('2027-01-01T12:00:00Z')).toISOString(), '2026-12-28T00:00:00.000Z', 'across a year');
});
