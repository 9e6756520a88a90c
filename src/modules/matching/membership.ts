// The membership predicate other modules put in their SQL: matching owns circles and seats, and this is its port.
import type { AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { circleMembers, circles } from '../../db/schema/index.js';
import { firstRow, sql, type SQL } from '../../db/sql.js';

/** A seat that makes its holder a member of the circle: proposed (not yet answered) or accepted. */
export const BELONGING_STATUSES = ['proposed', 'accepted'] as const;

/** Whether a seat's status makes its holder a member (the same rule as `belongingStatus`, in code). */
export const isBelonging = (status: string): boolean => (BELONGING_STATUSES as readonly string[]).includes(status);

const statusList = sql.raw(`(${BELONGING_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/** SQL boolean: a seat's status column (`circle_members.status`, or an alias's `cm.status`) is a belonging one. */
export const belongingStatus = (status: SQL | AnyColumn): SQL => sql`${status} in ${statusList}`;

const belonging = belongingStatus(circleMembers.status);

/** SQL boolean: the member holds a belonging seat in the circle. */
export const isCircleMember = (circleId: SQL | string, memberId: SQL | string): SQL =>
  sql`exists (select 1 from ${circleMembers} where ${circleMembers.circleId} = ${circleId} and ${circleMembers.memberId} = ${memberId} and ${belonging})`;

/** SQL subquery: the ids of the circles the member belongs to. */
export const memberCircleIds = (memberId: SQL | string): SQL =>
  sql`(select ${circleMembers.circleId} from ${circleMembers} where ${circleMembers.memberId} = ${memberId} and ${belonging})`;

/** SQL boolean: the circle exists (open or closed); a primary-key probe. */
export const isCircle = (circleId: SQL | string): SQL => sql`exists (select 1 from ${circles} where ${circles.id} = ${circleId})`;

/** Whether the circle exists, for callers that may see every circle (admins). */
export async function circleExists(db: DbOrTx, circleId: string): Promise<boolean> {
  const row = await firstRow<{ ok: boolean }>(db, sql`select ${isCircle(circleId)} as ok`);
  return row?.ok === true;
}

/** SQL boolean: the circle is open (not closed at the end of its term). A closed circle keeps its history; its room is read-only. */
export const isCircleOpen = (circleId: SQL | string): SQL =>
  sql`exists (select 1 from ${circles} where ${circles.id} = ${circleId} and ${circles.closedAt} is null)`;

/** SQL boolean: the member is the circle's facilitator (and still holds a seat in it). */
export const isCircleFacilitator = (circleId: SQL | string, memberId: SQL | string): SQL =>
  sql`(exists (select 1 from ${circles} where ${circles.id} = ${circleId} and ${circles.facilitatorId} = ${memberId}) and ${isCircleMember(circleId, memberId)})`;

/** The circle's facilitator and whether it is open, for services that decide in code (e.g. who may schedule a meeting). */
export async function circleRoles(db: DbOrTx, circleId: string): Promise<{ facilitatorId: string | null; open: boolean } | undefined> {
  const row = await firstRow<{ facilitator_id: string | null; closed_at: unknown }>(
    db,
    sql`select ${circles.facilitatorId} as facilitator_id, ${circles.closedAt} as closed_at from ${circles} where ${circles.id} = ${circleId}`,
  );
  return row ? { facilitatorId: row.facilitator_id, open: row.closed_at === null } : undefined;
}

/** True when the member is the facilitator of the circle and holds a seat in it. */
export async function isFacilitator(db: DbOrTx, circleId: string, memberId: string): Promise<boolean> {
  const row = await firstRow<{ ok: boolean }>(db, sql`select ${isCircleFacilitator(circleId, memberId)} as ok`);
  return row?.ok === true;
}
