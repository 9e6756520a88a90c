// Runs the whole tap suite (npm test) with the longest test files first. tap starts files in the order it is given
// (`jobs` at a time); with the browser, CLI and fuzz files last, the run ended on one or two of them while the
// other job slots sat idle. Measured on PostgreSQL (2 cores, jobs 3): 582 s in alphabetical order, 534 s so.
// The files are tap's own list (`tap list`: what `include` in package.json names), each run once.
import { execFileSync, spawnSync } from 'node:child_process';

/** Files or folders whose tests take longest (a browser, child processes, a fuzz budget), in this order. */
const FIRST = ['test/web', 'test/security/fuzz.test.ts', 'test/modules/chat/processes.test.ts', 'test/cli'];

const all = execFileSync('npx', ['tap', 'list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const rank = (file) => {
  const k = FIRST.findIndex((p) => file === p || file.startsWith(`${p}/`));
  return k < 0 ? FIRST.length : k;
};
const ordered = all.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map((x) => x.file);
const res = spawnSync('npx', ['tap', ...ordered], { stdio: 'inherit' });
process.exit(res.status ?? 1);
