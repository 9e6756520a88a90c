// Approvals with the eligibility check (override + reason, audited), rejections (audited; the applicant is told), and the directory.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { auditLog } from '../../../src/db/schema/index.js';
import { build, makeAdmin, makeMember, memberRow, PASSWORD } from '../../helper.js';

const auditOf = async (app: Awaited<ReturnType<typeof build>>, id: string, action: string) =>
  app.database.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, action)));

t.test('approving an ineligible applicant needs override and a reason, both audited', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const notTop = await makeMember(app.database, { status: 'pending', profile: { isTopExecutive: false } });
  const approve = (payload?: object) =>
    app.inject({ method: 'POST', url: `/api/v1/admin/members/${notTop.id}/approve`, headers: admin.auth, ...(payload ? { payload } : {}) });

  const plain = await approve();
  t.equal(plain.statusCode, 422);
  t.equal(plain.json().code, 'NOT_ELIGIBLE');
  t.match(plain.json().message, /not the top executive/);
  const noReason = await approve({ override: true });
  t.equal(noReason.statusCode, 400);
  t.equal(noReason.json().code, 'REASON_REQUIRED');
  t.equal((await memberRow(app.database, notTop.id))!.status, 'pending', 'nothing changed');
  t.same(await auditOf(app, notTop.id, 'member.approve'), []);

  const ok = await approve({ override: true, reason: 'co-owner, confirmed by phone' });
  t.equal(ok.statusCode, 200, ok.body);
  const [entry] = await auditOf(app, notTop.id, 'member.approve');
  t.match(entry, { actorId: admin.id, reason: 'co-owner, confirmed by phone', details: { eligible: false, override: true, notes: ['not the top executive of the practice'] } });

  const eligible = await makeMember(app.database, { status: 'pending' });
  const plainOk = await app.inject({ method: 'POST', url: `/api/v1/admin/members/${eligible.id}/approve`, headers: admin.auth });
  t.equal(plainOk.statusCode, 200, 'an eligible applicant needs no override');
  t.match((await auditOf(app, eligible.id, 'member.approve'))[0], { reason: null, details: { eligible: true, override: false } });
});

t.test('a stored profile that never answered years in the role is not eligible', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const old = await makeMember(app.database, { status: 'pending', profile: { yearsInRole: undefined } });
  const list = await app.inject({ method: 'GET', url: '/api/v1/admin/members?status=pending&limit=100', headers: admin.auth });
  const item = list.json().items.find((i: { id: string }) => i.id === old.id);
  t.match(item.eligibility, { eligible: false, yearsInRole: null, notes: ['years in the role not answered'] });
});

t.test('rejecting: pending only, reason required, audited; the applicant cannot log in and is told why', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const applicant = await makeMember(app.database, { status: 'pending' });
  const active = await makeMember(app.database);
  const reject = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1/admin/members/${id}/reject`, headers: admin.auth, payload });

  const noReason = await reject(applicant.id, {});
  t.equal(noReason.statusCode, 400);
  const activeOne = await reject(active.id, { reason: 'changed my mind' });
  t.equal(activeOne.statusCode, 409);
  t.equal(activeOne.json().code, 'NOT_PENDING');
  t.equal((await memberRow(app.database, active.id))!.status, 'active', 'an active member is left alone');
  const memberTries = await app.inject({ method: 'POST', url: `/api/v1/admin/members/${applicant.id}/reject`, headers: active.auth, payload: { reason: 'nope' } });
  t.equal(memberTries.statusCode, 403);

  const res = await reject(applicant.id, { reason: 'The practice is a hospital department, not an owner-run practice' });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { status: 'rejected', rejectedReason: /hospital department/, rejectedAt: String });
  t.match((await auditOf(app, applicant.id, 'member.reject'))[0], { actorId: admin.id, reason: /hospital department/ });
  t.equal((await reject(applicant.id, { reason: 'twice' })).json().code, 'NOT_PENDING');

  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: applicant.email, password: PASSWORD } });
  t.equal(login.statusCode, 403);
  t.equal(login.json().code, 'REGISTRATION_REJECTED');
  t.match(login.json().message, /hospital department/, 'told why');
  const token = await app.inject({ method: 'GET', url: '/api/v1/me', headers: applicant.auth });
  t.equal(token.statusCode, 403, 'an old token no longer works');
  const queue = await app.inject({ method: 'GET', url: '/api/v1/admin/members?status=rejected&limit=100', headers: admin.auth });
  t.ok(queue.json().items.some((i: { id: string }) => i.id === applicant.id));
});

t.test('the directory: active members by name, practice type, state and goal; hidden members and others stay out', async (t) => {
  const app = await build(t);
  const tag = `Zyx${Math.random().toString(36).slice(2, 8)}`;
  const viewer = await makeMember(app.database);
  await makeMember(app.database, {
    displayName: `${tag} Alvarez`,
    profile: { practiceType: 'pediatric', services: ['pediatric'], goals: ['cash_services'], region: { country: 'US', state: 'Texas', city: 'Austin' } },
  });
  const ortho = await makeMember(app.database, { displayName: `${tag} Brooks`, profile: { practiceName: `${tag} Ortho Group` } });
  const hidden = await makeMember(app.database, { displayName: `${tag} Hidden`, profile: { hideFromDirectory: true } });
  const pending = await makeMember(app.database, { displayName: `${tag} Pending`, status: 'pending' });
  const suspended = await makeMember(app.database, { displayName: `${tag} Suspended`, status: 'suspended' });
  const dir = (q: string, who = viewer) => app.inject({ method: 'GET', url: `/api/v1/members?${q}`, headers: who.auth });
  const names = (res: { json(): { items: Array<{ displayName: string }> } }) => res.json().items.map((i) => i.displayName);

  const all = await dir(`q=${tag}`);
  t.equal(all.statusCode, 200, all.body);
  t.same(names(all), [`${tag} Alvarez`, `${tag} Brooks`], 'by name; hidden, pending and suspended members are not listed');
  t.notOk(all.body.includes('avoidMemberIds') || all.body.includes('@example'), 'public profiles only');
  t.same(names(await dir(`q=${tag}&practiceType=pediatric`)), [`${tag} Alvarez`]);
  t.same(names(await dir(`q=${tag}&state=texas`)), [`${tag} Alvarez`]);
  t.same(names(await dir(`q=${tag}&goal=cash_services`)), [`${tag} Alvarez`]);
  t.same(names(await dir(`q=${tag.toLowerCase()}%20ortho`)), [`${tag} Brooks`], 'the practice name matches too');
  t.same(names(await dir('q=100%25')), [], 'a % in q is a literal');

  const first = await dir(`q=${tag}&limit=1`);
  t.same(names(first), [`${tag} Alvarez`]);
  const second = await dir(`q=${tag}&limit=1&cursor=${first.json().nextCursor}`);
  t.same(names(second), [`${tag} Brooks`]);
  t.equal(second.json().nextCursor, null);

  const unhide = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: hidden.auth, payload: { hideFromDirectory: false } });
  t.equal(unhide.statusCode, 200);
  t.same(names(await dir(`q=${tag}`)), [`${tag} Alvarez`, `${tag} Brooks`, `${tag} Hidden`], 'a member can show themselves again');
  t.equal((await dir('goal=world_domination')).statusCode, 400);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/members' })).statusCode, 401);
  t.equal((await dir('', pending)).statusCode, 403, 'pending applicants cannot browse');
  void ortho;
  void suspended;
});
