// `npm run seed:demo` on a database of its own: a living network (circles, pairs, chat, Q&A, meetings), the URL of the given port, a summary that is the database's.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { networkSummary } from '../../src/cli/demo-network.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { firstRow, sql } from '../../src/db/sql.js';
import { testDatabaseUrl } from '../support/database.js';

const root = new URL('../..', import.meta.url).pathname;
// Two CLI runs on a fresh database (migrations included): slow on a loaded machine.
t.setTimeout(300_000);

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed-demo.ts', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A database nobody else uses: the seed matches every opted-in member it finds. */
async function ownDatabase(t: { teardown(fn: () => unknown): void }): Promise<{ env: Record<string, string>; open: () => Promise<Database> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'pp-seed-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    return { env: { DATABASE_URL: '', DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }) };
  }
  const name = `pp_seed_${randomUUID().slice(0, 8)}`;
  const admin = await openDatabase({ databaseUrl: url });
  await admin.db.execute(sql.raw(`create database ${name}`));
  t.teardown(async () => {
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  });
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { env: { DATABASE_URL: own.toString(), MIGRATE_ON_START: 'true' }, open: () => openDatabase({ databaseUrl: own.toString() }) };
}

const figure = (out: string, pattern: RegExp): number => Number(pattern.exec(out)?.[1] ?? NaN);

t.test('seed:demo makes a living network once, prints the given port and what the database holds', async (t) => {
  const { env, open } = await ownDatabase(t);
  const first = await run(['--count', '30', '--seed', '11', '--port', '4567'], env);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /open http:\/\/127\.0\.0\.1:4567\//, 'the URL of the port it was given');
  t.match(first.stdout, /published circles and pairs, chat, Q&A and meetings/);

  const database = await open();
  const s = await networkSummary(database);
  t.ok(s.circles.circle > 0 && s.circles.pair > 0, 'published circles and pairs');
  t.ok(s.seats.accepted > 0 && s.messages > 0 && s.questions > 0 && s.answers > 0 && s.meetings > 0, JSON.stringify(s));
  t.equal(figure(first.stdout, /members: +(\d+) active/), s.members.active, 'the summary is the database');
  t.equal(figure(first.stdout, /open: +(\d+) circles/), s.circles.circle);
  t.equal(figure(first.stdout, /seats: +(\d+) accepted/), s.seats.accepted);
  t.equal(figure(first.stdout, /Q&A: +(\d+) questions/), s.questions);
  t.equal(figure(first.stdout, /chat: +(\d+) messages/), s.messages);
  const facilitated = await firstRow<{ n: number }>(database.db, sql`select count(*)::int as n from circles where facilitator_id is not null`);
  t.ok((facilitated?.n ?? 0) > 0, 'lively circles have a facilitator');
  await database.close();

  const again = await run(['--count', '30', '--seed', '11'], env);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stdout, /Seeded 0 new demo owners .*the network was already live/);
  const database2 = await open();
  t.same(await networkSummary(database2), s, 'a second run changes nothing');
  await database2.close();

  const bad = await run(['--port', 'eighty'], env);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /usage: npm run seed:demo/);
});
