// Project checks neither tsc nor ESLint makes: a one-line comment on top of every source file saying what it is for.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts')) check(path);
  }
}

function check(path) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (!/^\s*(\/\/|\/\*)/.test(lines[0] ?? '')) problems.push(`${path}:1 needs a one-line comment on top saying what the file is for`);
}

for (const dir of ['src', 'test', 'bench']) {
  try {
    walk(dir);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
for (const p of problems) process.stdout.write(`error: ${p}\n`);
process.stdout.write(`lint: ${problems.length} problems\n`);
process.exit(problems.length ? 1 : 0);
