// Data access for reports and moderation state: the open-report rules, the grouped review queue, a reporter's own list.
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { one, rows } from '../../db/sql.js';
import type { DbOrTx } from '../../db/client.js';
import { moderatedContent, reports } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import type { ContentKind } from './content.js';

export type ReportRow = typeof reports.$inferSelect;
export type ReportTargetType = ReportRow['targetType'];
export type Resolution = NonNullable<ReportRow['resolution']>;
export type ContentStateRow = typeof moderatedContent.$inferSelect;

export async function insertReport(
  db: DbOrTx,
  values: Pick<ReportRow, 'reporterId' | 'targetType' | 'targetId' | 'subjectId' | 'reason' | 'note'>,
): Promise<ReportRow> {
  return one(await db.insert(reports).values(values).returning());
}

export async function findOpenReportBy(db: DbOrTx, reporterId: string, targetType: ReportTargetType, targetId: string) {
  const [row] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId), eq(reports.targetType, targetType), eq(reports.targetId, targetId), eq(reports.status, 'open')));
  return row;
}

/**
 * Open reports on a target that count toward auto-hide (docs/moderation.md, "Reporter standing"): filed since the content was
 * last restored by an admin, by a reporter who is active, approved at least `standingDays` ago, and has never had a report
 * dismissed. Anyone else's report still goes to the queue; it just cannot hide anything on its own.
 */
export async function countStandingReports(db: DbOrTx, targetType: ContentKind, targetId: string, standingDays: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reports)
    .innerJoin(memberView, eq(memberView.id, reports.reporterId))
    .where(
      and(
        eq(reports.targetType, targetType),
        eq(reports.targetId, targetId),
        eq(reports.status, 'open'),
        activeStatus(),
        sql`${memberView.approvedAt} <= now() - make_interval(days => ${standingDays})`,
        sql`NOT EXISTS (SELECT 1 FROM reports d WHERE d.reporter_id = ${reports.reporterId} AND d.resolution = 'dismiss')`,
        sql`NOT EXISTS (SELECT 1 FROM moderated_content mc WHERE mc.target_type = ${targetType} AND mc.target_id = ${targetId}
              AND mc.state = 'visible' AND mc.updated_by IS NOT NULL AND mc.updated_at >= ${reports.createdAt})`,
      ),
    );
  return row?.n ?? 0;
}

export async function findReport(db: DbOrTx, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row;
}

/** The report, row-locked until the transaction ends (two admins resolving at once: the second sees it resolved). */
export async function lockReport(db: DbOrTx, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id)).for('update');
  return row;
}

/** Closes every open report on the target with one decision; returns their ids. */
export async function resolveOpenReports(
  db: DbOrTx,
  targetType: ReportTargetType,
  targetId: string,
  decision: { resolution: Resolution; resolvedBy: string; reason: string },
): Promise<string[]> {
  const rows = await db
    .update(reports)
    .set({ status: 'resolved', resolution: decision.resolution, resolvedBy: decision.resolvedBy, resolutionReason: decision.reason, resolvedAt: new Date() })
    .where(and(eq(reports.targetType, targetType), eq(reports.targetId, targetId), eq(reports.status, 'open')))
    .returning({ id: reports.id });
  return rows.map((r) => r.id);
}

/**
 * The content's moderation state, made if missing and row-locked: concurrent reports and actions on one item serialise
 * here, so the auto-hide count and "already hidden/removed" checks see each other's effects.
 */
export async function lockContentState(db: DbOrTx, kind: ContentKind, id: string): Promise<ContentStateRow> {
  return one(await db
    .insert(moderatedContent)
    .values({ targetType: kind, targetId: id })
    .onConflictDoUpdate({ target: [moderatedContent.targetType, moderatedContent.targetId], set: { targetType: sql`excluded.target_type` } })
    .returning());
}

export async function setContentState(
  db: DbOrTx,
  kind: ContentKind,
  id: string,
  patch: Pick<ContentStateRow, 'state' | 'autoHidden' | 'reason' | 'updatedBy'>,
): Promise<void> {
  await db
    .update(moderatedContent)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(moderatedContent.targetType, kind), eq(moderatedContent.targetId, id)));
}

export async function contentStates(db: DbOrTx, targets: { type: string; id: string }[]): Promise<Map<string, ContentStateRow>> {
  const ids = targets.map((t) => t.id);
  if (!ids.length) return new Map();
  const rows = await db.select().from(moderatedContent).where(inArray(moderatedContent.targetId, ids));
  return new Map(rows.map((r) => [`${r.targetType}:${r.targetId}`, r]));
}

export type QueueStatus = 'open' | 'resolved' | 'all';

export interface QueueGroup {
  targetType: ReportTargetType;
  targetId: string;
  firstAt: Date;
  lastAt: Date;
  count: number;
  /** The group's oldest report: the id the queue shows for the item. */
  reportId: string;
}

/** One row per reported target; open queue oldest first (first come, first served), resolved/all newest first. */
export interface QueueFilter {
  status: QueueStatus;
  targetType?: ReportTargetType | undefined;
  /** One target's reports only (the console's link from a post to its reports). */
  targetId?: string | undefined;
  limit: number;
  after?: { at: string; id: string } | undefined;
}

export async function listQueueGroups(
  db: DbOrTx,
  filter: QueueFilter,
): Promise<QueueGroup[]> {
  const where = [];
  if (filter.status !== 'all') where.push(sql`status = ${filter.status}`);
  if (filter.targetType) where.push(sql`target_type = ${filter.targetType}`);
  if (filter.targetId) where.push(sql`target_id = ${filter.targetId}`);
  const oldestFirst = filter.status === 'open';
  const key = oldestFirst ? sql`min(created_at)` : sql`max(created_at)`;
  const having = filter.after
    ? oldestFirst
      ? sql`having (min(created_at), target_id) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`
      : sql`having (max(created_at), target_id) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`
    : sql``;
  const order = oldestFirst ? sql`order by min(created_at), target_id` : sql`order by max(created_at) desc, target_id desc`;
  const result = (await db.execute(sql`
    select target_type as "targetType", target_id as "targetId", min(created_at) as "firstAt", max(created_at) as "lastAt",
           count(*)::int as count, (array_agg(id order by created_at, id))[1] as "reportId", ${key} as key
    from ${reports}
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    group by target_type, target_id
    ${having}
    ${order}
    limit ${filter.limit}`)) as unknown as { rows: (Omit<QueueGroup, 'firstAt' | 'lastAt'> & { firstAt: string | Date; lastAt: string | Date })[] };
  return result.rows.map((r) => ({ ...r, firstAt: new Date(r.firstAt), lastAt: new Date(r.lastAt) }));
}

export interface ReportWithReporter extends ReportRow {
  reporterName: string | null;
}

/** The reports of the given targets (filtered by status), oldest first, with the reporter's name (admins only). */
export async function reportsForTargets(db: DbOrTx, targetIds: string[], status: QueueStatus): Promise<ReportWithReporter[]> {
  if (!targetIds.length) return [];
  const conditions = [inArray(reports.targetId, targetIds)];
  if (status !== 'all') conditions.push(eq(reports.status, status));
  const rows = await db
    .select({ report: reports, reporterName: memberView.displayName })
    .from(reports)
    .leftJoin(memberView, eq(memberView.id, reports.reporterId))
    .where(and(...conditions))
    .orderBy(asc(reports.createdAt), asc(reports.id));
  return rows.map((r) => ({ ...r.report, reporterName: r.reporterName }));
}

/** A reporter's own reports, newest first: never anyone else's. */
export async function listReportsBy(db: DbOrTx, reporterId: string, limit: number, after?: { at: string; id: string }): Promise<ReportRow[]> {
  const conditions = [eq(reports.reporterId, reporterId)];
  if (after) {
    const at = new Date(after.at);
    conditions.push(or(lt(reports.createdAt, at), and(eq(reports.createdAt, at), lt(reports.id, after.id)))!);
  }
  return db
    .select()
    .from(reports)
    .where(and(...conditions))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(limit);
}

/** Open reports per target type (the admin's overview). */
export const countOpenReportsByTargetType = (db: DbOrTx) =>
  rows<{ key: string | null; n: number }>(db, sql`select ${reports.targetType} as key, count(*)::int as n from ${reports} where ${reports.status} = 'open' group by 1`);
