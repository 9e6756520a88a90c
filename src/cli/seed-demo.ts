// `npm run seed:demo`: ~300 synthetic owners (deterministic from --seed) and one admin, then prints how to log in.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { DEMO_ADMIN, DEMO_PASSWORD, demoEmail, seedDemo } from './demo-seed.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '300' }, seed: { type: 'string', default: '2026' } } });
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || count > 100_000 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run seed:demo -- [--count 300] [--seed 2026]\n');
  process.exit(1);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  if (database.kind === 'pglite' || config.MIGRATE_ON_START) await runMigrations(database);
  const { inserted, total, pending } = await seedDemo(database, { count, seed });
  process.stdout.write(
    [
      `Seeded ${inserted} new demo owners (${total} in the set, ${pending} pending approval) into the ${database.kind} database${database.kind === 'pglite' ? ` in ${config.DATA_DIR}` : ''}.`,
      '',
      'Log in (POST /api/v1/auth/login):',
      `  admin:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
      `  owners: ${demoEmail(0)} … ${demoEmail(total - 1)} / ${DEMO_PASSWORD}`,
      '',
      'Then: npm start, open http://127.0.0.1:3000/docs, and as the admin POST /api/v1/admin/matching/rounds { "mode": "circles" }.',
      '',
    ].join('\n'),
  );
} finally {
  await database.close();
}
