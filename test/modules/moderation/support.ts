// Moderation test helpers: a chat message to moderate, reports over HTTP, and reads of the audit log and reports.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';
import { auditLog, reports } from '../../../src/db/schema/index.js';
import { makeCircle, type TestMember } from '../../helper.js';

export const FAST = { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 };

/** A circle of the given members with one message by `author` in its room. */
export async function roomWithMessage(app: App, author: TestMember, others: TestMember[], body = 'buy my course at example.test') {
  const { id: roomId } = await makeCircle((app as App & { database: Database }).database, [author.id, ...others.map((m) => m.id)]);
  const sent = await app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: author.auth, payload: { clientMsgId: randomUUID(), body } });
  if (sent.statusCode !== 201) throw new Error(`send failed: ${sent.body}`);
  return { roomId, messageId: sent.json().id as string };
}

export function report(app: App, who: TestMember, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/reports', headers: who.auth, payload: { reason: 'spam', ...payload } });
}

export async function auditFor(database: Database, targetId: string) {
  return database.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(asc(auditLog.createdAt));
}

export async function reportsOn(database: Database, targetId: string) {
  return database.db.select().from(reports).where(eq(reports.targetId, targetId));
}

export async function history(app: App, roomId: string, who: TestMember) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/rooms/${roomId}/messages`, headers: who.auth });
  return res.json().items as { id: string; body: string | null; deleted: boolean; hidden?: boolean }[];
}
