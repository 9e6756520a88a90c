// `npm run admin -- create`: makes an admin who can log in; refuses bad input with exit code 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { build, uniqueEmail } from '../helper.js';
import { testDatabaseUrl } from '../support/database.js';

const root = new URL('../..', import.meta.url).pathname;
// Five CLI processes, the first one creating and migrating a fresh PGlite database: about 13 s of CPU in all, but
// measured at 90 s + 25 s + 3 × 11 s of wall time with the load average at 18 on 2 cores, past the suite's 120 s.
t.setTimeout(300_000);
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });

t.test('admin create makes an active admin, idempotently', async (t) => {
  const url = testDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-admin-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = url ? { DATABASE_URL: url } : { DATABASE_URL: '', DATA_DIR: dataDir };
  const email = uniqueEmail('cli-admin');
  const first = run(['create', '--email', email, '--password', 'a strong admin password'], env);
  t.equal(first.status, 0, first.stderr);
  t.match(first.stdout, new RegExp(`created admin ${email}`));
  const again = run(['create', '--email', email.toUpperCase(), '--password', 'a strong admin password'], env);
  t.equal(again.status, 0, again.stderr);
  t.match(again.stdout, /promoted admin/);
  if (url) {
    const app = await build(t);
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'a strong admin password' } });
    t.equal(login.statusCode, 200);
    t.equal(login.json().member.role, 'admin');
  }
});

t.test('admin create refuses bad input with a clear line and exit code 1', async (t) => {
  const bad = [
    [['create', '--email', 'not-an-email', '--password', 'a strong admin password'], /--email: /],
    [['create', '--email', 'x@example.test', '--password', 'short'], /--password: /],
    [['delete'], /usage: npm run admin -- create/],
  ] as const;
  for (const [args, pattern] of bad) {
    const res = run([...args], { DATA_DIR: '/nonexistent/never-opened' });
    t.equal(res.status, 1, args.join(' '));
    t.match(res.stderr, pattern);
  }
});
