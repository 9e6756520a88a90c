// Run once before the suite (npm test): migrates the PostgreSQL test database, or builds the PGlite template.
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { ensurePgliteTemplate, testDatabaseUrl } from './database.js';

const url = testDatabaseUrl();
if (url) {
  const database = await openDatabase({ databaseUrl: url });
  await runMigrations(database);
  await database.close();
  process.stdout.write(`test database: PostgreSQL (${new URL(url).pathname.slice(1)}), migrated\n`);
} else {
  const path = await ensurePgliteTemplate();
  process.stdout.write(`test database: PGlite, template ${path}\n`);
}
