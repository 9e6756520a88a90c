// Chat benchmark support: the bench database and its seed (members, sessions, circles of 8), child processes, percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

export const DB_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/practice_peers_bench';
export const ROOM_SIZE = 8;
const ROOT = new URL('../../', import.meta.url).pathname;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- database

export async function ensureDatabase(): Promise<void> {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(DB_URL), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!found.rowCount) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: DB_URL });
  await runMigrations(database);
  await database.close();
}

export interface Seat {
  memberId: string;
  token: string;
  roomId: string;
}

/** Members with sessions (token bench-<run>-<n>), in circles of 8: made in bulk with SQL. */
export async function seed(count: number): Promise<Seat[]> {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const run = Math.random().toString(36).slice(2, 8);
  if (new URL(DB_URL).pathname.endsWith('_bench')) {
    // A database of its own: start small each time. Never done to any other database.
    await client.query('truncate chat_read_markers, chat_room_members, chat_messages, chat_rooms, circle_members, circles, sessions, members cascade');
  }
  const profile = JSON.stringify({
    practiceName: 'Bench PT',
    practiceType: 'outpatient_orthopedic',
    services: ['outpatient_orthopedic'],
    clinicians: 2,
    locations: 1,
    yearsInBusiness: 3,
    region: { country: 'US', state: 'Ohio' },
    timezone: 'America/New_York',
    goals: ['marketing'],
    strengths: [],
    wants: ['circle'],
    avoidMemberIds: [],
  });
  const { rows } = await client.query<{ id: string; n: number }>(
    `insert into members (email, password_hash, display_name, status, profile)
     select 'bench.' || $1 || '.' || n || '@example.test', 'x', 'Bench ' || n, 'active', $2::jsonb from generate_series(1, $3::int) n
     returning id, (regexp_match(email, '\\.(\\d+)@'))[1]::int as n`,
    [run, profile, count],
  );
  rows.sort((a, b) => a.n - b.n);
  const tokens = rows.map((r) => `bench-${run}-${String(r.n).padStart(8, '0')}-xxxxxxxx`);
  await client.query(
    `insert into sessions (member_id, token_hash, expires_at)
     select m, encode(sha256(convert_to(t, 'UTF8')), 'hex'), now() + interval '1 day' from unnest($1::uuid[], $2::text[]) as x(m, t)`,
    [rows.map((r) => r.id), tokens],
  );
  const circles = Math.ceil(count / ROOM_SIZE);
  const made = await client.query<{ id: string }>(`insert into circles (kind) select 'circle' from generate_series(1, $1::int) returning id`, [circles]);
  const circleIds = made.rows.map((r) => r.id);
  const seats: Seat[] = rows.map((r, i) => ({ memberId: r.id, token: tokens[i]!, roomId: circleIds[Math.floor(i / ROOM_SIZE)]! }));
  await client.query(
    `insert into circle_members (circle_id, member_id, status) select c, m, 'accepted' from unnest($1::uuid[], $2::uuid[]) as x(c, m)`,
    [seats.map((s) => s.roomId), seats.map((s) => s.memberId)],
  );
  await client.query(`insert into chat_rooms (id, kind) select unnest($1::uuid[]), 'circle'`, [circleIds]);
  await client.end();
  return seats;
}

/** What a durable write costs here right now: the send statement's shape, one at a time, no server in between. */
export async function commitLatency(seat: Seat, count = 300): Promise<{ p50: number; p99: number }> {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await client.query(
      `with bump as (update chat_rooms set last_seq = last_seq + 1 where id = $1 returning last_seq)
       insert into chat_messages (room_id, seq, author_id, client_msg_id, body) select $1, last_seq, $2, $3, 'commit probe' from bump`,
      [seat.roomId, seat.memberId, `probe-${Date.now()}-${i}`],
    );
    times.push(performance.now() - started);
    await sleep(3);
  }
  await client.end();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

// ---------------------------------------------------------------- processes

export interface Child {
  proc: ChildProcess;
  port: number;
  rssKiB(): number;
  /** A full GC in the child, then its RSS (what live objects hold, not garbage not yet collected). */
  settledRssKiB(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startChild(script: string, env: Record<string, string>, ready: (port: number) => Promise<boolean>): Promise<Child> {
  const port = await freePort();
  const flags = [
    '--expose-gc',
    '--import',
    './bench/lib/gc-on-signal.mjs',
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), // e.g. --cpu-prof for profiling
  ];
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (!(await ready(port).catch(() => false))) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start`);
    await sleep(100);
  }
  return {
    proc,
    port,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0),
    settledRssKiB: async () => {
      for (let i = 0; i < 2; i++) {
        proc.kill('SIGWINCH');
        await sleep(700);
      }
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0);
    },
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving the bench database (their CPU is part of what a durable send costs). */
export async function databaseBackends(): Promise<number[]> {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  await client.end();
  return rows.map((r) => r.pid);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

