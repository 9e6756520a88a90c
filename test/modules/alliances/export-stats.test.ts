// The CSV export parsed back with csv-parse (hostile cells included), and the admin statistics without a private note.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import tap from 'tap';
import { build, makeAdmin, makeMember, type TestMember } from '../../helper.js';
import { place } from '../matching/support.js';

type App = Awaited<ReturnType<typeof build>>;
const call = (app: App, who: TestMember, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });

const HOSTILE_NOTES = [
  '=HYPERLINK("http://evil.example","click")',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(A1:A9)',
  'comma, "quotes" and\nnew lines\r\nand more',
  '\t=cmd after a tab (free text is trimmed on input, so this starts with =)',
  'Plain note with ünïcödé ✓',
];

tap.test('the CSV export round-trips through a CSV parser; formula-leading cells are made inert', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database, { profile: place(3) });
  const partner = await makeMember(app.database, { displayName: 'Partner Owner', profile: place(4) });
  const names = ['Smith, Jones & Co.', "O'Brien Fitness", '-Minus Gym', '+Plus Clinic', 'Town Hall: Rec (Dept) #2'];
  const made: string[] = [];
  for (let i = 0; i < HOSTILE_NOTES.length; i++) {
    const res = await call(app, owner, 'POST', '/me/alliances', {
      partner: { name: names[i % names.length], kind: 'community_org', city: 'Cleveland', state: 'Ohio' },
      type: 'co_marketing',
      notes: HOSTILE_NOTES[i],
    });
    t.equal(res.statusCode, 201, res.body);
    made.push(res.json().id);
  }
  const shared = await call(app, owner, 'POST', '/me/alliances', { partner: { memberId: partner.id }, type: 'referral_exchange', notes: 'shared, mine' });
  t.equal(shared.statusCode, 201);
  // The partner's notes on the shared alliance must not appear in the owner's export.
  t.equal((await call(app, partner, 'PATCH', `/alliances/${shared.json().id}`, { notes: 'PARTNER-SECRET' })).statusCode, 200);

  const res = await call(app, owner, 'GET', '/me/alliances/export.csv');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv/);
  t.match(res.headers['content-disposition'], /attachment; filename="alliances.csv"/);
  t.notMatch(res.body, /PARTNER-SECRET/);
  const records = parse(res.body, { bom: true, columns: true, skip_empty_lines: false, relax_column_count: false }) as Array<Record<string, string>>;
  t.equal(records.length, HOSTILE_NOTES.length + 1, 'one row per alliance');
  const byId = new Map(records.map((r) => [r.id, r]));
  for (let i = 0; i < made.length; i++) {
    const row = byId.get(made[i]!);
    t.ok(row, `row for alliance ${i}`);
    const note = HOSTILE_NOTES[i]!.trim();
    const expected = /^[=+\-@\t\r]/.test(note) ? `'${note}` : note;
    t.equal(row!.notes, expected, `notes ${JSON.stringify(note)} come back ${/^[=+\-@\t]/.test(note) ? 'prefixed' : 'intact'}`);
    const name = names[i % names.length]!;
    t.equal(row!.partner, /^[=+\-@]/.test(name) ? `'${name}` : name);
    t.equal(row!.partner_city, 'Cleveland');
    t.equal(row!.type, 'co_marketing');
  }
  t.equal(byId.get(shared.json().id)!.partner, 'Partner Owner');
  t.equal(byId.get(shared.json().id)!.notes, 'shared, mine');
  for (const r of records) for (const v of Object.values(r)) t.notOk(/^[=+\-@\t\r]/.test(v), `no cell starts a formula: ${JSON.stringify(v)}`);
});

tap.test('admin stats: counts by type and status and overdue reviews, never a private note; members get 403', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  // Owners in a state of this run's own: other test files write alliances in parallel on a shared PostgreSQL database.
  const state = `Teststate ${randomUUID().replace(/[^a-f]/g, '').slice(0, 10)}`;
  const inState = (i: number) => {
    const p = place(i);
    return { ...p, region: { ...p.region, state } };
  };
  const owner = await makeMember(app.database, { profile: inState(6) });
  const partner = await makeMember(app.database, { profile: inState(7) });
  const statsUrl = `/admin/alliances/stats?state=${encodeURIComponent(state)}`;
  const before = (await call(app, admin, 'GET', statsUrl)).json();
  t.same(before, { total: 0, byType: {}, byStatus: {}, shared: 0, outside: 0, fromMatching: 0, overdueReviews: 0, reviews: { count: 0, averageBenefitToOwner: null } }, 'nothing yet in that state');
  const everywhere = (await call(app, admin, 'GET', '/admin/alliances/stats')).json();
  const overdue = await call(app, owner, 'POST', '/me/alliances', {
    partner: { name: 'Lincoln Elementary', kind: 'school' },
    type: 'shared_space',
    nextReviewOn: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10),
    notes: 'TOP-SECRET-NOTE-1',
  });
  t.equal(overdue.statusCode, 201);
  const shared = await call(app, owner, 'POST', '/me/alliances', { partner: { memberId: partner.id }, type: 'joint_planning', notes: 'TOP-SECRET-NOTE-2' });
  await call(app, owner, 'POST', `/alliances/${overdue.json().id}/reviews`, { reviewedOn: new Date().toISOString().slice(0, 10), benefitToMe: 5, benefitToPartner: 4, note: 'TOP-SECRET-REVIEW' });
  t.equal(shared.statusCode, 201);
  const res = await call(app, admin, 'GET', statsUrl);
  t.equal(res.statusCode, 200, res.body);
  const s = res.json();
  t.equal(s.total, before.total + 2);
  t.equal(s.byType.shared_space, (before.byType.shared_space ?? 0) + 1);
  t.equal(s.byType.joint_planning, (before.byType.joint_planning ?? 0) + 1);
  t.equal(s.byStatus.proposed, (before.byStatus.proposed ?? 0) + 1);
  t.equal(s.shared, before.shared + 1);
  t.equal(s.overdueReviews, before.overdueReviews + 1);
  t.equal(s.reviews.count, before.reviews.count + 1);
  t.equal(s.reviews.averageBenefitToOwner, 5);
  t.notMatch(res.body, /TOP-SECRET/, 'no note, no review note');
  const all = await call(app, admin, 'GET', '/admin/alliances/stats');
  t.ok(all.json().total >= everywhere.total + 2, 'the unscoped view counts them too');
  t.notMatch(all.body, /TOP-SECRET/);
  t.equal((await call(app, owner, 'GET', '/admin/alliances/stats')).statusCode, 403);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/admin/alliances/stats' })).statusCode, 401);
});
