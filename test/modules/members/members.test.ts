// Own record, profile updates, public profiles, the admin's approval queue.
import t from 'tap';
import { build, makeAdmin, makeMember, memberRow } from '../../helper.js';

t.test('GET /me returns my record with email and full profile', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: m.auth });
  t.equal(res.statusCode, 200);
  t.equal(res.json().email, m.email);
  t.ok(Array.isArray(res.json().profile.avoidMemberIds));
  t.notMatch(res.body, /argon2|passwordHash/);
});

t.test('PATCH /me/profile updates only the given fields and validates them', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const res = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload: { clinicians: 9, goals: ['payer_contracting'] } });
  t.equal(res.statusCode, 200);
  t.equal(res.json().profile.clinicians, 9);
  t.same(res.json().profile.goals, ['payer_contracting']);
  t.equal(res.json().profile.practiceName, 'Riverbend Physical Therapy', 'other fields kept');

  const before = await memberRow(app.database, m.id);
  const bad = [
    { clinicians: 0 },
    { goals: [] },
    { timezone: 'Nowhere/Land' },
    { region: { country: 'USA', state: 'Ohio' } },
    { region: { country: 'US', state: 'Ohio', lat: 10 } },
    { practiceType: 'dentistry' },
    { strengths: ['a', 'b'] },
    { unknownField: 1 },
    {},
    { avoidMemberIds: ['not-a-uuid'] },
    { avoidMemberIds: [m.id] },
    { practiceName: '<script>x</script>' },
  ];
  for (const payload of bad) {
    const r = await app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: m.auth, payload });
    t.equal(r.statusCode, 400, JSON.stringify(payload));
    t.equal(r.json().code, 'VALIDATION_FAILED');
  }
  const after = await memberRow(app.database, m.id);
  t.same(after!.profile, before!.profile, 'nothing changed');
});

t.test('GET /members/:id is the public profile: no email, no avoid list, no exact location', async (t) => {
  const app = await build(t);
  const viewer = await makeMember(app.database);
  const other = await makeMember(app.database, { displayName: 'Sam Okafor' });
  const res = await app.inject({ method: 'GET', url: `/api/v1/members/${other.id}`, headers: viewer.auth });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.displayName, 'Sam Okafor');
  t.notOk('email' in body);
  t.notOk(res.body.includes(other.email), 'email appears nowhere');
  t.notOk('avoidMemberIds' in body.profile);
  t.notOk('lat' in body.profile.region);
  t.notOk('postalCode' in body.profile.region);
  t.equal(body.profile.region.city, 'Columbus');
});

t.test('GET /members/:id hides pending members from peers and answers 404 for unknown and 400 for bad ids', async (t) => {
  const app = await build(t);
  const viewer = await makeMember(app.database);
  const pending = await makeMember(app.database, { status: 'pending' });
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/members/${pending.id}`, headers: viewer.auth })).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/members/00000000-0000-4000-8000-000000000000', headers: viewer.auth })).statusCode, 404);
  const bad = await app.inject({ method: 'GET', url: '/api/v1/members/not-a-uuid', headers: viewer.auth });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'VALIDATION_FAILED');
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/members/${viewer.id}` })).statusCode, 401);
  const admin = await makeAdmin(app.database);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/members/${pending.id}`, headers: admin.auth })).statusCode, 200);
});

t.test('admins list pending registrations with the eligibility check and approve them', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const newcomer = await makeMember(app.database, { status: 'pending', profile: { yearsInBusiness: 0 } });
  const seen = new Map<string, Record<string, any>>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/v1/admin/members?status=pending&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await app.inject({ method: 'GET', url, headers: admin.auth });
    t.equal(res.statusCode, 200);
    for (const item of res.json().items) {
      t.equal(item.status, 'pending');
      t.notOk(seen.has(item.id), 'no duplicates across pages');
      seen.set(item.id, item);
    }
    cursor = res.json().nextCursor;
    pages++;
  } while (cursor && pages < 100);
  const item = seen.get(newcomer.id);
  t.ok(item, 'the newcomer is in the queue');
  t.equal(item!.eligibility.eligible, false);
  t.match(item!.eligibility.notes.join(' '), /less than a year/);

  // The newcomer fails the check: approving needs override and a reason.
  const refused = await app.inject({ method: 'POST', url: `/api/v1/admin/members/${newcomer.id}/approve`, headers: admin.auth });
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().code, 'NOT_ELIGIBLE');
  t.equal((await memberRow(app.database, newcomer.id))!.status, 'pending', 'nothing changed');
  const ok = await app.inject({
    method: 'POST',
    url: `/api/v1/admin/members/${newcomer.id}/approve`,
    headers: admin.auth,
    payload: { override: true, reason: 'bought an established practice last month' },
  });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().status, 'active');
  const again = await app.inject({ method: 'POST', url: `/api/v1/admin/members/${newcomer.id}/approve`, headers: admin.auth });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'NOT_PENDING');
  const missing = await app.inject({ method: 'POST', url: '/api/v1/admin/members/00000000-0000-4000-8000-000000000000/approve', headers: admin.auth });
  t.equal(missing.statusCode, 404);
});

t.test('admin routes answer members 403 and strangers 401', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const pending = await makeMember(app.database, { status: 'pending' });
  const list = await app.inject({ method: 'GET', url: '/api/v1/admin/members', headers: m.auth });
  t.equal(list.statusCode, 403);
  t.equal(list.json().code, 'FORBIDDEN');
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/members/${pending.id}/approve`, headers: m.auth })).statusCode, 403);
  t.equal((await memberRow(app.database, pending.id))!.status, 'pending', 'nothing changed');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/admin/members' })).statusCode, 401);
});

t.test('a tampered cursor and bad query values are 400', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  for (const q of ['cursor=abc', 'cursor=eyJmb28iOjF9', 'limit=0', 'limit=101', 'status=banished', 'cursor=%27%20or%201%3D1']) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/admin/members?${q}`, headers: admin.auth });
    t.equal(res.statusCode, 400, q);
    t.match(res.json().code, /VALIDATION_FAILED|INVALID_CURSOR/);
  }
});
