// Config: defaults, parsing, and one-line errors naming the variable.
import t from 'tap';
import { loadConfig } from '../src/config.js';

t.test('defaults: embedded database in ./data, port 3000, pending registrations', async (t) => {
  const config = loadConfig({});
  t.equal(config.DATABASE_URL, undefined);
  t.equal(config.DATA_DIR, './data');
  t.equal(config.PORT, 3000);
  t.equal(config.AUTO_APPROVE, false);
  t.equal(config.COMPETITOR_RADIUS_KM, 40);
  t.equal(config.ALLIANCE_RADIUS_KM, 30);
  t.ok(Object.isFrozen(config));
});

t.test('values are parsed from strings', async (t) => {
  const config = loadConfig({ PORT: '8080', AUTO_APPROVE: 'true', DATABASE_URL: 'postgres://u@localhost:5432/db', MIGRATE_ON_START: '1' });
  t.equal(config.PORT, 8080);
  t.equal(config.AUTO_APPROVE, true);
  t.equal(config.MIGRATE_ON_START, true);
  t.equal(config.DATABASE_URL, 'postgres://u@localhost:5432/db');
});

t.test('a bad value throws one line naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT: /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL: /],
    [{ AUTO_APPROVE: 'maybe' }, /^Invalid configuration: AUTO_APPROVE: /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL: /],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' }, /^Invalid configuration: ADMIN_EMAIL: /],
    [{ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' }, /^Invalid configuration: ADMIN_PASSWORD: /],
    [{ ADMIN_EMAIL: 'a@b.example' }, /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/],
    [{ REDIS_URL: 'http://localhost' }, /^Invalid configuration: REDIS_URL: /],
    [{ COMPETITOR_RADIUS_KM: '-1' }, /^Invalid configuration: COMPETITOR_RADIUS_KM: /],
  ];
  for (const [env, pattern] of cases) {
    t.throws(() => loadConfig(env), { name: 'ConfigError' }, JSON.stringify(env));
    try {
      loadConfig(env);
    } catch (err) {
      t.match((err as Error).message, pattern);
      t.notMatch((err as Error).message, /\n/, 'one line');
    }
  }
});

t.test('an empty DATABASE_URL means the embedded database', async (t) => {
  t.equal(loadConfig({ DATABASE_URL: '' }).DATABASE_URL, undefined);
});

t.test('overrides win over the environment', async (t) => {
  t.equal(loadConfig({ PORT: '1' }, { PORT: 2 }).PORT, 2);
});

t.test('every variable the config reads is documented in the README', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { configSchema } = await import('../src/config.js');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const key of Object.keys(configSchema.shape)) t.ok(readme.includes(`\`${key}\``), `${key} is in the README`);
});
