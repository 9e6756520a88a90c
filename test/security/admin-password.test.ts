// Production refuses to bootstrap an admin with a sample password from this repository or one shorter than 12 characters.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { adminPasswordProblem, SAMPLE_PASSWORDS } from '../../src/modules/auth/password-policy.js';
import { DEMO_ADMIN } from '../../src/cli/demo-seed.js';
import { PASSWORD } from '../helper.js';

const root = new URL('../..', import.meta.url).pathname;

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Every password the repository prints: compose's default, the README's examples, the demo seed, the tests' fixture. */
function repositorySamples(): string[] {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
  const composeDefault = /\$\{ADMIN_PASSWORD:-([^}]*)\}/.exec(String(compose.services.app.environment.ADMIN_PASSWORD))?.[1];
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const readmeExamples = [...readme.matchAll(/--password\s+"([^"]+)"/g)].map((m) => m[1]!);
  return [composeDefault, ...readmeExamples, DEMO_ADMIN.password, PASSWORD].filter((p): p is string => !!p);
}

t.test('every sample password in the repository is on the refused list', async (t) => {
  const samples = repositorySamples();
  t.ok(samples.length >= 4, `found ${samples.length} samples`);
  for (const sample of samples) {
    t.ok(SAMPLE_PASSWORDS.includes(sample), `${sample} is listed`);
    t.ok(adminPasswordProblem(sample), `${sample} is refused`);
    t.ok(adminPasswordProblem(`  ${sample.toUpperCase()} `), 'whatever the case and spacing');
  }
  t.match(adminPasswordProblem('short-pass1'), /12 characters/);
  t.equal(adminPasswordProblem('a long and private passphrase'), null);
});

t.test('a production start with the compose sample password exits 1 before opening anything', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-admin-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
  const sample = /\$\{ADMIN_PASSWORD:-([^}]*)\}/.exec(String(compose.services.app.environment.ADMIN_PASSWORD))?.[1] ?? '';
  const res = await run(['src/server.ts'], { NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: sample });
  t.equal(res.code, 1, res.output);
  t.match(res.output, /ADMIN_PASSWORD: Refusing to create an admin in production: the password is a sample password/);
});

t.test('the admin CLI refuses sample passwords in production', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-admin-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const res = await run(['src/cli/admin.ts', 'create', '--email', 'admin@example.org', '--password', DEMO_ADMIN.password], { NODE_ENV: 'production', DATA_DIR: dataDir });
  t.equal(res.code, 1, res.output);
  t.match(res.output, /--password: Refusing to create an admin in production/);
});
