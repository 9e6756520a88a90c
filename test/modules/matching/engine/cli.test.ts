// The match CLI: JSON out for a good file, exit code 1 and readable messages for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { spread } from './fixtures/members.js';

const cli = fileURLToPath(new URL('../../../../src/cli/match.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

t.test('match CLI – prints the result as JSON', async (t) => {
  const file = join(dir, 'members.json');
  writeFileSync(file, JSON.stringify(spread(10)));
  const out = run('--input', file, '--mode', 'circles', '--min', '5', '--max', '8', '--seed', '1');
  t.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  t.equal(result.mode, 'circles');
  t.equal(result.stats.matched, 10);
});

t.test('match CLI – bad input exits 1 with messages naming the field', async (t) => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify([{ ...spread(1)[0], practiceType: 'chiropractic', clinicians: 0 }]));
  const out = run('--input', file, '--mode', 'pairs');
  t.equal(out.status, 1);
  t.match(out.stderr, /members\[0\]\.practiceType/);
  t.match(out.stderr, /members\[0\]\.clinicians/);
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{');
  t.match(run('--input', notJson).stderr, /not valid JSON/);
  t.equal(run('--input', file, '--mode', 'trios').status, 1);
  t.match(run('--mode', 'pairs').stderr, /--input is required/);
});
