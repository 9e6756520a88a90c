// Registration: email verification, approval status, email rules (a taken address answers like a new one), concurrency, bad input, rate limit.
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { mailOutbox, members } from '../../../src/db/schema/index.js';
import { one } from '../../../src/db/sql.js';
import { build, sampleProfile, uniqueEmail, verificationToken } from '../../helper.js';

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

async function mailsTo(app: Awaited<ReturnType<typeof build>>, email: string, template: string) {
  const row = one(
    await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailOutbox)
      .where(sql`${mailOutbox.toAddress} = ${email} and ${mailOutbox.template} = ${template}`),
  );
  return row.n;
}

const register = (app: Awaited<ReturnType<typeof build>>, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
const verify = (app: Awaited<ReturnType<typeof build>>, token: string | undefined) => app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });

t.test('register mails a verification link; the confirmed address becomes a pending member without the password hash in any answer', async (t) => {
  const app = await build(t);
  const input = body();
  const res = await register(app, input);
  t.equal(res.statusCode, 201);
  const { member } = res.json();
  t.equal(member.status, 'pending');
  t.equal(member.role, 'member');
  t.equal(member.email, input.email);
  t.same(member.profile.goals, ['grow_referrals', 'hiring_retention']);
  t.notMatch(res.body, /argon2|passwordHash|password_hash/);
  t.equal(await countByEmail(app, input.email), 0, 'no account before the address is confirmed');
  t.equal(await mailsTo(app, input.email, 'verify_email'), 1, 'one verification mail queued');
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: input.email, password: input.password } });
  t.equal(login.statusCode, 403);
  t.equal(login.json().code, 'EMAIL_NOT_VERIFIED');

  const token = await verificationToken(app.database, input.email);
  t.ok(token);
  const ok = await verify(app, token);
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), { status: 'pending' });
  const row = one(await app.database.db.select().from(members).where(eq(members.id, member.id)));
  t.ok(row, 'the member has the id the registration answered with');
  t.equal(row.status, 'pending');
  t.match(row.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'argon2id at OWASP parameters');
  t.equal((await verify(app, token)).statusCode, 404, 'a token works once');
  t.equal((await verify(app, 'forged-token-forged-token-forged-token')).statusCode, 404, 'a forged token is 404');
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: input.email, password: input.password } })).json().code, 'PENDING_APPROVAL');
});

t.test('an expired verification token is 404 and changes nothing', async (t) => {
  const app = await build(t);
  const input = body();
  t.equal((await register(app, input)).statusCode, 201);
  const token = await verificationToken(app.database, input.email);
  await app.database.db.execute(sql`update pending_registrations set expires_at = now() - interval '1 minute' where email = ${input.email}`);
  const res = await verify(app, token);
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'NOT_FOUND');
  t.equal(await countByEmail(app, input.email), 0);
});

t.test('with AUTO_APPROVE=true the confirmed address is active at once', async (t) => {
  const app = await build(t, { AUTO_APPROVE: 'true' });
  const input = body();
  const res = await register(app, input);
  t.equal(res.statusCode, 201);
  const { status } = await verify(app, await verificationToken(app.database, input.email)).then((r) => r.json());
  t.equal(status, 'active');
  const row = one(await app.database.db.select().from(members).where(eq(members.id, res.json().member.id)));
  t.ok(row.approvedAt);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: input.email, password: input.password } });
  t.equal(login.statusCode, 200);
});

t.test('emails are trimmed, lowercased and unique case-insensitively; a taken address answers like a new one and its owner is told', async (t) => {
  const app = await build(t);
  const email = uniqueEmail();
  const first = await register(app, body({ email: `  ${email.toUpperCase()} ` }));
  t.equal(first.statusCode, 201);
  t.equal(first.json().member.email, email);
  await verify(app, await verificationToken(app.database, email));
  t.equal(await countByEmail(app, email), 1);

  const again = await register(app, body({ email: email.replace('owner', 'OWNER') }));
  const fresh = await register(app, body());
  t.equal(again.statusCode, fresh.statusCode, 'same status as a new address');
  const shape = (r: typeof again) => Object.keys(r.json().member).sort();
  t.same(shape(again), shape(fresh), 'same fields');
  t.equal(again.json().member.status, fresh.json().member.status);
  t.not(again.json().member.id, first.json().member.id, 'the existing account id is not revealed');
  t.equal(await countByEmail(app, email), 1, 'no second account');
  t.equal(await mailsTo(app, email, 'register_attempt'), 1, 'the owner gets a "someone tried to register" mail');
  t.equal(await mailsTo(app, email, 'verify_email'), 1, 'and no new verification mail');
  await register(app, body({ email }));
  t.equal(await mailsTo(app, email, 'register_attempt'), 1, 'at most one such mail an hour');
});

t.test('concurrent registrations with one email: all answer alike, one verification works, one member', async (t) => {
  const app = await build(t);
  const email = uniqueEmail();
  const results = await Promise.all(Array.from({ length: 4 }, () => register(app, body({ email }))));
  t.same(results.map((r) => r.statusCode), [201, 201, 201, 201]);
  const tokens = (
    (await app.database.db.execute(sql`select data->>'token' as token from mail_outbox where to_address = ${email} and template = 'verify_email'`)) as unknown as {
      rows: { token: string }[];
    }
  ).rows.map((r) => r.token);
  t.equal(tokens.length, 4, 'each registration mailed its link');
  const codes = [];
  for (const token of tokens) codes.push((await verify(app, token)).statusCode);
  t.same(codes.sort(), [200, 404, 404, 404], 'only the newest link works');
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
    if (typeof input.email === 'string' && input.email.includes('@')) {
      t.equal(await countByEmail(app, input.email), 0, `${name}: nothing stored`);
      t.equal(await mailsTo(app, input.email, 'verify_email'), 0, `${name}: nothing mailed`);
    }
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
