// Notices from staff to a member (warnings): written in the action's transaction, read on GET /me/notices.
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { one } from '../../db/sql.js';
import type { DbOrTx } from '../../db/client.js';
import { memberNotices } from '../../db/schema/index.js';

export type NoticeRow = typeof memberNotices.$inferSelect;

export async function insertNotice(
  db: DbOrTx,
  values: Pick<NoticeRow, 'memberId' | 'kind' | 'message' | 'targetType' | 'targetId' | 'createdBy'>,
): Promise<NoticeRow> {
  return one(await db.insert(memberNotices).values(values).returning());
}

export async function listNotices(db: DbOrTx, memberId: string, limit: number, after?: { at: string; id: string }): Promise<NoticeRow[]> {
  const conditions = [eq(memberNotices.memberId, memberId)];
  if (after) {
    const at = new Date(after.at);
    conditions.push(or(lt(memberNotices.createdAt, at), and(eq(memberNotices.createdAt, at), lt(memberNotices.id, after.id)))!);
  }
  return db
    .select()
    .from(memberNotices)
    .where(and(...conditions))
    .orderBy(desc(memberNotices.createdAt), desc(memberNotices.id))
    .limit(limit);
}

/** Marks one of the member's notices read; false when it is not theirs (or does not exist). */
export async function markNoticeRead(db: DbOrTx, memberId: string, id: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: memberNotices.id })
    .from(memberNotices)
    .where(and(eq(memberNotices.id, id), eq(memberNotices.memberId, memberId)));
  if (!existing) return false;
  await db
    .update(memberNotices)
    .set({ readAt: new Date() })
    .where(and(eq(memberNotices.id, id), isNull(memberNotices.readAt)));
  return true;
}
