// Data access for meetings: circles as the viewer may see them, series, per-occurrence overrides, RSVPs, attendance, feeds.
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarFeeds, meetingAttendance, meetingOccurrences, meetingRsvps, meetingSeries } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import { firstRow, rows, sql } from '../../db/sql.js';
import { findCircleRef, isCircleOfKind, type CircleRef } from '../matching/circle-views.js';
import { isCircleMember, memberCircleIds } from '../matching/membership.js';
import { MAX_SHIFT_DAYS, type OverrideRow, type SeriesRow } from './occurrences.js';

export interface Viewer {
  memberId: string;
  role: 'member' | 'admin';
}


/** The circle when the viewer belongs to it (a proposed or accepted seat) or is an admin; undefined otherwise. */
export async function visibleCircle(db: DbOrTx, circleId: string, viewer: Viewer): Promise<CircleRef | undefined> {
  return findCircleRef(db, circleId, viewer.role === 'admin' ? undefined : viewer.memberId);
}

/** Member ids holding a seat in the circle (who hears about its meetings). */
export async function circleMemberIds(db: DbOrTx, circleId: string): Promise<string[]> {
  const list = await rows<{ id: string }>(db, sql`select ${memberView.id} as id from ${memberView} where ${isCircleMember(circleId, sql`${memberView.id}`)}`);
  return list.map((r) => r.id);
}

export async function viewerTimezone(db: DbOrTx, memberId: string): Promise<string> {
  const row = await firstRow<{ tz: string | null }>(db, sql`select ${memberView.profile}->>'timezone' as tz from ${memberView} where ${memberView.id} = ${memberId}`);
  return row?.tz ?? 'UTC';
}

export async function insertSeries(db: DbOrTx, values: typeof meetingSeries.$inferInsert): Promise<SeriesRow> {
  const [row] = await db.insert(meetingSeries).values(values).returning();
  return row!;
}

/** The series when its circle is visible to the viewer. */
export async function findVisibleSeries(db: DbOrTx, seriesId: string, viewer: Viewer): Promise<SeriesRow | undefined> {
  const access = viewer.role === 'admin' ? sql`true` : isCircleMember(sql`${meetingSeries.circleId}`, viewer.memberId);
  const [row] = await db.select().from(meetingSeries).where(and(eq(meetingSeries.id, seriesId), access));
  return row;
}

/** Series of the circles that may have occurrences in [from, to] (moved occurrences included). */
export async function seriesInWindow(db: DbOrTx, circleIds: string[] | 'mine', from: Date, to: Date, memberId?: string): Promise<SeriesRow[]> {
  const shift = MAX_SHIFT_DAYS * 86_400_000;
  const inCircles =
    circleIds === 'mine' ? sql`${meetingSeries.circleId} in ${memberCircleIds(memberId!)}` : circleIds.length ? inArray(meetingSeries.circleId, circleIds) : sql`false`;
  return db
    .select()
    .from(meetingSeries)
    .where(and(inCircles, gte(meetingSeries.lastStartsAt, new Date(from.getTime() - shift)), lte(meetingSeries.startsAt, new Date(to.getTime() + shift))));
}

export async function overridesOf(db: DbOrTx, seriesIds: string[]): Promise<OverrideRow[]> {
  if (!seriesIds.length) return [];
  return db.select().from(meetingOccurrences).where(inArray(meetingOccurrences.seriesId, seriesIds));
}

export async function findOverride(db: DbOrTx, seriesId: string, recurrenceId: Date): Promise<OverrideRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingOccurrences)
    .where(and(eq(meetingOccurrences.seriesId, seriesId), eq(meetingOccurrences.recurrenceId, recurrenceId)));
  return row;
}

/** Writes one occurrence's own state; every write bumps its SEQUENCE share when `bump` is set. */
export async function upsertOverride(
  db: DbOrTx,
  seriesId: string,
  recurrenceId: Date,
  set: Partial<Pick<OverrideRow, 'startsAt' | 'durationMinutes' | 'location' | 'videoUrl' | 'status' | 'notes' | 'attendanceRecordedAt'>>,
  bump: boolean,
): Promise<OverrideRow> {
  const now = new Date();
  const [row] = await db
    .insert(meetingOccurrences)
    .values({ seriesId, recurrenceId, ...set, sequence: bump ? 1 : 0, updatedAt: now })
    .onConflictDoUpdate({
      target: [meetingOccurrences.seriesId, meetingOccurrences.recurrenceId],
      set: { ...set, updatedAt: now, ...(bump ? { sequence: sql`${meetingOccurrences.sequence} + 1` } : {}) },
    })
    .returning();
  return row!;
}

export async function upsertRsvp(db: DbOrTx, seriesId: string, recurrenceId: Date, memberId: string, response: 'yes' | 'no' | 'maybe') {
  const now = new Date();
  const [row] = await db
    .insert(meetingRsvps)
    .values({ seriesId, recurrenceId, memberId, response, updatedAt: now })
    .onConflictDoUpdate({ target: [meetingRsvps.seriesId, meetingRsvps.recurrenceId, meetingRsvps.memberId], set: { response, updatedAt: now } })
    .returning();
  return row!;
}

export async function rsvpsOf(db: DbOrTx, seriesId: string, recurrenceId: Date) {
  return db
    .select({ memberId: meetingRsvps.memberId, response: meetingRsvps.response, updatedAt: meetingRsvps.updatedAt })
    .from(meetingRsvps)
    .where(and(eq(meetingRsvps.seriesId, seriesId), eq(meetingRsvps.recurrenceId, recurrenceId)));
}

/** My RSVPs for the given series (to show on each listed occurrence). */
export async function myRsvps(db: DbOrTx, seriesIds: string[], memberId: string) {
  if (!seriesIds.length) return [];
  return db
    .select({ seriesId: meetingRsvps.seriesId, recurrenceId: meetingRsvps.recurrenceId, response: meetingRsvps.response })
    .from(meetingRsvps)
    .where(and(inArray(meetingRsvps.seriesId, seriesIds), eq(meetingRsvps.memberId, memberId)));
}

/** Replaces the attendance of one occurrence. */
export async function replaceAttendance(db: DbOrTx, seriesId: string, recurrenceId: Date, present: string[], recordedBy: string): Promise<void> {
  await db.delete(meetingAttendance).where(and(eq(meetingAttendance.seriesId, seriesId), eq(meetingAttendance.recurrenceId, recurrenceId)));
  if (present.length) await db.insert(meetingAttendance).values(present.map((memberId) => ({ seriesId, recurrenceId, memberId, recordedBy })));
}

export async function attendanceOf(db: DbOrTx, seriesId: string, recurrenceId: Date): Promise<string[]> {
  const list = await db
    .select({ memberId: meetingAttendance.memberId })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.seriesId, seriesId), eq(meetingAttendance.recurrenceId, recurrenceId)));
  return list.map((r) => r.memberId);
}

export async function updateSeries(db: DbOrTx, id: string, set: Partial<typeof meetingSeries.$inferInsert>): Promise<SeriesRow> {
  const [row] = await db
    .update(meetingSeries)
    .set({ ...set, sequence: sql`${meetingSeries.sequence} + 1`, updatedAt: new Date() })
    .where(eq(meetingSeries.id, id))
    .returning();
  return row!;
}

export async function feedToken(db: DbOrTx, memberId: string): Promise<string | undefined> {
  const [row] = await db.select({ token: calendarFeeds.token }).from(calendarFeeds).where(eq(calendarFeeds.memberId, memberId));
  return row?.token;
}

/** Issues (or replaces, on rotate) the member's feed token. */
export async function setFeedToken(db: DbOrTx, memberId: string, token: string, replace: boolean): Promise<string> {
  const insert = db.insert(calendarFeeds).values({ memberId, token, createdAt: new Date() });
  const [row] = replace
    ? await insert.onConflictDoUpdate({ target: calendarFeeds.memberId, set: { token, createdAt: new Date() } }).returning()
    : await insert.onConflictDoNothing().returning();
  return row?.token ?? (await feedToken(db, memberId))!;
}

/** The active member a feed token belongs to. */
export async function memberOfFeed(db: DbOrTx, token: string): Promise<{ memberId: string; timezone: string | null } | undefined> {
  return firstRow(
    db,
    sql`select ${memberView.id} as "memberId", ${memberView.profile}->>'timezone' as timezone from ${calendarFeeds} join ${memberView} on ${memberView.id} = ${calendarFeeds.memberId}
        where ${calendarFeeds.token} = ${token} and ${activeStatus()}`,
  );
}

/** Whether the member holds a seat in the circle (writes that belong to members, not to admins). */
export async function holdsSeat(db: DbOrTx, circleId: string, memberId: string): Promise<boolean> {
  const row = await firstRow<{ ok: boolean }>(db, sql`select ${isCircleMember(circleId, memberId)} as ok`);
  return row?.ok === true;
}

/** In a pair or an alliance (two owners planning together) either member acts as facilitator: a seat there is enough. */
export async function facilitatesAsPartner(db: DbOrTx, circleId: string, memberId: string): Promise<boolean> {
  const row = await firstRow<{ ok: boolean }>(
    db,
    sql`select ${isCircleOfKind(circleId, ['pair', 'alliance'])} and ${isCircleMember(circleId, memberId)} as ok`,
  );
  return row?.ok === true;
}
