// What the notifications pipeline asks of meetings: occurrences starting in a window with their members, and check-ins due.
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { commitments, meetingSeries } from '../../db/schema/index.js';
import { circleNames } from '../matching/circle-views.js';
import { MAX_SHIFT_DAYS, expand, type Occurrence } from './occurrences.js';
import { circleMemberIds, overridesOf } from './meetings.repo.js';

export interface DueOccurrence {
  occurrenceId: string;
  seriesId: string;
  circleId: string;
  circleName: string | null;
  title: string | null;
  startsAt: string;
  endsAt: string;
  timezone: string;
  location: string | null;
  videoUrl: string | null;
  /** Current members of the circle (a proposed or accepted seat); the caller decides whom to remind (e.g. skip RSVP "no"). */
  memberIds: string[];
}

async function scheduledBetween(db: DbOrTx, from: Date, to: Date): Promise<Occurrence[]> {
  const shift = MAX_SHIFT_DAYS * 86_400_000;
  const series = await db
    .select()
    .from(meetingSeries)
    .where(and(gte(meetingSeries.lastStartsAt, new Date(from.getTime() - shift)), lte(meetingSeries.startsAt, new Date(to.getTime() + shift))));
  const overrides = await overridesOf(db, series.map((s) => s.id));
  return expand(series, overrides, from, to).filter((o) => o.status === 'scheduled');
}

/**
 * Scheduled (not cancelled) occurrences whose start lies in [from, to], each with the circle's members.
 * A reminder job calls it with e.g. [now + 23h, now + 24h] and dedupes on `occurrenceId` + kind.
 */
export async function occurrencesStartingBetween(db: DbOrTx, from: Date, to: Date): Promise<DueOccurrence[]> {
  const list = await scheduledBetween(db, from, to);
  const circleIds = [...new Set(list.map((o) => o.circleId))];
  const names = await circleNames(db, circleIds);
  const seats = new Map<string, string[]>();
  for (const id of circleIds) seats.set(id, await circleMemberIds(db, id));
  return list.map((o) => ({
    occurrenceId: o.occurrenceId,
    seriesId: o.seriesId,
    circleId: o.circleId,
    circleName: names.get(o.circleId) ?? null,
    title: o.title,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    timezone: o.timezone,
    location: o.location,
    videoUrl: o.videoUrl,
    memberIds: seats.get(o.circleId) ?? [],
  }));
}

export interface DueCheckIn {
  memberId: string;
  commitmentId: string;
  circleId: string;
  text: string;
  occurrenceId: string;
  startsAt: string;
}

/**
 * Open commitments to check in on at an occurrence starting in [from, to]: those due by it, and older open ones of its
 * circle (they carry over to the next meeting). One row per commitment; dedupe on commitmentId + occurrenceId.
 */
export async function checkInsDueBetween(db: DbOrTx, from: Date, to: Date): Promise<DueCheckIn[]> {
  const list = await scheduledBetween(db, from, to);
  if (!list.length) return [];
  // The first occurrence in the window per circle is the one its open commitments are checked in at.
  const firstPerCircle = new Map<string, Occurrence>();
  for (const o of list) if (!firstPerCircle.has(o.circleId)) firstPerCircle.set(o.circleId, o);
  const open = await db
    .select()
    .from(commitments)
    .where(and(inArray(commitments.circleId, [...firstPerCircle.keys()]), eq(commitments.status, 'open')));
  const seats = new Map<string, string[]>();
  for (const id of firstPerCircle.keys()) seats.set(id, await circleMemberIds(db, id));
  const out: DueCheckIn[] = [];
  for (const c of open) {
    const at = firstPerCircle.get(c.circleId);
    // Only commitments due by this occurrence or earlier (not ones aimed at a later meeting).
    if (!at || (c.dueRecurrenceId && c.dueRecurrenceId.getTime() > at.recurrenceId.getTime() && c.dueSeriesId === at.seriesId)) continue;
    if (!seats.get(c.circleId)?.includes(c.memberId)) continue;
    out.push({ memberId: c.memberId, commitmentId: c.id, circleId: c.circleId, text: c.text, occurrenceId: at.occurrenceId, startsAt: at.startsAt.toISOString() });
  }
  return out;
}
