// Who already holds a seat: a proposed or accepted membership in an open circle of a kind (the double-booking rule).
import type { DbOrTx } from '../../db/client.js';
import { circleMembers, circles } from '../../db/schema/index.js';
import { rows, sql, uuidArray } from '../../db/sql.js';
import type { Kind } from './draft.js';
import { belongingStatus } from './membership.js';

export interface Seat {
  memberId: string;
  circleId: string;
  circleName: string | null;
}

/**
 * Seats in open circles of the kind, one row per seat; with `memberIds`, only theirs. Closed circles
 * (term over) free their members; declined and removed memberships are no seat.
 */
export async function openSeats(db: DbOrTx, kind: Kind, memberIds?: readonly string[]): Promise<Seat[]> {
  if (memberIds && memberIds.length === 0) return [];
  const only = memberIds ? sql`and cm.member_id = any(${uuidArray(memberIds)})` : sql``;
  return rows<Seat>(
    db,
    sql`select cm.member_id as "memberId", c.id as "circleId", c.name as "circleName"
        from ${circleMembers} cm join ${circles} c on c.id = cm.circle_id
        where c.kind = ${kind} and c.closed_at is null and ${belongingStatus(sql`cm.status`)} ${only}
        order by cm.member_id, c.created_at`,
  );
}

/** The seated members of the kind among `memberIds` (or all), each with the first seat found. */
export async function seatedMembers(db: DbOrTx, kind: Kind, memberIds?: readonly string[]): Promise<Map<string, Seat>> {
  const out = new Map<string, Seat>();
  for (const s of await openSeats(db, kind, memberIds)) if (!out.has(s.memberId)) out.set(s.memberId, s);
  return out;
}

/**
 * Serialises everything that hands out seats of a kind (publishing a round, proposing a backfill seat)
 * until the transaction ends, so two of them cannot both seat one member. Works on PostgreSQL and PGlite.
 */
export async function lockSeats(tx: DbOrTx, kind: Kind): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`practice-peers:seats:${kind}`}))`);
}
