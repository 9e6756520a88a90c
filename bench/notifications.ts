// Notifications benchmark (npm run bench:notifications), on PostgreSQL:
// 1. outbox throughput: mails written through the Notifier and delivered by the worker to a local SMTP sink, against the raw
//    nodemailer send rate (same pooled transport, same sink, same concurrency) as the baseline; goal >= 200 mails/s.
// 2. a daily digest for 100,000 members built and handed to the mail outbox; goal <= 5 minutes (the ratio is budget / time).
// BENCH_NOTIFY_DATABASE_URL, DATABASE_URL, or practice_peers_bench_notify (created if missing, its members truncated).
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import nodemailer from 'nodemailer';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { rows, sql } from '../src/db/sql.js';
import { EventHub } from '../src/lib/events.js';
import { buildDigests } from '../src/modules/notifications/digest.js';
import { createNotificationsService } from '../src/modules/notifications/index.js';

const DB_URL = process.env.BENCH_NOTIFY_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/practice_peers_bench_notify';
const MAILS = Number(process.env.BENCH_NOTIFY_MAILS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? 8);
const DIGEST_MEMBERS = Number(process.env.BENCH_NOTIFY_DIGEST_MEMBERS ?? 100_000);
const log = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const found = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (!found.rowCount) await client.query(`create database "${name.replace(/"/g, '')}"`);
  await client.end();
}

/** The sink process: counts messages (no parsing: the sink must not be the bottleneck). */
async function startSink(): Promise<{ port: number; count: () => Promise<number>; close: () => void }> {
  const child = fork(new URL('./lib/smtp-sink.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const count = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { count: number }) => resolve(m.count));
      child.send('count');
    });
  return { port, count, close: () => child.send('exit') };
}

/** Members inserted in bulk with SQL (the registration path hashes passwords: not what is measured here). */
async function makeMembers(db: Parameters<typeof rows>[0], n: number, prefix: string): Promise<string[]> {
  const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];
  const found = await rows<{ id: string }>(
    db,
    sql`insert into members (email, password_hash, display_name, status, profile)
        select ${prefix} || g || '@bench.test', 'x', 'Bench Owner ' || g, 'active',
          jsonb_build_object('practiceName', 'Bench PT', 'timezone', (${`{${zones.join(',')}}`}::text[])[1 + g % ${zones.length}])
        from generate_series(1, ${n}) g returning id`,
  );
  return found.map((r) => r.id);
}

async function main() {
  await ensureDatabase(DB_URL);
  const database = await openDatabase({ databaseUrl: DB_URL, poolMax: 12 });
  await runMigrations(database);
  const { db } = database;
  await db.execute(sql`truncate members cascade`);
  await db.execute(sql`truncate mail_outbox`);
  log(`notifications bench on PostgreSQL (${new URL(DB_URL).pathname.slice(1)}), ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // ---- 1. outbox throughput against raw nodemailer ----
  const sink = await startSink();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const raw = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: CONCURRENCY, maxMessages: 1000 });
  const body = { from: 'bench <no-reply@bench.test>', subject: 'You have a new match', text: 'Hello,\nYou were matched into a circle of 6.\n'.repeat(3), html: '<p>Hello,</p><p>You were matched into a circle of 6.</p>'.repeat(3) };
  await raw.sendMail({ ...body, to: 'warmup@bench.test' });
  let sent = 0;
  const rawStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY * 4 }, async () => {
      while (sent < MAILS) {
        const i = sent++;
        await raw.sendMail({ ...body, to: `raw${i}@bench.test`, messageId: `<raw-${i}@bench.test>` });
      }
    }),
  );
  const rawSeconds = (performance.now() - rawStart) / 1000;
  raw.close();
  const rawRate = MAILS / rawSeconds;

  const config = loadConfig({}, { NODE_ENV: 'production', LOG_LEVEL: 'silent', SMTP_URL: smtpUrl, NOTIFY_WORKER: 'false', NOTIFY_BATCH: 200, NOTIFY_CONCURRENCY: CONCURRENCY, PUBLIC_URL: 'https://peers.example.org' });
  const notifications = createNotificationsService({ database, config, events: new EventHub(), log: pino({ level: 'silent' }) });
  const memberIds = await makeMembers(db, 500, 'outbox');
  const inputs = Array.from({ length: MAILS }, (_, i) => ({ memberId: memberIds[i % memberIds.length]!, kind: 'matched' as const, data: { circleKind: 'circle', size: 6, n: i } }));
  for (let i = 0; i < inputs.length; i += 1000) await db.transaction((tx) => notifications.notifier.notify(tx, inputs.slice(i, i + 1000)));
  const before = await sink.count();
  const outboxStart = performance.now();
  for (;;) {
    await notifications.worker.runOnce({ jobs: false });
    const [left] = await rows<{ n: number }>(db, sql`select count(*)::int as n from mail_outbox where status = 'pending'`);
    if (!left?.n) break;
  }
  const outboxSeconds = (performance.now() - outboxStart) / 1000;
  const delivered = (await sink.count()) - before;
  const outboxRate = delivered / outboxSeconds;
  await notifications.stop();
  sink.close();
  log('');
  log(`outbox → SMTP sink: ${delivered} mails in ${fmt(outboxSeconds, 2)} s = ${fmt(outboxRate)} mails/s (goal ≥ 200; claim, render, send, mark sent; concurrency ${CONCURRENCY})`);
  log(`raw nodemailer → same sink: ${MAILS} mails in ${fmt(rawSeconds, 2)} s = ${fmt(rawRate)} mails/s (baseline)`);
  log(`ratio outbox / raw: ${fmt(outboxRate / rawRate, 2)}`);

  // ---- 2. daily digest for 100,000 members ----
  await db.execute(sql`truncate members cascade`);
  await db.execute(sql`truncate mail_outbox`);
  const setupStart = performance.now();
  for (let done = 0; done < DIGEST_MEMBERS; done += 20_000) await makeMembers(db, Math.min(20_000, DIGEST_MEMBERS - done), `digest${done}-`);
  await db.execute(
    sql`insert into notifications (member_id, kind, data, email_mode, live_at)
        select m.id, k.kind, jsonb_build_object('questionTitle', 'How do you track referrals?', 'actorName', 'Dana', 'questionId', null), 'digest', now()
        from members m cross join (values ('qa_answer'), ('qa_reply'), ('qa_answer')) k(kind)`,
  );
  await db.execute(sql`analyze members`);
  await db.execute(sql`analyze notifications`);
  log('');
  log(`digest setup: ${DIGEST_MEMBERS.toLocaleString('en-US')} members × 3 pending items in ${fmt((performance.now() - setupStart) / 1000, 1)} s (not measured)`);
  // 23:30 UTC: past 08:00 local in every zone used except the Americas' previous evening… pick a time due everywhere:
  // each member's local date differs, so run at a moment past 08:00 in all seven zones (their local times span 14 hours).
  const now = new Date('2026-12-02T22:30:00Z'); // Tokyo 07:30 (next day) is not due: run twice, as the minute job would.
  const digestStart = performance.now();
  const first = await buildDigests(database, loadConfig({}, { DIGEST_HOUR: 8 }), now);
  const second = await buildDigests(database, loadConfig({}, { DIGEST_HOUR: 8 }), new Date('2026-12-02T23:30:00Z'));
  const digestSeconds = (performance.now() - digestStart) / 1000;
  const [handed] = await rows<{ n: number }>(db, sql`select count(*)::int as n from mail_outbox where template = 'digest'`);
  log(`daily digest: ${handed?.n.toLocaleString('en-US')} digests (${(first.items + second.items).toLocaleString('en-US')} items) built and handed to the outbox in ${fmt(digestSeconds, 1)} s (goal ≤ 300 s)`);
  log(`ratio budget / time: ${fmt(300 / digestSeconds, 1)}× (${first.members} at 22:30 UTC, ${second.members} at 23:30 UTC when Tokyo reaches 08:30)`);
  await database.close();
}

await main();
