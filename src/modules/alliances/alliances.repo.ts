// Data access for the alliance ledger; every read of an alliance is filtered to its parties in the where clause.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { allianceNotes, allianceReviews, alliances } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { firstRow, rows } from '../../db/sql.js';

export type AllianceRow = typeof alliances.$inferSelect;
export type ReviewRow = typeof allianceReviews.$inferSelect;

const isParty = (memberId: string) => or(eq(alliances.ownerId, memberId), eq(alliances.partnerMemberId, memberId))!;

/** The alliance when the member is one of its parties; undefined otherwise (callers answer 404). */
export async function partyAlliance(db: DbOrTx, id: string, memberId: string, lock = false): Promise<AllianceRow | undefined> {
  const query = db.select().from(alliances).where(and(eq(alliances.id, id), isParty(memberId)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function allianceOfCircle(db: DbOrTx, circleId: string): Promise<AllianceRow | undefined> {
  const [row] = await db.select().from(alliances).where(eq(alliances.circleId, circleId)).for('update');
  return row;
}

/** My ledger, newest first, keyset on (created_at, id). */
export async function listLedger(db: DbOrTx, memberId: string, filter: { status?: AllianceRow['status']; limit: number; after?: { at: string; id: string } }): Promise<AllianceRow[]> {
  const where = [isParty(memberId)];
  if (filter.status) where.push(eq(alliances.status, filter.status));
  if (filter.after) {
    const at = new Date(filter.after.at);
    where.push(or(lt(alliances.createdAt, at), and(eq(alliances.createdAt, at), lt(alliances.id, filter.after.id)))!);
  }
  return db
    .select()
    .from(alliances)
    .where(and(...where))
    .orderBy(desc(alliances.createdAt), desc(alliances.id))
    .limit(filter.limit);
}

/** A live shared alliance of this type between the two members, in either direction. */
export async function liveSharedBetween(db: DbOrTx, a: string, b: string, type: AllianceRow['type']): Promise<AllianceRow | undefined> {
  const [row] = await db
    .select()
    .from(alliances)
    .where(
      and(
        eq(alliances.type, type),
        inArray(alliances.status, ['proposed', 'active', 'paused']),
        or(and(eq(alliances.ownerId, a), eq(alliances.partnerMemberId, b)), and(eq(alliances.ownerId, b), eq(alliances.partnerMemberId, a))),
      ),
    );
  return row;
}

export async function insertAlliance(db: DbOrTx, values: typeof alliances.$inferInsert): Promise<AllianceRow> {
  const [row] = await db.insert(alliances).values(values).returning();
  return row!;
}

export async function updateAlliance(db: DbOrTx, id: string, set: Partial<typeof alliances.$inferInsert>): Promise<AllianceRow> {
  const [row] = await db
    .update(alliances)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(alliances.id, id))
    .returning();
  return row!;
}

export async function deleteAlliance(db: DbOrTx, id: string): Promise<void> {
  await db.delete(alliances).where(eq(alliances.id, id));
}

/** The member's own notes on the given alliances (nobody else's). */
export async function myNotes(db: DbOrTx, allianceIds: string[], memberId: string): Promise<Map<string, string>> {
  if (!allianceIds.length) return new Map();
  const list = await db
    .select({ allianceId: allianceNotes.allianceId, notes: allianceNotes.notes })
    .from(allianceNotes)
    .where(and(inArray(allianceNotes.allianceId, allianceIds), eq(allianceNotes.memberId, memberId)));
  return new Map(list.map((n) => [n.allianceId, n.notes]));
}

export async function setMyNotes(db: DbOrTx, allianceId: string, memberId: string, notes: string | null): Promise<void> {
  if (notes === null) {
    await db.delete(allianceNotes).where(and(eq(allianceNotes.allianceId, allianceId), eq(allianceNotes.memberId, memberId)));
    return;
  }
  await db
    .insert(allianceNotes)
    .values({ allianceId, memberId, notes, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [allianceNotes.allianceId, allianceNotes.memberId], set: { notes, updatedAt: new Date() } });
}

export async function insertReview(db: DbOrTx, values: typeof allianceReviews.$inferInsert): Promise<ReviewRow> {
  const [row] = await db.insert(allianceReviews).values(values).returning();
  return row!;
}

export async function reviewsOf(db: DbOrTx, allianceIds: string[]): Promise<ReviewRow[]> {
  if (!allianceIds.length) return [];
  return db
    .select()
    .from(allianceReviews)
    .where(inArray(allianceReviews.allianceId, allianceIds))
    .orderBy(desc(allianceReviews.reviewedOn), desc(allianceReviews.createdAt));
}

export interface MemberBrief {
  id: string;
  displayName: string;
  practiceName: string | null;
  status: string;
}

export async function memberBriefs(db: DbOrTx, ids: string[]): Promise<Map<string, MemberBrief>> {
  if (!ids.length) return new Map();
  const list = await db
    .select({ id: memberView.id, displayName: memberView.displayName, practiceName: sql<string | null>`${memberView.profile}->>'practiceName'`, status: memberView.status })
    .from(memberView)
    .where(inArray(memberView.id, ids));
  return new Map(list.map((m) => [m.id, m]));
}

/** Counts for the admin view: by type and status, shared or not, overdue reviews; `state`: only owners practising there. Notes are never read here. */
export async function stats(db: DbOrTx, today: string, state?: string) {
  const scoped = state
    ? sql`(select a.* from ${alliances} a join ${memberView} m on m.id = a.owner_id where m.profile->'region'->>'state' = ${state})`
    : sql`${alliances}`;
  const byType = await rows<{ key: string; n: number }>(db, sql`select s.type as key, count(*)::int as n from ${scoped} s group by 1`);
  const byStatus = await rows<{ key: string; n: number }>(db, sql`select s.status as key, count(*)::int as n from ${scoped} s group by 1`);
  const totals = await firstRow<{ total: number; shared: number; matching: number; overdue: number }>(
    db,
    sql`select count(*)::int as total,
               count(*) filter (where s.partner_member_id is not null)::int as shared,
               count(*) filter (where s.source = 'matching')::int as matching,
               count(*) filter (where s.status = 'active' and s.next_review_on < ${today}::date)::int as overdue
        from ${scoped} s`,
  );
  const reviews = await firstRow<{ count: number; avg: number | string | null }>(
    db,
    sql`select count(*)::int as count, round(avg(r.benefit_to_me)::numeric, 2) as avg
        from ${allianceReviews} r join ${scoped} s on s.id = r.alliance_id`,
  );
  return { byType, byStatus, totals: totals!, reviews: { count: reviews?.count ?? 0, average: reviews?.avg == null ? null : Number(reviews.avg) } };
}

/** Active alliances whose next review falls on or before `onDate`, with the members to remind. */
export async function reviewsDue(db: DbOrTx, onDate: string) {
  const list = await db
    .select({ id: alliances.id, ownerId: alliances.ownerId, partnerMemberId: alliances.partnerMemberId, nextReviewOn: alliances.nextReviewOn, type: alliances.type })
    .from(alliances)
    .where(and(eq(alliances.status, 'active'), sql`${alliances.nextReviewOn} <= ${onDate}::date`));
  return list.map((a) => ({ allianceId: a.id, type: a.type, nextReviewOn: a.nextReviewOn!, memberIds: a.partnerMemberId ? [a.ownerId, a.partnerMemberId] : [a.ownerId] }));
}
