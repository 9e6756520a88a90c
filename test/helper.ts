// build(t): an app on the test database, closed on teardown; factories for members, admins and tokens.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import tap from 'tap';
import { buildApp, type App } from '../src/app.js';
import { loadConfig, type ConfigInput } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { members } from '../src/db/schema/index.js';
import { one } from '../src/db/sql.js';
import { hashPassword } from '../src/lib/password.js';
import { createSession } from '../src/modules/auth/sessions.repo.js';
import { insertMember, type MemberRow } from '../src/modules/members/members.repo.js';
import { profileSchema, type Profile } from '../src/domain/profile.js';
import { openTestDatabase } from './support/database.js';

type Test = { teardown(fn: () => unknown): void };

let shared: Promise<Database> | undefined;
let own = false;
/**
 * For test files that check exact counts: on PostgreSQL this process gets a database of its own instead of the shared
 * test database (PGlite is private to the process anyway). Call before the first build().
 */
export function useOwnDatabase(): void {
  if (shared) throw new Error('useOwnDatabase() after the database was opened');
  own = true;
}

/** One database per test process, closed when the process's tests end. */
export function testDatabase(): Promise<Database> {
  if (!shared) {
    shared = openTestDatabase({ own });
    tap.teardown(async () => (await shared!).close());
  }
  return shared;
}

export const TEST_CONFIG: ConfigInput = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_REGISTER_PER_HOUR: 100_000,
  RATE_LIMIT_LOGIN_PER_MINUTE: 100_000,
  // Tests write fast from few members; the write-limit tests set their own small limits.
  RATE_LIMIT_WRITES_PER_MINUTE: 100_000,
  RATE_LIMIT_QUESTIONS_PER_HOUR: 100_000,
  RATE_LIMIT_CONTENT_PER_MINUTE: 100_000,
  RATE_LIMIT_VOTES_PER_MINUTE: 100_000,
  RATE_LIMIT_REPORTS_PER_HOUR: 100_000,
  RATE_LIMIT_PASSWORD_CHANGES_PER_HOUR: 100_000,
  // Test members are approved the moment they are made; the reporter-standing tests set their own period.
  REPORTER_STANDING_DAYS: 0,
  // The test machine is loaded far past its cores: shedding would refuse test requests at random. Shedding tests turn it on.
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: 0,
  // No delivery worker polling in every test app: notification tests start it (NOTIFY_WORKER: 'true') or run it by hand.
  NOTIFY_WORKER: 'false',
};

export async function build(t: Test, overrides: ConfigInput = {}): Promise<App & { database: Database }> {
  const database = await testDatabase();
  const config = loadConfig({}, { ...TEST_CONFIG, ...overrides });
  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.ready();
  t.teardown(() => app.close());
  return Object.assign(app, { database });
}

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export const uniqueEmail = (prefix = 'owner') => `${prefix}.${randomUUID().slice(0, 12)}@example.test`;

export function sampleProfile(overrides: Partial<Profile> = {}): Profile {
  return profileSchema.parse({
    practiceName: 'Riverbend Physical Therapy',
    practiceType: 'outpatient_orthopedic',
    services: ['outpatient_orthopedic', 'sports'],
    clinicians: 4,
    locations: 1,
    yearsInBusiness: 6,
    region: { country: 'US', state: 'Ohio', city: 'Columbus', postalCode: '43215', lat: 39.96, lon: -83.0 },
    timezone: 'America/New_York',
    goals: ['grow_referrals', 'hiring_retention'],
    strengths: ['marketing'],
    wants: ['pair', 'circle'],
    isTopExecutive: true,
    yearsInRole: 5,
    ...overrides,
  });
}

export interface TestMember {
  row: MemberRow;
  id: string;
  email: string;
  token: string;
  auth: { authorization: string };
}

/** Inserts a member directly (fast) and opens a session for it. */
export async function makeMember(
  database: Database,
  opts: { role?: 'member' | 'admin'; status?: 'pending' | 'active' | 'suspended' | 'rejected'; profile?: Partial<Profile>; displayName?: string } = {},
): Promise<TestMember> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = uniqueEmail(opts.role ?? 'member');
  const row = await insertMember(database.db, {
    email,
    passwordHash: await passwordHash,
    displayName: opts.displayName ?? 'Test Owner',
    profile: sampleProfile(opts.profile),
    status: opts.status ?? 'active',
    role: opts.role ?? 'member',
  });
  const token = await createSession(database.db, row.id, 24);
  return { row, id: row.id, email, token, auth: { authorization: `Bearer ${token}` } };
}

export const makeAdmin = (database: Database) => makeMember(database, { role: 'admin', displayName: 'Test Admin' });

export async function memberRow(database: Database, id: string): Promise<MemberRow | undefined> {
  const [row] = await database.db.select().from(members).where(eq(members.id, id));
  return row;
}

/** Makes a circle directly in the database (for modules that need one before matching publishes it). */
export async function makeCircle(
  database: Database,
  memberIds: string[],
  kind: 'pair' | 'circle' | 'alliance' = 'circle',
): Promise<{ id: string }> {
  const { circles, circleMembers } = await import('../src/db/schema/index.js');
  const circle = one(await database.db.insert(circles).values({ kind, score: 0.5, reasons: ['made by a test'] }).returning());
  if (memberIds.length) {
    await database.db.insert(circleMembers).values(memberIds.map((memberId) => ({ circleId: circle.id, memberId, status: 'accepted' as const })));
  }
  return { id: circle.id };
}

/** The token of the newest verification mail queued for an address (read from the mail outbox, as the mail would carry it). */
export async function verificationToken(database: Database, email: string): Promise<string | undefined> {
  const { sql } = await import('drizzle-orm');
  const result = (await database.db.execute(
    sql`select data->>'token' as token from mail_outbox where template = 'verify_email' and to_address = ${email.trim().toLowerCase()} order by created_at desc limit 1`,
  )) as unknown as { rows: { token: string }[] };
  return result.rows[0]?.token;
}

/** Registers through the API and confirms the address with the token from the verification mail; returns the member. @public */
export async function registerVerified(app: App & { database: Database }, payload: Record<string, unknown> & { email: string }) {
  const reg = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
  if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
  const token = await verificationToken(app.database, payload.email);
  const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
  if (verified.statusCode !== 200) throw new Error(`verify: ${verified.statusCode} ${verified.body}`);
  return { registered: reg.json().member as { id: string; status: string }, status: verified.json().status as string };
}
