// A small network for browser-side measurements and screenshots: the app on a fresh embedded database (PGlite),
// two owners in an accepted pair with a chat history, questions with an answer, and a session cookie for each owner.
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { hashPassword } from '../../src/lib/password.js';
import { createSession } from '../../src/modules/auth/sessions.repo.js';
import { insertMember } from '../../src/modules/members/members.repo.js';
import { profileSchema, type Profile } from '../../src/domain/profile.js';
// @ts-expect-error: a plain .mjs script without types
import { buildWeb, isStale } from '../../scripts/build-web.mjs';

function profile(overrides: Partial<Profile> & { region: Profile['region'] }): Profile {
  return profileSchema.parse({
    practiceName: 'Riverbend Physical Therapy',
    practiceType: 'outpatient_orthopedic',
    services: ['outpatient_orthopedic', 'sports'],
    clinicians: 6,
    locations: 2,
    yearsInBusiness: 9,
    yearsInRole: 7,
    isTopExecutive: true,
    timezone: 'America/New_York',
    goals: ['grow_referrals', 'hiring_retention'],
    strengths: ['marketing', 'financial_benchmarking'],
    wants: ['pair', 'circle'],
    ...overrides,
  });
}

export async function seededApp({ questions = 30, messages = 40 } = {}) {
  if ((isStale as () => boolean)()) await (buildWeb as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
  const database = await openDatabase({});
  await runMigrations(database);
  // The seeding writes fast as two members: the per-member write limits would refuse it.
  const limits = {
    RATE_LIMIT_WRITES_PER_MINUTE: 100_000,
    RATE_LIMIT_QUESTIONS_PER_HOUR: 100_000,
    RATE_LIMIT_CONTENT_PER_MINUTE: 100_000,
    RATE_LIMIT_VOTES_PER_MINUTE: 100_000,
  };
  const config = loadConfig({}, { NODE_ENV: 'production', LOG_LEVEL: 'silent', NOTIFY_WORKER: 'false', CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000, ...limits });
  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const passwordHash = await hashPassword('demo password 1234');
  const ada = await insertMember(database.db, {
    email: 'ada@example.test',
    passwordHash,
    displayName: 'Ada Quinn',
    profile: profile({ practiceName: 'Quinn Physical Therapy', region: { country: 'US', state: 'Ohio', city: 'Columbus', postalCode: '43215' } }),
    status: 'active',
    role: 'member',
  });
  const bea = await insertMember(database.db, {
    email: 'bea@example.test',
    passwordHash,
    displayName: 'Bea Okafor',
    profile: profile({
      practiceName: 'Lakeside Speech Therapy',
      practiceType: 'speech_language',
      services: ['speech_language'],
      timezone: 'America/Chicago',
      region: { country: 'US', state: 'Texas', city: 'Austin', postalCode: '73301' },
    }),
    status: 'active',
    role: 'member',
  });
  const admin = await insertMember(database.db, {
    email: 'admin@example.test',
    passwordHash,
    displayName: 'Section Admin',
    profile: profile({ region: { country: 'US', state: 'Ohio', city: 'Dayton' } }),
    status: 'active',
    role: 'admin',
  });
  const bearer = async (id: string) => ({ authorization: `Bearer ${await createSession(database.db, id, 24)}` });
  const asAdmin = await bearer(admin.id);
  const asAda = await bearer(ada.id);
  const asBea = await bearer(bea.id);
  const inject = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const round = await inject('POST', '/admin/matching/rounds', asAdmin, { mode: 'pairs', memberIds: [ada.id, bea.id] });
  await inject('POST', `/admin/matching/rounds/${round.id}/publish`, asAdmin);
  const circleId = (await inject('GET', '/me/circles', asAda)).items[0].id as string;
  await inject('POST', `/circles/${circleId}/accept`, asAda);
  await inject('POST', `/circles/${circleId}/accept`, asBea);
  const topics = ['physician referrals', 'hiring a front desk lead', 'cash-based wellness visits', 'payer contract renewals', 'opening a second location'];
  let firstQuestion = '';
  for (let i = 0; i < questions; i++) {
    const topic = topics[i % topics.length]!;
    const q = await inject('POST', '/questions', i % 2 ? asBea : asAda, {
      title: `How do you approach ${topic}${i >= topics.length ? ` (${Math.floor(i / topics.length) + 1})` : ''}?`,
      body: `We are a ${i % 2 ? 'speech' : 'physical'} therapy practice with six clinicians. What has worked for you on ${topic}, and what would you not do again?`,
      tags: [topic.split(' ')[0]!.replace(/[^a-z-]/g, ''), 'operations'],
    });
    firstQuestion ||= q.id;
  }
  const answer = await inject('POST', `/questions/${firstQuestion}/answers`, asBea, { body: 'Quarterly one-page outcome summaries to the top ten referrers did more for us than any lunch-and-learn.' });
  await inject('POST', `/answers/${answer.id}/replies`, asAda, { body: 'Which outcomes do you put on the page?' });
  const lines = ['Morning! Did everyone see the agenda for Thursday?', 'Yes, I added the hiring question.', 'Great, see you Thursday at 9.', 'I will bring our referral numbers.'];
  for (let i = 0; i < messages; i++) {
    await inject('POST', `/rooms/${circleId}/messages`, i % 2 ? asBea : asAda, { clientMsgId: crypto.randomUUID(), body: lines[i % lines.length]! });
  }
  await inject('POST', '/me/alliances', asAda, { partner: { name: 'Columbus Orthopedic Associates', kind: 'physician_practice', city: 'Columbus', state: 'Ohio' }, type: 'referral_exchange', cadence: 'quarterly' });
  const cookieFor = async (id: string) => ({ name: 'pp_session', value: await createSession(database.db, id, 24), url: `${base}/api`, httpOnly: true, sameSite: 'Lax' as const });
  return {
    app,
    database,
    base,
    circleId,
    questionId: firstQuestion,
    ada,
    bea,
    admin,
    cookieFor,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
