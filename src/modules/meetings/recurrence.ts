// Recurrence: the supported RFC 5545 subset, validated and expanded with rrule on wall-clock time in the series' own zone (luxon).
import { DateTime } from 'luxon';
import rrulePkg from 'rrule';
import type { RecurrenceRule } from '../../db/schema/meetings.js';
import { Errors } from '../../errors.js';

const { RRule, Weekday } = rrulePkg;

/** No series may reach further than this past its first start. */
export const MAX_SERIES_YEARS = 5;
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const BYDAY = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;

export interface SeriesShape {
  startsAt: Date;
  timezone: string;
  recurrence: RecurrenceRule | null;
}

/**
 * rrule works on "floating" times: a wall-clock time written as if it were UTC. Expanding there and then
 * placing each wall time in the series' zone is what keeps a 9:00 America/Chicago meeting at 9:00 across DST.
 */
const toFloating = (dt: DateTime): Date => new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
function fromFloating(d: Date, zone: string): Date {
  const dt = DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
    { zone },
  );
  // A wall time that happens twice (the fall-back hour) means its first instance, as RFC 5545 says; luxon picks the second.
  const earlier = dt.minus({ hours: 1 });
  const same = earlier.day === dt.day && earlier.hour === dt.hour && earlier.minute === dt.minute && earlier.second === dt.second;
  return (same ? earlier : dt).toJSDate();
}

/** UNTIL as an instant in the series' zone; a bare date means the end of that day there. */
export function parseUntil(until: string, zone: string): DateTime {
  const dt = DateTime.fromISO(until, { zone });
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? dt.endOf('day') : dt;
}

function buildRule(series: SeriesShape) {
  const rule = series.recurrence!;
  const local = DateTime.fromJSDate(series.startsAt, { zone: series.timezone });
  const byweekday = rule.byDay?.map((code) => {
    const m = BYDAY.exec(code)!;
    const day = Weekday.fromStr(m[2] as (typeof WEEKDAYS)[number]);
    return m[1] ? day.nth(Number(m[1])) : day;
  });
  return new RRule({
    freq: rule.freq === 'monthly' ? RRule.MONTHLY : RRule.WEEKLY,
    interval: rule.interval ?? 1,
    dtstart: toFloating(local),
    ...(byweekday?.length ? { byweekday } : {}),
    ...(rule.bySetPos !== undefined ? { bysetpos: [rule.bySetPos] } : {}),
    ...(rule.count !== undefined ? { count: rule.count } : {}),
    // UNTIL is an instant; compare it on the same floating scale as the occurrences.
    ...(rule.until !== undefined ? { until: toFloating(parseUntil(rule.until, series.timezone)) } : {}),
    wkst: RRule.MO,
  });
}

/** Original starts (UTC) of the occurrences whose start lies in [from, to]. */
export function occurrencesBetween(series: SeriesShape, from: Date, to: Date): Date[] {
  if (!series.recurrence) return series.startsAt >= from && series.startsAt <= to ? [series.startsAt] : [];
  // Pad the floating window by a day each side: wall time and UTC differ by at most 14 hours.
  const pad = 86_400_000;
  const floating = buildRule(series).between(new Date(from.getTime() - pad), new Date(to.getTime() + pad), true);
  return floating.map((d) => fromFloating(d, series.timezone)).filter((d) => d >= from && d <= to);
}

/** Whether `at` is an original start of the series. */
export function isOccurrence(series: SeriesShape, at: Date): boolean {
  return occurrencesBetween(series, at, at).some((d) => d.getTime() === at.getTime());
}

/** Every original start; only for bounded series (all are: count or until within MAX_SERIES_YEARS). */
export function allOccurrences(series: SeriesShape): Date[] {
  if (!series.recurrence) return [series.startsAt];
  return buildRule(series)
    .all((_, i) => i < 400)
    .map((d) => fromFloating(d, series.timezone));
}

/** Checks a rule against the subset and the five-year bound; returns the first and last starts. */
export function validateSeries(series: SeriesShape): { first: Date; last: Date } {
  const rule = series.recurrence;
  if (rule) {
    if (rule.count === undefined && rule.until === undefined) {
      throw Errors.badRequest('UNBOUNDED_RECURRENCE', `A recurrence needs an end: count or until, at most ${MAX_SERIES_YEARS} years after the start`);
    }
    if (rule.count !== undefined && rule.until !== undefined) throw Errors.badRequest('UNSUPPORTED_RECURRENCE', 'Give count or until, not both');
    for (const code of rule.byDay ?? []) {
      const m = BYDAY.exec(code);
      if (!m) throw Errors.badRequest('UNSUPPORTED_RECURRENCE', `byDay "${code}" is not a weekday code (MO..SU, optionally with an ordinal such as 2TU or -1FR)`);
      if (m[1] && rule.freq !== 'monthly') throw Errors.badRequest('UNSUPPORTED_RECURRENCE', 'Ordinal weekdays (2TU) are for monthly rules only');
      if (m[1] && Number(m[1]) === 0) throw Errors.badRequest('UNSUPPORTED_RECURRENCE', 'An ordinal of 0 means nothing');
    }
    if (rule.bySetPos !== undefined && (rule.freq !== 'monthly' || !rule.byDay?.length)) {
      throw Errors.badRequest('UNSUPPORTED_RECURRENCE', 'bySetPos is supported with a monthly rule and byDay only');
    }
    if (rule.until !== undefined && !parseUntil(rule.until, series.timezone).isValid) {
      throw Errors.badRequest('UNSUPPORTED_RECURRENCE', 'until must be an ISO 8601 date or date-time');
    }
  }
  const limit = DateTime.fromJSDate(series.startsAt).plus({ years: MAX_SERIES_YEARS }).toJSDate();
  const all = rule ? buildRule(series).all((d, i) => i < 400 && d.getTime() <= limit.getTime() + 86_400_000) : [series.startsAt];
  const starts = rule ? all.map((d) => fromFloating(d, series.timezone)) : all;
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (!first || !last) throw Errors.badRequest('EMPTY_RECURRENCE', 'This recurrence has no occurrence');
  if (rule) {
    const end = rule.until !== undefined ? parseUntil(rule.until, series.timezone).toJSDate() : last;
    // A count rule is cut by the probe above; one more occurrence past the limit means it runs too long.
    const tooLong = end > limit || (rule.count !== undefined && starts.length < rule.count);
    if (tooLong) throw Errors.badRequest('RECURRENCE_TOO_LONG', `A series may run at most ${MAX_SERIES_YEARS} years from its first start`);
  }
  return { first, last };
}

/** The rule cut so that its last occurrence starts before `before` (for "this and following" splits). */
export function truncateBefore(series: SeriesShape, before: Date): RecurrenceRule | null {
  if (!series.recurrence) return null;
  const kept = allOccurrences(series).filter((d) => d < before);
  const lastKept = kept[kept.length - 1];
  if (!lastKept) return null;
  const { count: _count, until: _until, ...rest } = series.recurrence;
  return { ...rest, count: kept.length };
}

/** How many occurrences of the rule remain from `from` on (to give the split-off series the same end). */
export function remainingCount(series: SeriesShape, from: Date): number {
  return allOccurrences(series).filter((d) => d >= from).length;
}

/** The RFC 5545 RRULE line of a rule (for documents and clients that want it). */
export function rruleText(series: SeriesShape): string | null {
  if (!series.recurrence) return null;
  return buildRule(series).toString().split('\n').find((l) => l.startsWith('RRULE:')) ?? null;
}
