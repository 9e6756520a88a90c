// Data access for the admin's circles: the list with seat counts, edits (name, facilitator, term), closing, proposing a seat.
import type { DbOrTx } from '../../db/client.js';
import { circleMembers, circles, matchingRounds } from '../../db/schema/index.js';
import { firstRow, isoTs, rows, sql, type SQL } from '../../db/sql.js';
import type { Kind } from './draft.js';

export interface AdminCircleRow {
  id: string;
  kind: Kind;
  name: string | null;
  roundId: string | null;
  facilitatorId: string | null;
  termStart: string;
  termEnd: string;
  closedAt: string | null;
  closedReason: string | null;
  createdAt: string;
  minSize: number | null;
  maxSize: number | null;
  proposed: number;
  accepted: number;
  declined: number;
  removed: number;
  /** The newest seat change (joined or answered): part of "activity". */
  lastSeatChange: string | null;
}

export interface AdminCircleFilter {
  kind?: Kind;
  status?: 'open' | 'closed';
  limit: number;
  after?: { createdAt: string; id: string };
}

function selectCircles(where: SQL): SQL {
  return sql`
    select c.id, c.kind, c.name, c.round_id as "roundId", c.facilitator_id as "facilitatorId",
           ${isoTs(sql`c.term_start`)} as "termStart", ${isoTs(sql`c.term_end`)} as "termEnd",
           ${isoTs(sql`c.closed_at`)} as "closedAt", c.closed_reason as "closedReason", ${isoTs(sql`c.created_at`)} as "createdAt",
           (r.params->>'minSize')::int as "minSize", (r.params->>'maxSize')::int as "maxSize",
           coalesce(s.proposed, 0)::int as proposed, coalesce(s.accepted, 0)::int as accepted,
           coalesce(s.declined, 0)::int as declined, coalesce(s.removed, 0)::int as removed,
           ${isoTs(sql`s.last_change`)} as "lastSeatChange"
    from ${circles} c
    left join ${matchingRounds} r on r.id = c.round_id
    left join lateral (
      select count(*) filter (where cm.status = 'proposed') as proposed,
             count(*) filter (where cm.status = 'accepted') as accepted,
             count(*) filter (where cm.status = 'declined') as declined,
             count(*) filter (where cm.status = 'removed') as removed,
             max(greatest(cm.joined_at, coalesce(cm.responded_at, cm.joined_at), coalesce(cm.removed_at, cm.joined_at))) as last_change
      from ${circleMembers} cm where cm.circle_id = c.id
    ) s on true
    where ${where}`;
}

/** Newest first, keyset on (created_at, id). */
export async function listAdminCircles(db: DbOrTx, filter: AdminCircleFilter): Promise<AdminCircleRow[]> {
  const conditions: SQL[] = [sql`true`];
  if (filter.kind) conditions.push(sql`c.kind = ${filter.kind}`);
  if (filter.status === 'open') conditions.push(sql`c.closed_at is null`);
  if (filter.status === 'closed') conditions.push(sql`c.closed_at is not null`);
  if (filter.after) {
    const at = filter.after.createdAt;
    conditions.push(sql`(c.created_at < ${at}::timestamptz or (c.created_at = ${at}::timestamptz and c.id < ${filter.after.id}::uuid))`);
  }
  return rows<AdminCircleRow>(db, sql`${selectCircles(sql.join(conditions, sql` and `))} order by c.created_at desc, c.id desc limit ${filter.limit}`);
}

export async function countClosedCircles(db: DbOrTx): Promise<number> {
  const row = await firstRow<{ n: number }>(db, sql`select count(*)::int as n from ${circles} where closed_at is not null`);
  return row?.n ?? 0;
}

export async function findAdminCircle(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<AdminCircleRow | undefined> {
  // The lock (on the circle row only) serialises edits, closing and new seats of one circle.
  if (opts.lock) await db.execute(sql`select id from ${circles} where id = ${id} for update`);
  return firstRow<AdminCircleRow>(db, selectCircles(sql`c.id = ${id}`));
}

export async function updateCircleRow(
  db: DbOrTx,
  id: string,
  patch: { name?: string; facilitatorId?: string | null; termStart?: Date; termEnd?: Date },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
  if (patch.facilitatorId !== undefined) sets.push(sql`facilitator_id = ${patch.facilitatorId}`);
  if (patch.termStart) sets.push(sql`term_start = ${patch.termStart.toISOString()}::timestamptz`);
  if (patch.termEnd) sets.push(sql`term_end = ${patch.termEnd.toISOString()}::timestamptz`);
  await db.execute(sql`update ${circles} set ${sql.join(sets, sql`, `)} where id = ${id} and closed_at is null`);
}

/** Open → closed; false when it was already closed. */
export async function closeCircleRow(db: DbOrTx, id: string, by: string | null, reason: string | null): Promise<boolean> {
  const done = await rows<{ id: string }>(
    db,
    sql`update ${circles} set closed_at = now(), closed_by = ${by}, closed_reason = ${reason}, updated_at = now()
        where id = ${id} and closed_at is null returning id`,
  );
  return done.length === 1;
}

/** Open circles whose term has ended, oldest end first (the sweep closes them in batches). */
export async function expiredCircleIds(db: DbOrTx, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(db, sql`select id from ${circles} where closed_at is null and term_end <= now() order by term_end, id limit ${limit}`);
  return found.map((r) => r.id);
}

/** A proposed seat: new, or again for someone who declined or was removed earlier. */
export async function proposeSeat(db: DbOrTx, circleId: string, memberId: string): Promise<void> {
  await db.execute(sql`
    insert into ${circleMembers} (circle_id, member_id, status) values (${circleId}, ${memberId}, 'proposed')
    on conflict (circle_id, member_id) do update
      set status = 'proposed', responded_at = null, removed_at = null, joined_at = now()
      where ${circleMembers}.status in ('declined', 'removed')`);
}

/** Members with any seat row in the circle (every status), for excluding them from backfill. */
export async function everSeated(db: DbOrTx, circleId: string): Promise<Set<string>> {
  const found = await rows<{ memberId: string }>(db, sql`select member_id as "memberId" from ${circleMembers} where circle_id = ${circleId}`);
  return new Set(found.map((r) => r.memberId));
}
