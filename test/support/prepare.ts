// Run once before the suite (npm test): migrates the PostgreSQL test database, or builds the PGlite template.
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { ensurePgliteTemplate, ownDatabasePrefix, testDatabaseUrl } from './database.js';

const url = testDatabaseUrl();
if (url) {
  const database = await openDatabase({ databaseUrl: url });
  await runMigrations(database);
  // Private databases that a killed test process (openTestDatabase({ own: true })) did not drop.
  const left = await database.pool!.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [ownDatabasePrefix(url)]);
  for (const { datname } of left.rows) await database.pool!.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await database.close();
  process.stdout.write(`test database: PostgreSQL (${new URL(url).pathname.slice(1)}), migrated\n`);
} else {
  const path = await ensurePgliteTemplate();
  process.stdout.write(`test database: PGlite, template ${path}\n`);
}
