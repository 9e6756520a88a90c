// Meetings: schedule a series, list occurrences, reschedule or cancel one or this-and-following, RSVP and attendance.
import { DateTime } from 'luxon';
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { circleRoles, isFacilitator } from '../matching/membership.js';
import type { NotificationKind, Notifier } from '../notifications/port.js';
import * as repo from './meetings.repo.js';
import type { Viewer } from './meetings.repo.js';
import type { CreateMeetingBody, OccurrenceOut, PatchMeetingBody } from './meetings.schemas.js';
import { toOccurrenceOut, toSeriesOut } from './meetings.views.js';
import { MAX_SHIFT_DAYS, expand, occurrenceOf, parseOccurrenceId, type Occurrence, type SeriesRow } from './occurrences.js';
import { allOccurrences, remainingCount, rruleText, truncateBefore, validateSeries } from './recurrence.js';

/** Meeting times are kept to the whole second, as iCalendar DATE-TIMEs and occurrence ids are: milliseconds would name no occurrence. */
const wholeSecond = (iso: string): Date => new Date(Math.floor(Date.parse(iso) / 1000) * 1000);

export interface MeetingsDeps {
  database: Database;
  notifier?: Notifier;
  /** Posts a system message in the circle's chat room (chat's service); called after the commit. */
  announce?: (circleId: string, text: string) => Promise<unknown>;
  log?: { warn(obj: object, msg: string): void };
}

/** The widest window one list may ask for. */
export const MAX_WINDOW_DAYS = 400;
const DAY = 86_400_000;

export function createMeetingsService(deps: MeetingsDeps) {
  const { db } = deps.database;

  async function requireFacilitator(tx: DbOrTx, viewer: Viewer, circleId: string): Promise<void> {
    const roles = await circleRoles(tx, circleId);
    if (roles && !roles.open) throw Errors.conflict('This circle is closed; its meetings can no longer change', 'CIRCLE_CLOSED');
    if (viewer.role === 'admin') return;
    if (await isFacilitator(tx, circleId, viewer.memberId)) return;
    if (!(await repo.facilitatesAsPartner(tx, circleId, viewer.memberId))) throw Errors.forbidden("Only the circle's facilitator or an admin may do this");
  }

  async function tell(tx: DbOrTx, circleId: string, actorId: string, kind: NotificationKind, data: Record<string, unknown>, cause: string) {
    if (!deps.notifier) return;
    const ids = (await repo.circleMemberIds(tx, circleId)).filter((id) => id !== actorId);
    if (ids.length) await deps.notifier.notify(tx, ids.map((memberId) => ({ memberId, kind, data: { circleId, ...data }, dedupeKey: `${kind}:${cause}:${memberId}` })));
  }

  async function announce(circleId: string, text: string) {
    if (!deps.announce) return;
    try {
      await deps.announce(circleId, text);
    } catch (err) {
      // The meeting is saved; a missing chat line must not turn the request into an error.
      deps.log?.warn({ err, circleId }, 'meetings: chat announcement failed');
    }
  }

  const when = (at: Date, zone: string) => `${DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
  const label = (title: string | null) => title ?? 'Circle meeting';

  async function view(viewer: Viewer, occ: Occurrence, series: SeriesRow, zone?: string): Promise<OccurrenceOut> {
    const [mine] = (await repo.myRsvps(db, [series.id], viewer.memberId)).filter((r) => r.recurrenceId.getTime() === occ.recurrenceId.getTime());
    return toOccurrenceOut(occ, zone ?? (await repo.viewerTimezone(db, viewer.memberId)), rruleText(series), mine?.response ?? null);
  }

  async function schedule(viewer: Viewer, circleId: string, body: CreateMeetingBody) {
    const circle = await repo.visibleCircle(db, circleId, viewer);
    if (!circle) throw Errors.notFound('Circle');
    await requireFacilitator(db, viewer, circleId);
    const startsAt = wholeSecond(body.startsAt);
    if (startsAt.getTime() <= Date.now()) throw Errors.badRequest('START_IN_PAST', 'A meeting must start in the future');
    const shape = { startsAt, timezone: body.timezone, recurrence: body.recurrence ?? null };
    const { first, last } = validateSeries(shape);
    const series = await db.transaction(async (tx) => {
      const row = await repo.insertSeries(tx, {
        circleId,
        createdBy: viewer.memberId,
        title: body.title ?? null,
        startsAt: first,
        timezone: body.timezone,
        durationMinutes: body.durationMinutes,
        location: body.location ?? null,
        videoUrl: body.videoUrl ?? null,
        recurrence: body.recurrence ?? null,
        lastStartsAt: last,
      });
      await tell(tx, circleId, viewer.memberId, 'meeting_scheduled', { seriesId: row.id, title: row.title, startsAt: first.toISOString(), timezone: row.timezone }, row.id);
      return row;
    });
    const rule = rruleText(series);
    await announce(circleId, `${label(series.title)} scheduled: ${when(first, series.timezone)}${rule ? `, repeating (${rule.slice(6)})` : ''}`);
    const zone = await repo.viewerTimezone(db, viewer.memberId);
    const firstOnes = expand([series], [], first, last).slice(0, 12);
    return toSeriesOut(series, firstOnes.map((o) => toOccurrenceOut(o, zone, rule)));
  }

  async function list(viewer: Viewer, circleId: string, query: { from?: string; to?: string }): Promise<OccurrenceOut[]> {
    const circle = await repo.visibleCircle(db, circleId, viewer);
    if (!circle) throw Errors.notFound('Circle');
    const from = query.from ? new Date(query.from) : new Date(Date.now() - DAY);
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 90 * DAY);
    if (to < from) throw Errors.badRequest('BAD_WINDOW', '`to` must not be before `from`');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) throw Errors.badRequest('WINDOW_TOO_LARGE', `A window may span at most ${MAX_WINDOW_DAYS} days`);
    const series = await repo.seriesInWindow(db, [circleId], from, to);
    const ids = series.map((s) => s.id);
    const [overrides, rsvps, zone] = await Promise.all([repo.overridesOf(db, ids), repo.myRsvps(db, ids, viewer.memberId), repo.viewerTimezone(db, viewer.memberId)]);
    const mine = new Map(rsvps.map((r) => [`${r.seriesId}|${r.recurrenceId.getTime()}`, r.response]));
    const rules = new Map(series.map((s) => [s.id, rruleText(s)]));
    return expand(series, overrides, from, to).map((o) => toOccurrenceOut(o, zone, rules.get(o.seriesId) ?? null, mine.get(`${o.seriesId}|${o.recurrenceId.getTime()}`) ?? null));
  }

  /** The occurrence an id names, when the viewer may see its circle; 404 otherwise (malformed ids included). */
  async function locate(tx: DbOrTx, viewer: Viewer, id: string) {
    const key = parseOccurrenceId(id);
    const series = await repo.findVisibleSeries(tx, key.seriesId, viewer);
    if (!series) throw Errors.notFound('Meeting');
    const override = await repo.findOverride(tx, series.id, key.recurrenceId);
    return { series, override, occ: occurrenceOf(series, key.recurrenceId, override) };
  }

  async function get(viewer: Viewer, id: string) {
    const { series, occ } = await locate(db, viewer, id);
    const [rsvps, present] = await Promise.all([repo.rsvpsOf(db, series.id, occ.recurrenceId), repo.attendanceOf(db, series.id, occ.recurrenceId)]);
    const override = await repo.findOverride(db, series.id, occ.recurrenceId);
    return {
      ...(await view(viewer, occ, series)),
      rsvps: rsvps.map((r) => ({ memberId: r.memberId, response: r.response })),
      attendance: override?.attendanceRecordedAt ? present : null,
    };
  }

  async function reschedule(viewer: Viewer, id: string, body: PatchMeetingBody): Promise<OccurrenceOut> {
    const { series, occ } = await locate(db, viewer, id);
    await requireFacilitator(db, viewer, series.circleId);
    const timing = body.startsAt !== undefined || body.durationMinutes !== undefined;
    const visible = timing || body.location !== undefined || body.videoUrl !== undefined;
    if (visible && occ.status === 'cancelled') throw Errors.conflict('This occurrence is cancelled', 'MEETING_CANCELLED');
    const startsAt = body.startsAt !== undefined ? wholeSecond(body.startsAt) : undefined;
    if (startsAt && startsAt.getTime() <= Date.now()) throw Errors.badRequest('START_IN_PAST', 'A meeting must start in the future');
    if (timing && occ.endsAt.getTime() <= Date.now()) throw Errors.conflict('This occurrence is over; it cannot be moved', 'MEETING_OVER');

    if (body.scope === 'following' && visible) return rescheduleFollowing(viewer, series, occ, body, startsAt);

    if (startsAt && Math.abs(startsAt.getTime() - occ.recurrenceId.getTime()) > MAX_SHIFT_DAYS * DAY) {
      throw Errors.badRequest('SHIFT_TOO_LARGE', `One occurrence may move at most ${MAX_SHIFT_DAYS} days from its original date; schedule a new meeting instead`);
    }
    const next = await db.transaction(async (tx) => {
      const row = await repo.upsertOverride(
        tx,
        series.id,
        occ.recurrenceId,
        {
          ...(startsAt ? { startsAt } : {}),
          ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
          ...(body.location !== undefined ? { location: body.location } : {}),
          ...(body.videoUrl !== undefined ? { videoUrl: body.videoUrl } : {}),
          ...(body.notes !== undefined ? { notes: body.notes } : {}),
        },
        visible,
      );
      const changed = occurrenceOf(series, occ.recurrenceId, row);
      if (visible) {
        await tell(tx, series.circleId, viewer.memberId, 'meeting_changed', { occurrenceId: changed.occurrenceId, title: series.title, startsAt: changed.startsAt.toISOString(), previousStartsAt: occ.startsAt.toISOString() }, `${changed.occurrenceId}:${changed.sequence}`);
      }
      return changed;
    });
    if (timing) await announce(series.circleId, `${label(series.title)} moved: ${when(occ.startsAt, series.timezone)} → ${when(next.startsAt, series.timezone)}`);
    else if (visible) await announce(series.circleId, `${label(series.title)} on ${when(next.startsAt, series.timezone)}: place or link changed`);
    return view(viewer, next, series);
  }

  /** "This and following": the series ends before this occurrence and a new series carries the change from it on. */
  async function rescheduleFollowing(viewer: Viewer, series: SeriesRow, occ: Occurrence, body: PatchMeetingBody, startsAt: Date | undefined) {
    const newStart = startsAt ?? occ.recurrenceId;
    const rule = series.recurrence;
    const remaining = remainingCount(series, occ.recurrenceId);
    const nextRule = rule ? (rule.count !== undefined ? { ...rule, count: remaining } : { ...rule }) : null;
    const shape = { startsAt: newStart, timezone: series.timezone, recurrence: nextRule };
    const bounds = validateSeries(shape);
    const isFirst = allOccurrences(series)[0]?.getTime() === occ.recurrenceId.getTime();
    const values = {
      startsAt: bounds.first,
      lastStartsAt: bounds.last,
      recurrence: nextRule,
      durationMinutes: body.durationMinutes ?? series.durationMinutes,
      location: body.location !== undefined ? body.location : series.location,
      videoUrl: body.videoUrl !== undefined ? body.videoUrl : series.videoUrl,
    };
    const result = await db.transaction(async (tx) => {
      let target: SeriesRow;
      if (isFirst) {
        target = await repo.updateSeries(tx, series.id, values);
      } else {
        const kept = truncateBefore(series, occ.recurrenceId);
        const keptLast = kept ? allOccurrences({ ...series, recurrence: kept }).at(-1) : undefined;
        await repo.updateSeries(tx, series.id, { recurrence: kept, lastStartsAt: keptLast ?? series.startsAt });
        target = await repo.insertSeries(tx, { ...values, circleId: series.circleId, createdBy: viewer.memberId, title: series.title, timezone: series.timezone, splitFrom: series.id });
      }
      const first = expand([target], [], bounds.first, bounds.first)[0]!;
      await tell(tx, series.circleId, viewer.memberId, 'meeting_changed', { occurrenceId: first.occurrenceId, seriesId: target.id, title: series.title, startsAt: first.startsAt.toISOString(), previousStartsAt: occ.startsAt.toISOString(), scope: 'following' }, `${target.id}:${target.sequence}`);
      return { target, first };
    });
    await announce(series.circleId, `${label(series.title)} moved from ${when(occ.startsAt, series.timezone)} on: now ${when(result.first.startsAt, series.timezone)}${rule ? ' and following' : ''}`);
    return view(viewer, result.first, result.target);
  }

  async function cancel(viewer: Viewer, id: string, scope: 'this' | 'following'): Promise<OccurrenceOut> {
    const { series, occ } = await locate(db, viewer, id);
    await requireFacilitator(db, viewer, series.circleId);
    if (occ.endsAt.getTime() <= Date.now()) throw Errors.conflict('This occurrence is over; it cannot be cancelled', 'MEETING_OVER');
    // Cancelled occurrences are kept (not cut from the rule), so calendar feeds show them as STATUS:CANCELLED.
    const targets = scope === 'following' ? allOccurrences(series).filter((d) => d >= occ.recurrenceId) : [occ.recurrenceId];
    const cancelled = await db.transaction(async (tx) => {
      for (const at of targets) await repo.upsertOverride(tx, series.id, at, { status: 'cancelled' }, true);
      const row = await repo.findOverride(tx, series.id, occ.recurrenceId);
      const out = occurrenceOf(series, occ.recurrenceId, row);
      await tell(tx, series.circleId, viewer.memberId, 'meeting_cancelled', { occurrenceId: out.occurrenceId, title: series.title, startsAt: occ.startsAt.toISOString(), scope }, `${out.occurrenceId}:${scope}`);
      return out;
    });
    await announce(series.circleId, `${label(series.title)} cancelled: ${when(occ.startsAt, series.timezone)}${scope === 'following' && targets.length > 1 ? ' and every later one' : ''}`);
    return view(viewer, cancelled, series);
  }

  async function rsvp(viewer: Viewer, id: string, response: 'yes' | 'no' | 'maybe'): Promise<OccurrenceOut> {
    const { series, occ } = await locate(db, { memberId: viewer.memberId, role: 'member' }, id);
    if (occ.status === 'cancelled') throw Errors.conflict('This occurrence is cancelled', 'MEETING_CANCELLED');
    if (occ.endsAt.getTime() <= Date.now()) throw Errors.conflict('This occurrence is over', 'MEETING_OVER');
    await repo.upsertRsvp(db, series.id, occ.recurrenceId, viewer.memberId, response);
    return view(viewer, occ, series);
  }

  async function recordAttendance(viewer: Viewer, id: string, present: string[]) {
    const { series, occ } = await locate(db, viewer, id);
    await requireFacilitator(db, viewer, series.circleId);
    if (occ.status === 'cancelled') throw Errors.conflict('This occurrence is cancelled', 'MEETING_CANCELLED');
    if (occ.startsAt.getTime() > Date.now() + DAY) throw Errors.conflict('Attendance is recorded once the meeting is near or over', 'MEETING_NOT_STARTED');
    const unique = [...new Set(present)];
    await db.transaction(async (tx) => {
      const seated = new Set(await repo.circleMemberIds(tx, series.circleId));
      const strangers = unique.filter((m) => !seated.has(m));
      if (strangers.length) throw Errors.badRequest('NOT_CIRCLE_MEMBERS', `Not members of this circle: ${strangers.join(', ')}`);
      await repo.replaceAttendance(tx, series.id, occ.recurrenceId, unique, viewer.memberId);
      await repo.upsertOverride(tx, series.id, occ.recurrenceId, { attendanceRecordedAt: new Date() }, false);
    });
    return get(viewer, id);
  }

  /** The circle's occurrences that are neither cancelled nor over, soonest first (agenda carry-over and check-ins use them). */
  async function liveOccurrences(tx: DbOrTx, circleId: string, now = new Date()): Promise<Occurrence[]> {
    const from = new Date(now.getTime() - 2 * DAY);
    const to = new Date(now.getTime() + MAX_WINDOW_DAYS * DAY);
    const series = await repo.seriesInWindow(tx, [circleId], from, to);
    const overrides = await repo.overridesOf(tx, series.map((s) => s.id));
    return expand(series, overrides, from, to).filter((o) => o.status === 'scheduled' && o.endsAt > now);
  }

  /** The circles among `circleIds` with a scheduled (not cancelled) meeting from now on: matching's circle health asks. */
  async function hasUpcoming(circleIds: readonly string[]): Promise<Set<string>> {
    const now = new Date();
    const to = new Date(now.getTime() + MAX_WINDOW_DAYS * DAY);
    const series = await repo.seriesInWindow(db, [...circleIds], now, to);
    const overrides = await repo.overridesOf(db, series.map((s) => s.id));
    return new Set(expand(series, overrides, now, to).filter((o) => o.status === 'scheduled').map((o) => o.circleId));
  }

  return { schedule, list, get, reschedule, cancel, rsvp, recordAttendance, locate, liveOccurrences, hasUpcoming };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
