// Project lint checks tsc does not make: a top comment on every source file, no console.* in the server, small files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_LINES = 400;
const problems = [];
const warnings = [];

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
  if (lines.length > MAX_LINES) warnings.push(`${path} has ${lines.length} lines (aim for under ~300)`);
  const isServerCode = path.startsWith('src/') && !path.startsWith('src/cli/') && !path.startsWith('src/client/');
  if (isServerCode) {
    lines.forEach((line, i) => {
      if (/\bconsole\.(log|error|warn|info|debug)\(/.test(line)) problems.push(`${path}:${i + 1} uses console.*; log through the injected pino logger`);
    });
  }
}

for (const dir of ['src', 'test', 'bench']) {
  try {
    walk(dir);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
for (const p of problems) process.stdout.write(`error: ${p}\n`);
process.stdout.write(`lint: ${problems.length} problems, ${warnings.length} warnings\n`);
process.exit(problems.length ? 1 : 0);
