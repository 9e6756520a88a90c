// Occurrences: ids that name one occurrence of a series (series id + original start), and expansion with per-occurrence overrides.
import { DateTime } from 'luxon';
import type { meetingOccurrences, meetingSeries } from '../../db/schema/meetings.js';
import { Errors } from '../../errors.js';
import { occurrencesBetween, isOccurrence } from './recurrence.js';

export type SeriesRow = typeof meetingSeries.$inferSelect;
export type OverrideRow = typeof meetingOccurrences.$inferSelect;

/**
 * An occurrence id is `<seriesId>_<original start as YYYYMMDDTHHMMSSZ>`: the iCalendar RECURRENCE-ID of the occurrence.
 * It stays the same when that one occurrence is moved, so RSVPs, agenda items and the feed's UID survive a reschedule.
 */
export function occurrenceId(seriesId: string, recurrenceId: Date): string {
  return `${seriesId}_${recurrenceId.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
}

const OCCURRENCE_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/i;

export interface OccurrenceKey {
  seriesId: string;
  recurrenceId: Date;
}

/** Parses an occurrence id; anything malformed is simply not found (404), like an id that names nothing. */
export function parseOccurrenceId(id: string): OccurrenceKey {
  const m = OCCURRENCE_ID.exec(id);
  if (!m) throw Errors.notFound('Meeting');
  const at = new Date(`${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}Z`);
  if (Number.isNaN(at.getTime())) throw Errors.notFound('Meeting');
  return { seriesId: m[1]!.toLowerCase(), recurrenceId: at };
}

export interface Occurrence {
  occurrenceId: string;
  seriesId: string;
  circleId: string;
  recurrenceId: Date;
  title: string | null;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  timezone: string;
  location: string | null;
  videoUrl: string | null;
  status: 'scheduled' | 'cancelled';
  /** iCalendar SEQUENCE: the series' changes plus this occurrence's own. */
  sequence: number;
  recurring: boolean;
  rescheduled: boolean;
  notes: string | null;
  updatedAt: Date;
}

export function toOccurrence(series: SeriesRow, recurrenceId: Date, override: OverrideRow | undefined): Occurrence {
  const startsAt = override?.startsAt ?? recurrenceId;
  const durationMinutes = override?.durationMinutes ?? series.durationMinutes;
  return {
    occurrenceId: occurrenceId(series.id, recurrenceId),
    seriesId: series.id,
    circleId: series.circleId,
    recurrenceId,
    title: series.title,
    startsAt,
    endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000),
    durationMinutes,
    timezone: series.timezone,
    location: override?.location ?? series.location,
    videoUrl: override?.videoUrl ?? series.videoUrl,
    status: override?.status ?? 'scheduled',
    sequence: series.sequence + (override?.sequence ?? 0),
    recurring: series.recurrence !== null,
    rescheduled: override?.startsAt != null && override.startsAt.getTime() !== recurrenceId.getTime(),
    notes: override?.notes ?? null,
    updatedAt: override && override.updatedAt > series.updatedAt ? override.updatedAt : series.updatedAt,
  };
}

const key = (seriesId: string, at: Date) => `${seriesId}|${at.getTime()}`;

/** How far a single occurrence may be moved from its original start (keeps window expansion bounded). */
export const MAX_SHIFT_DAYS = 60;

/** Occurrences of the given series whose (possibly moved) start lies in [from, to], sorted by start. */
export function expand(seriesList: SeriesRow[], overrides: OverrideRow[], from: Date, to: Date): Occurrence[] {
  const byKey = new Map(overrides.map((o) => [key(o.seriesId, o.recurrenceId), o]));
  const shift = MAX_SHIFT_DAYS * 86_400_000;
  const out: Occurrence[] = [];
  for (const s of seriesList) {
    const originals = occurrencesBetween(s, new Date(from.getTime() - shift), new Date(to.getTime() + shift));
    for (const at of originals) {
      const occ = toOccurrence(s, at, byKey.get(key(s.id, at)));
      if (occ.startsAt >= from && occ.startsAt <= to) out.push(occ);
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.occurrenceId.localeCompare(b.occurrenceId));
}

/** One occurrence, or 404 when the series does not produce that original start. */
export function occurrenceOf(series: SeriesRow, recurrenceId: Date, override: OverrideRow | undefined): Occurrence {
  if (!isOccurrence(series, recurrenceId)) throw Errors.notFound('Meeting');
  return toOccurrence(series, recurrenceId, override);
}

/** A time as the viewer reads it: ISO 8601 with the offset of the zone. */
export const inZone = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true })!;
