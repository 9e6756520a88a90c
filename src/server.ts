// Process entry: config, database (migrated where configured), the app, listen, and graceful shutdown.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { loggerOptions } from './logger.js';
import { assertAdminPassword } from './modules/auth/password-policy.js';
import { ensureAdmin } from './modules/members/admin-bootstrap.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Before anything is opened: production never bootstraps an admin with a sample or short password.
if (config.ADMIN_PASSWORD) {
  try {
    assertAdminPassword(config.ADMIN_PASSWORD, config.NODE_ENV);
  } catch (err) {
    process.stderr.write(`ADMIN_PASSWORD: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

const logger = pino(loggerOptions(config));
const started = performance.now();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.PG_POOL_MAX });
if (database.kind === 'pglite' || config.MIGRATE_ON_START) await runMigrations(database);
if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
  const { member, created } = await ensureAdmin(database, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  logger.info({ adminId: member.id, created }, 'admin account ready');
}

const app = await buildApp({ config, database, logger });
app.addHook('onClose', async () => {
  await database.close();
});

closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
});

await app.listen({ host: config.HOST, port: config.PORT });
logger.info(
  { database: database.kind, dataDir: database.kind === 'pglite' ? config.DATA_DIR : undefined, startupMs: Math.round(performance.now() - started) },
  `practice-peers ready: docs at http://${config.HOST}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.PORT}/docs`,
);
