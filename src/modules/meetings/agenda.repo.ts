// Data access for agenda items and commitments (authorization is decided by the service against the circle first).
import { and, asc, desc, eq, gte, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agendaItems, commitments } from '../../db/schema/index.js';

export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type CommitmentRow = typeof commitments.$inferSelect;

export async function insertAgendaItem(db: DbOrTx, values: typeof agendaItems.$inferInsert): Promise<AgendaItemRow> {
  const [row] = await db.insert(agendaItems).values(values).returning();
  return row!;
}

/** Next position at the end of the circle's open items. */
export async function nextPosition(db: DbOrTx, circleId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${agendaItems.position})` })
    .from(agendaItems)
    .where(eq(agendaItems.circleId, circleId));
  return (row?.max ?? -1) + 1;
}

/** Items of a circle that are not covered, plus those covered at the given occurrence. */
export async function agendaCandidates(db: DbOrTx, circleId: string, coveredSeriesId: string, coveredRecurrenceId: Date): Promise<AgendaItemRow[]> {
  return db
    .select()
    .from(agendaItems)
    .where(
      and(
        eq(agendaItems.circleId, circleId),
        or(
          isNull(agendaItems.coveredAt),
          and(eq(agendaItems.coveredSeriesId, coveredSeriesId), eq(agendaItems.coveredRecurrenceId, coveredRecurrenceId)),
          and(eq(agendaItems.seriesId, coveredSeriesId), eq(agendaItems.recurrenceId, coveredRecurrenceId)),
        ),
      ),
    )
    .orderBy(asc(agendaItems.position), asc(agendaItems.createdAt), asc(agendaItems.id));
}

export async function makeRoomAt(db: DbOrTx, circleId: string, position: number, exceptId: string): Promise<void> {
  await db
    .update(agendaItems)
    .set({ position: sql`${agendaItems.position} + 1` })
    .where(and(eq(agendaItems.circleId, circleId), isNull(agendaItems.coveredAt), gte(agendaItems.position, position), ne(agendaItems.id, exceptId)));
}

export async function findAgendaItem(db: DbOrTx, id: string): Promise<AgendaItemRow | undefined> {
  const [row] = await db.select().from(agendaItems).where(eq(agendaItems.id, id));
  return row;
}

export async function updateAgendaItem(db: DbOrTx, id: string, set: Partial<typeof agendaItems.$inferInsert>): Promise<AgendaItemRow> {
  const [row] = await db
    .update(agendaItems)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(agendaItems.id, id))
    .returning();
  return row!;
}

export async function deleteAgendaItem(db: DbOrTx, id: string): Promise<void> {
  await db.delete(agendaItems).where(eq(agendaItems.id, id));
}

export async function insertCommitment(db: DbOrTx, values: typeof commitments.$inferInsert): Promise<CommitmentRow> {
  const [row] = await db.insert(commitments).values(values).returning();
  return row!;
}

export async function findCommitment(db: DbOrTx, id: string): Promise<CommitmentRow | undefined> {
  const [row] = await db.select().from(commitments).where(eq(commitments.id, id));
  return row;
}

export async function updateCommitment(db: DbOrTx, id: string, set: Partial<typeof commitments.$inferInsert>): Promise<CommitmentRow> {
  const [row] = await db
    .update(commitments)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(commitments.id, id))
    .returning();
  return row!;
}

/** Commitments of a circle, newest first, keyset on (created_at, id). */
export async function listCommitments(
  db: DbOrTx,
  circleId: string,
  filter: { memberId?: string; status?: CommitmentRow['status']; limit: number; after?: { at: string; id: string } },
): Promise<CommitmentRow[]> {
  const where = [eq(commitments.circleId, circleId)];
  if (filter.memberId) where.push(eq(commitments.memberId, filter.memberId));
  if (filter.status) where.push(eq(commitments.status, filter.status));
  if (filter.after) {
    const at = new Date(filter.after.at);
    where.push(or(lt(commitments.createdAt, at), and(eq(commitments.createdAt, at), lt(commitments.id, filter.after.id)))!);
  }
  return db
    .select()
    .from(commitments)
    .where(and(...where))
    .orderBy(desc(commitments.createdAt), desc(commitments.id))
    .limit(filter.limit);
}

/** Commitments that may be check-ins of an occurrence: open ones, and any due at that occurrence. */
export async function checkInCandidates(db: DbOrTx, circleId: string, seriesId: string, recurrenceId: Date): Promise<CommitmentRow[]> {
  return db
    .select()
    .from(commitments)
    .where(
      and(
        eq(commitments.circleId, circleId),
        or(eq(commitments.status, 'open'), and(eq(commitments.dueSeriesId, seriesId), eq(commitments.dueRecurrenceId, recurrenceId))),
      ),
    )
    .orderBy(asc(commitments.memberId), asc(commitments.createdAt));
}

export async function followThrough(db: DbOrTx, circleId: string, memberId: string) {
  const list = await db
    .select({ status: commitments.status, n: sql<number>`count(*)::int` })
    .from(commitments)
    .where(and(eq(commitments.circleId, circleId), eq(commitments.memberId, memberId)))
    .groupBy(commitments.status);
  const count = (s: CommitmentRow['status']) => list.find((r) => r.status === s)?.n ?? 0;
  const done = count('done');
  const partly = count('partly');
  const notDone = count('not_done');
  const resolved = done + partly + notDone;
  return { memberId, resolved, done, partly, notDone, open: count('open'), rate: resolved ? Math.round(((done + partly / 2) / resolved) * 1000) / 1000 : null };
}
