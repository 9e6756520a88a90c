// `npm run admin -- create --email E --password P [--name N]`: creates or promotes an admin account.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { emailText, nameText } from '../lib/text.js';
import { passwordText } from '../modules/members/member.schemas.js';
import { ensureAdmin } from '../modules/members/admin-bootstrap.js';
import { assertAdminPassword } from '../modules/auth/password-policy.js';

const USAGE = 'usage: npm run admin -- create --email owner@example.org --password "at least 12 chars" [--name "Section Admin"]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
});
if (positionals[0] !== 'create') {
  process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}
const input = z
  .object({ email: emailText, password: passwordText, name: nameText(80).default('Section Admin') })
  .safeParse({ email: values.email, password: values.password, name: values.name });
if (!input.success) {
  const issue = input.error.issues[0];
  process.stderr.write(`--${String(issue?.path[0])}: ${issue?.message}\n${USAGE}\n`);
  process.exit(1);
}

const config = loadConfig();
try {
  assertAdminPassword(input.data.password, config.NODE_ENV);
} catch (err) {
  process.stderr.write(`--password: ${(err as Error).message}\n`);
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  if (database.kind === 'pglite' || config.MIGRATE_ON_START) await runMigrations(database);
  const { member, created } = await ensureAdmin(database, input.data.email, input.data.password, input.data.name);
  process.stdout.write(`${created ? 'created' : 'promoted'} admin ${member.email} (${member.id}) in the ${database.kind} database\n`);
} finally {
  await database.close();
}
