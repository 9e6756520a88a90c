// Matching engine benchmark (npm run bench:matching): each figure beside its baseline and the ratio. Not a test.
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runMatching } from '../src/modules/matching/engine/index.js';
import { syntheticMembers } from '../src/modules/matching/engine/synthetic.js';
import type { MatchMode, MatchResult, MatchStats } from '../src/modules/matching/engine/types.js';
import { checkResult } from './lib/matching-checker.js';
import { circlesSmall, pairsQuality, repeatRounds } from './lib/matching-quality.js';

interface Row {
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  ok: boolean;
}
const rows: Row[] = [];
let violationsTotal = 0;
const fmt = (x: number, d = 2): string => x.toFixed(d);
const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function row(figure: string, measured: string, baseline: string, ratio: number, ok: boolean): void {
  rows.push({ figure, measured, baseline, ratio: fmt(ratio, 3), ok });
  log(`  ${ok ? 'ok  ' : 'MISS'} ${figure}: ${measured} (baseline ${baseline}, ratio ${fmt(ratio, 3)})`);
}

function inProcess(mode: MatchMode, n: number): { result: MatchResult; ms: number; cpuMs: number } {
  const members = syntheticMembers(n, 1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = runMatching(members, { mode, seed: 1 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const check = checkResult(members, result, { minSize: mode === 'circles' ? 5 : 2, maxSize: mode === 'circles' ? 8 : 2 });
  violationsTotal += check.violations.length;
  log(`  ${mode} ${n}: ${fmt(ms / 1000)} s (cpu ${fmt((cpu.user + cpu.system) / 1e6)} s), ${result.stats.matched}/${n} placed in ${result.stats.groups} groups, ` +
    `objective ${fmt(result.objective)} / bound ${fmt(result.upperBound)} = ${fmt(result.ratio, 3)}, ` +
    `${result.stats.candidateEdges} candidate edges, violations ${check.violations.length}${result.stats.timeLimited ? ', time-limited' : ''}`);
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

interface ChildReport {
  ms: number;
  cpuMs: number;
  rssMiB: number;
  stats: MatchStats;
  objective: number;
  upperBound: number;
  ratio: number;
  violations: number;
  firstViolations: string[];
}

function inChild(mode: MatchMode, n: number, budgetMs?: number): Promise<ChildReport> {
  const worker = fileURLToPath(new URL('./lib/matching-worker.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(worker, [mode, String(n), '1', ...(budgetMs ? [String(budgetMs)] : [])], { execArgv: ['--import', 'tsx'] });
    child.on('message', (m) => resolve(m as ChildReport));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

log(`matching bench on ${process.platform}/${process.arch}, ${cpus().length} cpus, node ${process.version}, load average ${loadavg().map((x) => fmt(x, 1)).join(' ')}`);
log('\nspeed');
const pairs10k = inProcess('pairs', 10_000);
row('pairs, 10,000 members', `${fmt(pairs10k.ms / 1000)} s (cpu ${fmt(pairs10k.cpuMs / 1000)} s)`, '≤ 2 s', pairs10k.ms / 2000, pairs10k.ms <= 2000);
const circles10k = inProcess('circles', 10_000);
row('circles, 10,000 members', `${fmt(circles10k.ms / 1000)} s (cpu ${fmt(circles10k.cpuMs / 1000)} s)`, '≤ 5 s', circles10k.ms / 5000, circles10k.ms <= 5000);
const circles1k = inProcess('circles', 1_000);
inProcess('alliances', 10_000);
// The 100k run gets an explicit time budget (the search gets 2/3 of it, the bound the rest).
const BIG_BUDGET_MS = 50_000;
log(`  circles 100,000 (child process, timeBudgetMs ${BIG_BUDGET_MS})…`);
const big = await inChild('circles', 100_000, BIG_BUDGET_MS);
violationsTotal += big.violations;
log(`  circles 100000: ${fmt(big.ms / 1000)} s (cpu ${fmt(big.cpuMs / 1000)} s), ${big.stats.matched} placed in ${big.stats.groups} circles, objective ${fmt(big.objective)} / bound ${fmt(big.upperBound)} = ${fmt(big.ratio, 3)}, ` +
  `${big.stats.candidateEdges} candidate edges, peak RSS ${fmt(big.rssMiB, 0)} MiB, violations ${big.violations}${big.stats.timeLimited ? ', time-limited' : ''}`);
row('circles, 100,000 members (budget 50 s)', `${fmt(big.ms / 1000)} s (cpu ${fmt(big.cpuMs / 1000)} s)`, '≤ 60 s', big.ms / 60_000, big.ms <= 60_000);
row('circles, 100,000 members, peak RSS', `${fmt(big.rssMiB, 0)} MiB`, '≤ 1536 MiB', big.rssMiB / 1536, big.rssMiB <= 1536);

log('\npairs quality (exact: maximum-weight maximum-cardinality matching, blossom, same graph)');
for (const n of [500, 2000]) {
  const q = pairsQuality(n, 3);
  log(`  ${n}: engine ${fmt(q.engine, 4)} (${q.engineCard} pairs) vs exact ${fmt(q.exact, 4)} (${q.exactCard} pairs) on ${q.edges} edges` +
    `${q.allPairs ? ' (every feasible pair)' : ' (the engine\'s candidate graph)'}; exact took ${fmt(q.exactMs / 1000)} s`);
  row(`pairs quality, ${n} members`, fmt(q.engine, 3), `exact ${fmt(q.exact, 3)}`, q.engine / q.exact, q.engine / q.exact >= 0.99 && q.engineCard === q.exactCard);
}

log('\ncircles quality (exact: DP over subsets, most placed then best objective)');
let worst = Infinity;
let placedOk = true;
for (const n of [10, 12, 14, 16]) {
  for (const seed of [1, 2, 3]) {
    const c = circlesSmall(n, seed);
    worst = Math.min(worst, c.engine / c.exact);
    placedOk &&= c.enginePlaced === c.exactPlaced;
    log(`  ${n} members, seed ${seed}: engine ${fmt(c.engine, 4)} (${c.enginePlaced} placed) vs exact ${fmt(c.exact, 4)} (${c.exactPlaced} placed)`);
  }
}
row('circles quality, ≤ 16 members (worst of 12)', fmt(worst, 4), 'exact optimum', worst, worst >= 0.99 && placedOk);
for (const [label, r] of [['1k', circles1k.result.ratio], ['10k', circles10k.result.ratio], ['100k', big.ratio]] as const) {
  row(`circles objective / upper bound, ${label}`, fmt(r, 3), 'upper bound', r, true);
}

log('\nrepeats');
const rep = repeatRounds(500, 6);
violationsTotal += rep.violations;
log(`  6 pair rounds of 500: ${rep.repeats} repeats within 3 rounds (${rep.forced} forced), ${rep.unmatched} unmatched over all rounds`);
row('repeats over 6 pair rounds, 500 members', String(rep.repeats), '0', rep.repeats, rep.repeats === 0);
row('hard-rule violations, all runs', String(violationsTotal), '0', violationsTotal, violationsTotal === 0);

log(`\nload average at the end ${loadavg().map((x) => fmt(x, 1)).join(' ')}`);
log('\n| figure | measured | baseline | ratio | |');
log('|---|---|---|---|---|');
for (const r of rows) log(`| ${r.figure} | ${r.measured} | ${r.baseline} | ${r.ratio} | ${r.ok ? 'ok' : 'MISS'} |`);
