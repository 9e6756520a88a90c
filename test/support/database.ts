// The test database: TEST_DATABASE_URL (PostgreSQL, migrated once by prepare) or PGlite from a migrated template.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/client.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';

/**
 * Only TEST_DATABASE_URL: the suite never falls back to DATABASE_URL, so it cannot write into a developer's database.
 * With it unset the tests run on PGlite, whatever DATABASE_URL says.
 */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (file.endsWith('.sql')) h.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  h.update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  return h.digest('hex').slice(0, 16);
}

export const templatePath = () => join(tmpdir(), `practice-peers-pglite-${migrationsHash()}.tar`);

/** Makes the migrated PGlite template once (initdb + migrations take seconds; loading the dump is fast). */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const database = await openDatabase({});
  await runMigrations(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

/** The prefix of the private PostgreSQL databases of tests that count rows (`<test database>_own_<pid>`). */
export const ownDatabasePrefix = (url: string) => `${new URL(url).pathname.slice(1)}_own_`;

/**
 * A database of its own for one test process on PostgreSQL: created and migrated here, dropped when closed (prepare
 * drops any a killed process left behind). Tests that check counts use it, so that other test files writing to the
 * shared test database at the same time cannot move their numbers.
 */
async function openOwnDatabase(url: string): Promise<Database> {
  const name = `${ownDatabasePrefix(url)}${process.pid}`;
  await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: own.toString(), poolMax: 5 });
  await runMigrations(database);
  const close = database.close;
  database.close = async () => {
    await close();
    await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return database;
}

/** Statements run on one connection to `url`'s server (CREATE and DROP DATABASE run outside the database they name). */
async function onServer(url: string, ...statements: string[]): Promise<void> {
  const admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    for (const statement of statements) await admin.pool!.query(statement);
  } finally {
    await admin.close();
  }
}

/** A database for one test process: the shared test database, or with `own` (PostgreSQL only) a private one. */
export async function openTestDatabase(opts: { own?: boolean } = {}): Promise<Database> {
  const url = testDatabaseUrl();
  if (url) return opts.own ? openOwnDatabase(url) : openDatabase({ databaseUrl: url, poolMax: 5 });
  const path = await ensurePgliteTemplate();
  return openDatabase({ loadDataDir: new Blob([readFileSync(path)]) });
}
