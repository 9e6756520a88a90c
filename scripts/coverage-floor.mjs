// The coverage floor, after the whole suite (npm test): fixes tap's coverage records for tsx, writes the report, and fails
// when src/'s coverage is below package.json's `coverageFloor` (lines, branches, functions, statements; never lowered).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const METRICS = ['lines', 'branches', 'functions', 'statements'];

if (process.argv.length > 2) {
  process.stderr.write('coverage floor: npm test runs the whole suite and takes no arguments; run a subset with `npx tap <files>`\n');
  process.exit(2);
}
const floor = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).coverageFloor;
if (!floor || METRICS.some((m) => typeof floor[m] !== 'number')) {
  process.stderr.write(`coverage floor: package.json needs "coverageFloor": { ${METRICS.map((m) => `"${m}": <percent>`).join(', ')} }\n`);
  process.exit(2);
}

// 1. tsx embeds the sources in its source maps only when NODE_V8_COVERAGE is set; tap collects coverage through the
// inspector instead, so each map arrives with `sourcesContent: [null]`, which the report reads as an empty file (one
// covered line per file). Without the field, the report reads the TypeScript sources from disk.
const coverageDir = join(root, '.tap/coverage');
const records = existsSync(coverageDir) ? readdirSync(coverageDir).filter((f) => f.endsWith('.json')) : [];
if (records.length === 0) {
  process.stderr.write('coverage floor: no coverage in .tap/coverage; tap must run with coverage on\n');
  process.exit(1);
}
for (const file of records) {
  const path = join(coverageDir, file);
  const coverage = JSON.parse(readFileSync(path, 'utf8'));
  let changed = false;
  for (const entry of Object.values(coverage['source-map-cache'] ?? {})) {
    const content = entry?.data?.sourcesContent;
    if (Array.isArray(content) && content.every((c) => c == null)) {
      delete entry.data.sourcesContent;
      changed = true;
    }
  }
  if (changed) writeFileSync(path, JSON.stringify(coverage));
}

// 2. The report (tap's own, at the end of its run, came before the fix and is configured to print nothing).
const tap = join(root, 'node_modules/.bin/tap');
const report = spawnSync(tap, ['report', 'json-summary', 'text-summary'], { cwd: root, stdio: 'inherit' });
if (report.status !== 0) {
  process.stderr.write(`coverage floor: \`tap report\` failed (exit ${report.status})\n`);
  process.exit(1);
}

// 3. Totals over the files under src/ only (the report's own total counts whatever else the tests loaded).
const summary = JSON.parse(readFileSync(join(root, '.tap/report/coverage-summary.json'), 'utf8'));
const srcDir = join(root, 'src') + '/';
const totals = Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }]));
const seen = new Set();
for (const [file, metrics] of Object.entries(summary)) {
  if (!file.startsWith(srcDir)) continue;
  seen.add(file);
  for (const m of METRICS) {
    totals[m].covered += metrics[m].covered;
    totals[m].total += metrics[m].total;
  }
}

/** Source files no test process loaded: absent from the report, so they count neither for nor against the floor. */
function unloaded(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...unloaded(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts') && !seen.has(path)) out.push(relative(root, path));
  }
  return out;
}

let failed = false;
const lines = [];
for (const m of METRICS) {
  const { covered, total } = totals[m];
  const pct = total === 0 ? 0 : (100 * covered) / total;
  const ok = pct >= floor[m];
  if (!ok) failed = true;
  lines.push(`  ${m.padEnd(10)} ${pct.toFixed(2).padStart(6)}% (${covered}/${total}), floor ${floor[m]}%${ok ? '' : '  BELOW THE FLOOR'}`);
}
process.stdout.write(`coverage of src/ (${seen.size} files):\n${lines.join('\n')}\n`);
const notLoaded = unloaded(join(root, 'src'));
if (notLoaded.length) process.stdout.write(`  src files no test loads (not counted): ${notLoaded.join(', ')}\n`);
if (failed) {
  process.stderr.write('coverage floor: src/ coverage is below the floor in package.json (coverageFloor): add tests, never lower it\n');
  process.exit(1);
}
