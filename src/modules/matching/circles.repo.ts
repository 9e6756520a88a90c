// Data access for circles and their members: creating them on publish, members' views, accept and decline.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { columnNames } from '../../db/sql.js';
import { circleMembers, circles } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import type { Kind } from './draft.js';
import { inIds } from './matching.repo.js';
import { belongingStatus } from './membership.js';

export type CircleRow = typeof circles.$inferSelect;
export type MembershipStatus = (typeof circleMembers.$inferSelect)['status'];

export interface NewCircle {
  id: string;
  kind: Kind;
  roundId: string | null;
  name: string;
  score: number;
  reasons: string[];
  memberIds: string[];
  termStart: Date;
  termEnd: Date;
}

// The insert column lists, bare names from the schema (the recordset's columns below are named the same).
const circleColumns = columnNames(circles.id, circles.kind, circles.roundId, circles.name, circles.score, circles.reasons, circles.termStart, circles.termEnd);
const seatColumns = columnNames(circleMembers.circleId, circleMembers.memberId, circleMembers.status);

/** Bulk insert through jsonb_to_recordset: one parameter per statement however many circles a round makes. */
export async function insertCircles(db: DbOrTx, list: readonly NewCircle[]): Promise<void> {
  if (list.length === 0) return;
  const rows = list.map((c) => ({
    id: c.id,
    kind: c.kind,
    round_id: c.roundId,
    name: c.name,
    score: c.score,
    reasons: c.reasons,
    term_start: c.termStart.toISOString(),
    term_end: c.termEnd.toISOString(),
  }));
  await db.execute(sql`
    insert into ${circles} (${circleColumns})
    select id, kind, round_id, name, score, reasons, term_start, term_end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(id uuid, kind text, round_id uuid, name text, score real, reasons jsonb, term_start timestamptz, term_end timestamptz)`);
  const memberRows = list.flatMap((c) => c.memberIds.map((m) => ({ circle_id: c.id, member_id: m })));
  await db.execute(sql`
    insert into ${circleMembers} (${seatColumns})
    select circle_id, member_id, 'proposed'
    from jsonb_to_recordset(${JSON.stringify(memberRows)}::jsonb) as x(circle_id uuid, member_id uuid)`);
}

export interface MyCircleRow extends CircleRow {
  myStatus: MembershipStatus;
  respondedAt: Date | null;
}

/** My circles (memberships in the given statuses), newest first, keyset on (created_at, id). */
export async function listMyCircles(
  db: DbOrTx,
  memberId: string,
  filter: { statuses: MembershipStatus[]; limit: number; after?: { createdAt: string; id: string } },
): Promise<MyCircleRow[]> {
  const conditions = [eq(circleMembers.memberId, memberId), inArray(circleMembers.status, filter.statuses)];
  if (filter.after) {
    const at = new Date(filter.after.createdAt);
    conditions.push(or(lt(circles.createdAt, at), and(eq(circles.createdAt, at), lt(circles.id, filter.after.id)))!);
  }
  const rows = await db
    .select({ circle: circles, myStatus: circleMembers.status, respondedAt: circleMembers.respondedAt })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(...conditions))
    .orderBy(desc(circles.createdAt), desc(circles.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r.circle, myStatus: r.myStatus, respondedAt: r.respondedAt }));
}

export async function findCircle(db: DbOrTx, id: string): Promise<CircleRow | undefined> {
  const [row] = await db.select().from(circles).where(eq(circles.id, id));
  return row;
}

export interface MembershipRow {
  circleId: string;
  memberId: string;
  status: MembershipStatus;
  respondedAt: Date | null;
  joinedAt: Date;
}

export async function findMembership(db: DbOrTx, circleId: string, memberId: string): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select({ circleId: circleMembers.circleId, memberId: circleMembers.memberId, status: circleMembers.status, respondedAt: circleMembers.respondedAt, joinedAt: circleMembers.joinedAt })
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.memberId, memberId)));
  return row;
}

/** Moves a membership to `to` only from one of `from`; undefined when it was in no such status. */
export async function transitionMembership(
  db: DbOrTx,
  circleId: string,
  memberId: string,
  from: readonly MembershipStatus[],
  to: MembershipStatus,
): Promise<MembershipRow | undefined> {
  const [row] = await db
    .update(circleMembers)
    .set({ status: to, respondedAt: new Date() })
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.memberId, memberId), inArray(circleMembers.status, [...from])))
    .returning({ circleId: circleMembers.circleId, memberId: circleMembers.memberId, status: circleMembers.status, respondedAt: circleMembers.respondedAt, joinedAt: circleMembers.joinedAt });
  return row;
}

export interface CircleMemberView {
  circleId: string;
  memberId: string;
  status: MembershipStatus;
  memberStatus: 'pending' | 'active' | 'suspended' | 'rejected';
  displayName: string;
  practiceName: string;
  practiceType: string;
  city: string | null;
  state: string;
}

/** The members of some circles with their public practice details (never email, avoid list or coordinates). */
export async function circleMembersOf(db: DbOrTx, circleIds: readonly string[], opts: { onlyHolding: boolean }): Promise<CircleMemberView[]> {
  if (circleIds.length === 0) return [];
  const conditions = [inIds(circleMembers.circleId, circleIds)];
  if (opts.onlyHolding) conditions.push(belongingStatus(circleMembers.status), activeStatus());
  const rows = await db
    .select({
      circleId: circleMembers.circleId,
      memberId: circleMembers.memberId,
      status: circleMembers.status,
      joinedAt: circleMembers.joinedAt,
      memberStatus: memberView.status,
      displayName: memberView.displayName,
      profile: memberView.profile,
    })
    .from(circleMembers)
    .innerJoin(memberView, eq(memberView.id, circleMembers.memberId))
    .where(and(...conditions))
    .orderBy(circleMembers.joinedAt, memberView.displayName, memberView.id);
  return rows.map((r) => ({
    circleId: r.circleId,
    memberId: r.memberId,
    status: r.status,
    memberStatus: r.memberStatus,
    displayName: r.displayName,
    practiceName: r.profile.practiceName,
    practiceType: r.profile.practiceType,
    city: r.profile.region?.city ?? null,
    state: r.profile.region?.state ?? '',
  }));
}

/** Suspension: every proposed membership of the member becomes declined; returns the circles concerned. */
export async function declineProposed(db: DbOrTx, memberId: string): Promise<string[]> {
  const rows = await db
    .update(circleMembers)
    .set({ status: 'declined', respondedAt: new Date() })
    .where(and(eq(circleMembers.memberId, memberId), eq(circleMembers.status, 'proposed')))
    .returning({ circleId: circleMembers.circleId });
  return rows.map((r) => r.circleId);
}
