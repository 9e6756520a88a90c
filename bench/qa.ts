// Q&A benchmark on PostgreSQL (npm run bench:qa): GET /questions throughput against a bare route running the same SQL,
// search latency on 1,000,000 questions beside the raw SQL, and deep keyset pages against page 1 and OFFSET.
// Servers run as child processes; the load comes from this process. BENCH_QA_DATABASE_URL, DATABASE_URL, or practice_peers_bench_qa.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { render } from '../src/db/sql.js';
import { encodeCursor } from '../src/lib/cursor.js';
import { createSession } from '../src/modules/auth/sessions.repo.js';
import { cursorAfter, DEFAULT_RANK_WINDOW, listQuestionsSql, type ListFilter, type ListRow } from '../src/modules/qa/search.repo.js';
import { documentFrequency, ensureDatabase, ensureDataset, QUESTIONS, vocabulary } from './lib/qa-data.js';

// Its own database by default: the chat bench TRUNCATEs members ... CASCADE in practice_peers_bench, which would take
// the million questions along (and deadlocks with a load running beside it).
const DB_URL = process.env.BENCH_QA_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/practice_peers_bench_qa';
const DURATION = Number(process.env.BENCH_QA_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_QA_CONNECTIONS ?? 16);
const SAMPLES = Number(process.env.BENCH_QA_SAMPLES ?? 200);
const ROUNDS = Number(process.env.BENCH_QA_ROUNDS ?? 3);
/** Which parts to run (all by default): throughput, search, deep. */
const PHASES = new Set((process.env.BENCH_QA_PHASES ?? 'throughput,search,deep').split(','));
const DEEP_PAGE = 5000;
const PAGE = 20;
const log = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const stats = (ms: number[]) => ({ p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99) });

function startServer(mode: 'app' | 'bare', env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(new URL('./lib/qa-server.ts', import.meta.url).pathname, [mode], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: DB_URL, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start`)), 60_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve({ port: m.port, child });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/** CPU time (µs) the server process has used so far. */
function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { cpu?: NodeJS.CpuUsage }) => {
      if (!m.cpu) return;
      child.off('message', on);
      resolve(m.cpu.user + m.cpu.system);
    };
    child.on('message', on);
    child.send({ cpu: true });
  });
}

async function load(server: { child: ChildProcess }, url: string, headers: Record<string, string>, duration = DURATION) {
  const cpu0 = await cpuOf(server.child);
  const r = await autocannon({ url, connections: CONNECTIONS, duration, headers });
  const cpu = (await cpuOf(server.child)) - cpu0;
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs: cpu / Math.max(1, r.requests.total) };
}

/** Sequential requests (one at a time), rotating through the URLs; milliseconds per URL, body read. */
async function httpLatencyByUrl(urls: string[], headers: Record<string, string>, n = SAMPLES): Promise<number[][]> {
  const out: number[][] = urls.map(() => []);
  for (let i = 0; i < n + urls.length; i++) {
    const url = urls[i % urls.length]!;
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= urls.length) out[i % urls.length]!.push(performance.now() - t0); // the first round warms up
  }
  return out;
}
const httpLatency = async (urls: string[], headers: Record<string, string>, n = SAMPLES) => (await httpLatencyByUrl(urls, headers, n)).flat();

async function sqlLatency(pool: pg.Pool, queries: { sql: string; params: unknown[] }[], n = SAMPLES): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n + queries.length; i++) {
    const q = queries[i % queries.length]!;
    const t0 = performance.now();
    await pool.query(q.sql, q.params);
    if (i >= queries.length) out.push(performance.now() - t0);
  }
  return out;
}

interface Context {
  pool: pg.Pool;
  app: { port: number; child: ChildProcess };
  base: string;
  headers: Record<string, string>;
  readerId: string;
  questions: number;
  render: (q: SQL) => { sql: string; params: unknown[] };
  filter: (over: Partial<ListFilter>) => ListFilter;
  summary: string[][];
  children: ChildProcess[];
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** 1. GET /questions, a page of 20, authenticated: throughput against the bare route, alternating, same conditions. */
async function throughput(ctx: Context) {
  log('\n1. GET /api/v1/questions (page of 20, authenticated) vs a bare Fastify route: same SQL through pg, JSON-schema serializer');
  const bare = await startServer('bare', { READER_ID: ctx.readerId });
  ctx.children.push(bare.child);
  const bareUrl = `http://127.0.0.1:${bare.port}/bare/questions`;
  await load(ctx.app, ctx.base, ctx.headers, 2);
  await load(bare, bareUrl, ctx.headers, 2);
  const runs = { app: [] as number[], bare: [] as number[], appCpu: [] as number[], bareCpu: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const b = await load(bare, bareUrl, ctx.headers);
    const a = await load(ctx.app, ctx.base, ctx.headers);
    runs.bare.push(b.rps);
    runs.app.push(a.rps);
    runs.bareCpu.push(b.cpuUs);
    runs.appCpu.push(a.cpuUs);
    log(`   round ${round + 1}: bare ${fmt(b.rps, 0)} req/s (p50 ${b.p50} ms, p99 ${b.p99} ms, ${fmt(b.cpuUs / 1000, 2)} ms CPU/req) · app ${fmt(a.rps, 0)} req/s (p50 ${a.p50} ms, p99 ${a.p99} ms, ${fmt(a.cpuUs / 1000, 2)} ms CPU/req)`);
  }
  const sqlOnly = await load(bare, `http://127.0.0.1:${bare.port}/bare/questions-sql-only`, ctx.headers);
  const ratio = mean(runs.app) / mean(runs.bare);
  log(`   app ${fmt(mean(runs.app), 0)} req/s vs bare ${fmt(mean(runs.bare), 0)} req/s = ${fmt(ratio * 100)}% (goal ≥ 70%)`);
  log(`   server CPU per request: app ${fmt(mean(runs.appCpu) / 1000, 2)} ms vs bare ${fmt(mean(runs.bareCpu) / 1000, 2)} ms`);
  log(`   for scale: the bare route with the list statement only (no session lookup) ${fmt(sqlOnly.rps, 0)} req/s`);
  ctx.summary.push(['GET /questions throughput', `${fmt(mean(runs.app), 0)} req/s`, `bare ${fmt(mean(runs.bare), 0)} req/s`, `${fmt(ratio * 100)}%`, '≥ 70%', ratio >= 0.7 ? 'PASS' : 'FAIL']);
}

/** 2. Search latency for common, medium and rare words (five of each, in rotation), the API beside the raw SQL. */
async function search(ctx: Context) {
  log(`\n2. GET /api/v1/questions?q= on ${fmt(ctx.questions, 0)} questions: ranked (ts_rank over the newest ${DEFAULT_RANK_WINDOW} matches), snippets; sequential requests`);
  const words = vocabulary();
  const pick = (indexes: number[]) => indexes.map((i) => words[i]!);
  const common = pick([60, 70, 80, 90, 100]);
  const searchCase = async (label: string, terms: string[], extra: Partial<ListFilter>, query: string, goal: boolean) => {
    const counts = await Promise.all(terms.map((w) => documentFrequency(ctx.pool, w)));
    const api = stats(await httpLatency(terms.map((w) => `${ctx.base}?q=${encodeURIComponent(w)}${query}`), ctx.headers));
    const raw = stats(await sqlLatency(ctx.pool, terms.map((w) => ctx.render(listQuestionsSql(ctx.filter({ q: w, sort: 'relevance', ...extra }))))));
    const share = mean(counts) / ctx.questions;
    log(`   ${label.padEnd(28)} ${terms.join(', ')}: in ${fmt(Math.min(...counts), 0)}–${fmt(Math.max(...counts), 0)} questions each (~${fmt(share * 100, 2)}%)`);
    log(`   ${''.padEnd(28)} API p50 ${fmt(api.p50)} ms, p95 ${fmt(api.p95)} ms, p99 ${fmt(api.p99)} ms · raw SQL p50 ${fmt(raw.p50)} ms, p95 ${fmt(raw.p95)} ms`);
    ctx.summary.push([`search: ${label}`, `p95 ${fmt(api.p95)} ms`, `raw SQL p95 ${fmt(raw.p95)} ms`, `${fmt(api.p95 / raw.p95, 2)}×`, goal ? '≤ 50 ms' : '(info)', goal ? (api.p95 <= 50 ? 'PASS' : 'FAIL') : '']);
  };
  await searchCase('common word, relevance', common, {}, '', true);
  await searchCase('rare word, relevance', pick([15000, 15001, 15002, 15003, 15004]), {}, '', true);
  await searchCase('medium word, relevance', pick([1000, 1001, 1002, 1003, 1004]), {}, '', false);
  await searchCase('common word, sort=newest', common, { sort: 'newest' }, '&sort=newest', false);
  await searchCase('two common words, relevance', [`${common[0]} ${common[2]}`, `${common[1]} ${common[3]}`, `${common[2]} ${common[4]}`], {}, '', false);
}

/** 3. Page 5,000 through its keyset cursor against page 1, and against OFFSET in raw SQL. */
async function deepPages(ctx: Context) {
  const skip = (DEEP_PAGE - 1) * PAGE;
  log(`\n3. Deep pages: page ${fmt(DEEP_PAGE, 0)} (after ${fmt(skip, 0)} rows) by keyset cursor vs page 1 and vs OFFSET`);
  for (const sort of ['newest', 'top'] as const) {
    const deepFilter = ctx.filter({ sort, take: skip });
    const upTo = ctx.render(listQuestionsSql(deepFilter));
    const { rows } = await ctx.pool.query(`select * from (${upTo.sql}) page offset ${skip - 1}`, upTo.params);
    const after = cursorAfter(deepFilter, rows[0] as ListRow);
    // Interleaved, so that whatever else the machine does weighs on both alike.
    const [firstMs, deepMs] = await httpLatencyByUrl([`${ctx.base}?sort=${sort}`, `${ctx.base}?sort=${sort}&cursor=${encodeCursor(after)}`], ctx.headers, 2 * SAMPLES);
    const first = stats(firstMs!);
    const deep = stats(deepMs!);
    const offsetQuery = ctx.render(listQuestionsSql(ctx.filter({ sort, take: skip + PAGE + 1 })));
    const offset = stats(await sqlLatency(ctx.pool, [{ sql: `select * from (${offsetQuery.sql}) page offset ${skip}`, params: offsetQuery.params }], 20));
    const keyset = stats(await sqlLatency(ctx.pool, [ctx.render(listQuestionsSql(ctx.filter({ sort, cursor: after })))]));
    log(`   sort=${sort.padEnd(7)} page 1 p50 ${fmt(first.p50)} ms, p95 ${fmt(first.p95)} ms · page ${DEEP_PAGE} p50 ${fmt(deep.p50)} ms, p95 ${fmt(deep.p95)} ms`);
    log(`   ${''.padEnd(12)} raw SQL page ${DEEP_PAGE}: keyset p50 ${fmt(keyset.p50, 2)} ms · OFFSET ${fmt(skip, 0)} p50 ${fmt(offset.p50)} ms`);
    const r = deep.p50 / first.p50;
    ctx.summary.push([`page ${DEEP_PAGE} vs page 1 (${sort})`, `p50 ${fmt(deep.p50)} ms`, `page 1 ${fmt(first.p50)} ms; OFFSET ${fmt(offset.p50)} ms`, `${fmt(r, 2)}×`, 'same cost', r <= 1.5 ? 'PASS' : 'FAIL']);
  }
}

async function main() {
  log(`Q&A benchmark — PostgreSQL ${new URL(DB_URL).pathname.slice(1)}, ${CONNECTIONS} connections × ${DURATION} s per throughput run, ${SAMPLES} samples per latency figure`);
  await ensureDatabase(DB_URL);
  const database: Database = await openDatabase({ databaseUrl: DB_URL, poolMax: 12 });
  const children: ChildProcess[] = [];
  const summary: string[][] = [];
  try {
    await runMigrations(database);
    const pool = database.pool!;
    const dataset = await ensureDataset(pool, log);
    if (dataset.generatedMs !== null) log(`generated in ${fmt(dataset.generatedMs / 1000, 0)} s`);
    const { rows: [size] } = await pool.query(`select pg_size_pretty(pg_total_relation_size('questions')) as total, (select count(*) from questions)::int as n`);
    log(`data: ${fmt(size.n, 0)} questions (${fmt(dataset.questions, 0)} generated for the bench), table + indexes ${size.total}`);
    log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews every figure)`);
    const token = await createSession(database.db, dataset.readerId, 24);
    const headers = { authorization: `Bearer ${token}` };
    const app = await startServer('app', {});
    children.push(app.child);
    const base = `http://127.0.0.1:${app.port}/api/v1/questions`;
    const check = (await (await fetch(base, { headers })).json()) as { items: unknown[] };
    if (check.items.length !== PAGE) throw new Error(`the app answered ${check.items.length} items`);
    const viewer = { memberId: dataset.readerId, isAdmin: false };
    const ctx: Context = {
      pool, app, base, headers, readerId: dataset.readerId, questions: size.n, summary, children,
      render,
      filter: (over) => ({ viewer, tags: [], sort: 'newest', take: PAGE + 1, windowEnd: new Date().toISOString(), rankWindow: DEFAULT_RANK_WINDOW, ...over }),
    };
    if (PHASES.has('throughput')) await throughput(ctx);
    if (PHASES.has('search')) await search(ctx);
    if (PHASES.has('deep')) await deepPages(ctx);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await database.close();
  }

  log('\nSummary');
  const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(...summary.map((row) => row[i]!.length), 4));
  for (const row of [['what', 'ours', 'baseline', 'ratio', 'goal', ''], ...summary]) log(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
  log(`(${QUESTIONS.toLocaleString('en-US')} generated questions; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()})`);
}

main().catch((err) => {
  process.stderr.write(`bench:qa failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
