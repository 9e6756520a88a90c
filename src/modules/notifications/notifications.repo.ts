// Reading a member's notifications and preferences (authorization: every query is scoped to the member in its where).
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notificationPreferences, notifications, notificationSettings } from '../../db/schema/index.js';
import { firstRow, isoTs, rows, sql, uuidArray, type SQL } from '../../db/sql.js';
import type { Mode } from './kinds.js';

export interface NotificationListRow {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/** A predicate other modules add to the list, over the row's kind and data (Q&A: the thread must still be visible). */
export type ListFilter = (viewer: { memberId: string; isAdmin: boolean }, row: { kind: SQL; data: SQL }) => SQL;

const rowRef = { kind: sql`${notifications.kind}`, data: sql`${notifications.data}` };
const filterOf = (filter: ListFilter | undefined, viewer: { memberId: string; isAdmin: boolean }) => (filter ? sql`and ${filter(viewer, rowRef)}` : sql``);

export async function listForMember(
  db: DbOrTx,
  viewer: { memberId: string; isAdmin: boolean },
  opts: { unreadOnly: boolean; after?: { t: string; id: string }; take: number; filter?: ListFilter },
): Promise<NotificationListRow[]> {
  const memberId = viewer.memberId;
  const unread = opts.unreadOnly ? sql`and read_at is null` : sql``;
  const cursor = opts.after ? sql`and (created_at, id) < (${opts.after.t}::timestamptz, ${opts.after.id}::uuid)` : sql``;
  return rows<NotificationListRow>(
    db,
    sql`select id, kind, data, ${isoTs(sql`read_at`)} as "readAt", ${isoTs(sql`created_at`)} as "createdAt"
        from ${notifications} where member_id = ${memberId} ${unread} ${cursor} ${filterOf(opts.filter, viewer)}
        order by created_at desc, id desc limit ${opts.take}`,
  );
}

export async function countUnread(db: DbOrTx, viewer: { memberId: string; isAdmin: boolean }, filter?: ListFilter): Promise<number> {
  const row = await firstRow<{ n: number }>(
    db,
    sql`select count(*)::int as "n" from ${notifications} where member_id = ${viewer.memberId} and read_at is null ${filterOf(filter, viewer)}`,
  );
  return row?.n ?? 0;
}

export async function markRead(db: DbOrTx, memberId: string, ids: string[] | 'all'): Promise<void> {
  const where = [eq(notifications.memberId, memberId), isNull(notifications.readAt)];
  if (ids !== 'all') where.push(sql`${notifications.id} = any(${uuidArray(ids)})`);
  await db.update(notifications).set({ readAt: new Date() }).where(and(...where));
}

export async function readPreferences(db: DbOrTx, memberId: string): Promise<{ modes: Map<string, Mode>; digest: 'daily' | 'weekly' }> {
  const prefs = await db.select().from(notificationPreferences).where(eq(notificationPreferences.memberId, memberId));
  const [settings] = await db.select().from(notificationSettings).where(eq(notificationSettings.memberId, memberId));
  return { modes: new Map(prefs.map((p) => [p.kind, p.mode])), digest: settings?.digestFrequency ?? 'daily' };
}

export async function writePreferences(db: DbOrTx, memberId: string, modes: [string, Mode][]): Promise<void> {
  if (!modes.length) return;
  await db
    .insert(notificationPreferences)
    .values(modes.map(([kind, mode]) => ({ memberId, kind, mode })))
    .onConflictDoUpdate({ target: [notificationPreferences.memberId, notificationPreferences.kind], set: { mode: sql`excluded.mode`, updatedAt: new Date() } });
}

export async function writeDigestFrequency(db: DbOrTx, memberId: string, frequency: 'daily' | 'weekly'): Promise<void> {
  await db
    .insert(notificationSettings)
    .values({ memberId, digestFrequency: frequency })
    .onConflictDoUpdate({ target: notificationSettings.memberId, set: { digestFrequency: frequency, updatedAt: new Date() } });
}
