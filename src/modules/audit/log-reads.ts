// Reads of the staff action log for the admin pages (moderation): filtered, newest first, keyset-paginated; a target's history for the review queue.
import { and, desc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';

export type AuditRow = typeof auditLog.$inferSelect & { actorName: string | null };

export interface AuditFilter {
  actorId?: string;
  targetId?: string;
  targetType?: string;
  action?: string;
  /** createdAt at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  limit: number;
  after?: { at: string; id: string };
}

const selection = { entry: auditLog, actorName: memberView.displayName };

export async function listAudit(db: DbOrTx, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions = [];
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  if (filter.after) {
    const at = new Date(filter.after.at);
    conditions.push(or(lt(auditLog.createdAt, at), and(eq(auditLog.createdAt, at), lt(auditLog.id, filter.after.id))));
  }
  const rows = await db
    .select(selection)
    .from(auditLog)
    .leftJoin(memberView, eq(memberView.id, auditLog.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r.entry, actorName: r.actorName }));
}

/** The newest entries about any of the ids (a content item and its author), for the review queue. */
export async function historyOf(db: DbOrTx, targetIds: string[], limit: number): Promise<AuditRow[]> {
  if (!targetIds.length) return [];
  const rows = await db
    .select(selection)
    .from(auditLog)
    .leftJoin(memberView, eq(memberView.id, auditLog.actorId))
    .where(inArray(auditLog.targetId, targetIds))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.entry, actorName: r.actorName }));
}
