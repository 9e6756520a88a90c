// Notification test helpers: an app with a chosen mail transport, and notify() inside a transaction as modules do.
import pg from 'pg';
import type { Test } from 'tap';
import { testDatabaseUrl } from '../../support/database.js';
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';
import { rows, sql } from '../../../src/db/sql.js';
import type { NotificationInput } from '../../../src/modules/notifications/index.js';

/** Writes notifications in one transaction through the app's Notifier (what a module does inside its own transaction). */
export async function notify(app: App & { database: Database }, input: NotificationInput | NotificationInput[]): Promise<void> {
  await app.database.db.transaction((tx) => app.notifications.notifier.notify(tx, input));
}

export async function outboxRows(database: Database, memberId: string) {
  return rows<{ id: string; template: string; status: string; attempts: number; lastError: string | null; notificationId: string | null }>(
    database.db,
    sql`select id, template, status, attempts, last_error as "lastError", notification_id as "notificationId" from mail_outbox where member_id = ${memberId} order by created_at`,
  );
}

/** Runs worker passes until `done()` holds (each pass is a real delivery attempt; no fixed sleeps). */
export async function driveUntil(t: Test, app: App, done: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('condition not reached while driving the delivery worker');
    await app.notifications.worker.runOnce({ jobs: false });
    await new Promise((r) => setImmediate(r));
  }
  t.pass('condition reached');
}

/**
 * On PostgreSQL the test processes share one notifications queue, and a worker pass claims every pending live
 * notification and emits it in its own process: a pass in one test file could take the notifications another file's
 * test waits to see live. Files that run worker passes hold this lock (a session advisory lock on a connection of
 * its own, so one such file at a time); the returned function releases it. On PGlite each process is alone: no lock.
 */
export async function workerLock(): Promise<() => Promise<void>> {
  const url = testDatabaseUrl();
  if (!url) return async () => {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('select pg_advisory_lock(724201)');
  return () => client.end();
}
