// docker-compose.yml parsed: both services, the app pointed at PostgreSQL 16+, env that passes the config schema.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'));

t.test('docker-compose names the app and PostgreSQL 16+ with a healthcheck', async (t) => {
  t.ok(compose.services.app, 'app service');
  t.ok(compose.services.db, 'db service');
  const version = Number(/postgres:(\d+)/.exec(compose.services.db.image)?.[1]);
  t.ok(version >= 16, `PostgreSQL ${version} >= 16`);
  t.ok(compose.services.db.healthcheck, 'db healthcheck');
  t.ok(compose.services.app.healthcheck, 'app healthcheck');
  t.match(compose.services.app.healthcheck.test.join(' '), /\/ready/);
  t.same(compose.services.app.depends_on.db, { condition: 'service_healthy' });
});

t.test('the app is pointed at the database, migrates on start, and its environment passes the config schema', async (t) => {
  const env = compose.services.app.environment as Record<string, string>;
  const db = compose.services.db.environment as Record<string, string>;
  const url = new URL(env.DATABASE_URL ?? '');
  t.equal(url.hostname, 'db');
  t.equal(url.username, db.POSTGRES_USER);
  t.equal(url.password, db.POSTGRES_PASSWORD);
  t.equal(url.pathname, `/${db.POSTGRES_DB}`);
  t.equal(env.MIGRATE_ON_START, 'true');
  t.equal(env.HOST, '0.0.0.0', 'reachable from outside the container');
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]));
  const config = loadConfig(resolved);
  t.equal(config.DATABASE_URL, env.DATABASE_URL);
  t.equal(config.PORT, 3000);
  t.ok(config.ADMIN_EMAIL && config.ADMIN_PASSWORD, 'a first admin is configured');
});
