// Registration: approval status, email rules, concurrency, bad input, rate limit.
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { members } from '../../../src/db/schema/index.js';
import { one } from '../../../src/db/sql.js';
import { build, sampleProfile, uniqueEmail } from '../../helper.js';

const body = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail(),
  password: 'a long enough password',
  displayName: 'Dana Reyes',
  profile: sampleProfile(),
  ...overrides,
});

async function countByEmail(app: Awaited<ReturnType<typeof build>>, email: string) {
  const row = one(await app.database.db.select({ n: sql<number>`count(*)::int` }).from(members).where(sql`lower(${members.email}) = ${email.trim().toLowerCase()}`));
  return row.n;
}

t.test('register creates a pending member and never returns the password hash', async (t) => {
  const app = await build(t);
  const input = body();
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: input });
  t.equal(res.statusCode, 201);
  const { member } = res.json();
  t.equal(member.status, 'pending');
  t.equal(member.role, 'member');
  t.equal(member.email, input.email);
  t.same(member.profile.goals, ['grow_referrals', 'hiring_retention']);
  t.notMatch(res.body, /argon2|passwordHash|password_hash/);
  const row = one(await app.database.db.select().from(members).where(eq(members.id, member.id)));
  t.match(row.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'argon2id at OWASP parameters');
});

t.test('register is active at once where AUTO_APPROVE=true', async (t) => {
  const app = await build(t, { AUTO_APPROVE: 'true' });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body() });
  t.equal(res.statusCode, 201);
  t.equal(res.json().member.status, 'active');
  t.ok(res.json().member.approvedAt);
});

t.test('emails are trimmed, lowercased and unique case-insensitively', async (t) => {
  const app = await build(t);
  const email = uniqueEmail();
  const first = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body({ email: `  ${email.toUpperCase()} ` }) });
  t.equal(first.statusCode, 201);
  t.equal(first.json().member.email, email);
  const again = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body({ email: email.replace('owner', 'OWNER') }) });
  t.equal(again.statusCode, 409);
  t.same(again.json(), { statusCode: 409, code: 'EMAIL_TAKEN', message: 'An account with this email already exists' });
  t.equal(await countByEmail(app, email), 1);
});

t.test('two concurrent registrations with one email: exactly one succeeds', async (t) => {
  const app = await build(t);
  const email = uniqueEmail();
  const results = await Promise.all(
    Array.from({ length: 4 }, () => app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body({ email }) })),
  );
  const codes = results.map((r) => r.statusCode).sort();
  t.same(codes, [201, 409, 409, 409]);
  t.equal(await countByEmail(app, email), 1);
});

t.test('bad input gets a 4xx in the contract shape and stores nothing', async (t) => {
  const app = await build(t);
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['short password', { password: 'short' }, 400, 'VALIDATION_FAILED'],
    ['10 KB password', { password: 'x'.repeat(10_240) }, 400, 'VALIDATION_FAILED'],
    ['bad email', { email: 'not-an-email' }, 400, 'VALIDATION_FAILED'],
    ['wrong type', { displayName: 42 }, 400, 'VALIDATION_FAILED'],
    ['unknown enum word', { profile: { ...sampleProfile(), practiceType: 'chiropractic' } }, 400, 'VALIDATION_FAILED'],
    ['unknown goal', { profile: { ...sampleProfile(), goals: ['world_domination'] } }, 400, 'VALIDATION_FAILED'],
    ['six goals', { profile: { ...sampleProfile(), goals: ['marketing', 'leadership', 'compliance', 'hiring_retention', 'add_location', 'grow_referrals'] } }, 400, 'VALIDATION_FAILED'],
    ['no goals', { profile: { ...sampleProfile(), goals: [] } }, 400, 'VALIDATION_FAILED'],
    ['repeated goals', { profile: { ...sampleProfile(), goals: ['marketing', 'marketing'] } }, 400, 'VALIDATION_FAILED'],
    ['bad timezone', { profile: { ...sampleProfile(), timezone: 'Mars/Olympus_Mons' } }, 400, 'VALIDATION_FAILED'],
    ['latitude out of range', { profile: { ...sampleProfile(), region: { country: 'US', state: 'Ohio', lat: 91, lon: 0 } } }, 400, 'VALIDATION_FAILED'],
    ['longitude out of range', { profile: { ...sampleProfile(), region: { country: 'US', state: 'Ohio', lat: 10, lon: 181 } } }, 400, 'VALIDATION_FAILED'],
    ['zero clinicians', { profile: { ...sampleProfile(), clinicians: 0 } }, 400, 'VALIDATION_FAILED'],
    ['fractional locations', { profile: { ...sampleProfile(), locations: 1.5 } }, 400, 'VALIDATION_FAILED'],
    ['negative years', { profile: { ...sampleProfile(), yearsInBusiness: -1 } }, 400, 'VALIDATION_FAILED'],
    ['top-executive answer missing', { profile: { ...sampleProfile(), isTopExecutive: undefined } }, 400, 'VALIDATION_FAILED'],
    ['years in the role missing', { profile: { ...sampleProfile(), yearsInRole: undefined } }, 400, 'VALIDATION_FAILED'],
    ['years in the role negative', { profile: { ...sampleProfile(), yearsInRole: -2 } }, 400, 'VALIDATION_FAILED'],
    ['years in business missing', { profile: { ...sampleProfile(), yearsInBusiness: undefined } }, 400, 'VALIDATION_FAILED'],
    ['unknown field', { isAdmin: true }, 400, 'VALIDATION_FAILED'],
    ['SQL in the display name', { displayName: "Robert'); DROP TABLE members;--" }, 400, 'VALIDATION_FAILED'],
    ['script in the display name', { displayName: '<script>alert(1)</script>' }, 400, 'VALIDATION_FAILED'],
    ['script in the practice name', { profile: { ...sampleProfile(), practiceName: '<img src=x onerror=alert(1)>' } }, 400, 'VALIDATION_FAILED'],
    ['SQL in the city', { profile: { ...sampleProfile(), region: { country: 'US', state: 'Ohio', city: "x'; DELETE FROM members; --" } } }, 400, 'VALIDATION_FAILED'],
    ['control characters in the bio', { profile: { ...sampleProfile(), bio: 'hello\u0000world' } }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, overrides, status, code] of cases) {
    const input = body(overrides);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: input });
    t.equal(res.statusCode, status, name);
    t.equal(res.json().code, code, `${name}: code`);
    t.equal(res.json().statusCode, status, `${name}: statusCode in body`);
    t.type(res.json().message, 'string', `${name}: message`);
    if (typeof input.email === 'string' && input.email.includes('@')) t.equal(await countByEmail(app, input.email), 0, `${name}: nothing stored`);
  }
});

t.test("names with ordinary punctuation are accepted: O'Brien & Sons, LLC", async (t) => {
  const app = await build(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: body({ displayName: "Siobhán O'Brien", profile: sampleProfile({ practiceName: "O'Brien & Sons Physical Therapy, LLC" }) }),
  });
  t.equal(res.statusCode, 201);
  t.equal(res.json().member.profile.practiceName, "O'Brien & Sons Physical Therapy, LLC");
});

t.test('malformed JSON, wrong content type and oversized bodies get the error shape', async (t) => {
  const app = await build(t, { BODY_LIMIT_BYTES: 2048 });
  const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
  t.equal(bad.statusCode, 400);
  t.same(bad.json(), { statusCode: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' });
  const huge = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body({ displayName: 'x'.repeat(5000) }) });
  t.equal(huge.statusCode, 413);
  t.equal(huge.json().code, 'PAYLOAD_TOO_LARGE');
  const text = await app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  t.equal(text.statusCode, 415);
  t.equal(text.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  const empty = await app.inject({ method: 'POST', url: '/api/v1/auth/register' });
  t.equal(empty.statusCode, 400);
  t.equal(empty.json().code, 'VALIDATION_FAILED');
});

t.test('registration is rate limited per address', async (t) => {
  const app = await build(t, { RATE_LIMIT_REGISTER_PER_HOUR: 2 });
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body() })).statusCode);
  }
  t.same(statuses, [201, 201, 429]);
  const last = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body() });
  t.equal(last.json().code, 'RATE_LIMITED');
  t.equal(last.json().statusCode, 429);
});
