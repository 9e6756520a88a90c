// iCalendar: each member's private, revocable feed of their circles' meetings, and one occurrence as an .ics (ical-generator).
import { randomBytes } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { circleNames } from '../matching/circle-views.js';
import * as repo from './meetings.repo.js';
import type { Viewer } from './meetings.repo.js';
import type { MeetingsService } from './meetings.service.js';
import { expand, type Occurrence } from './occurrences.js';

/** The feed covers this much of the past and the future (calendar clients keep what they saw before). */
export const FEED_PAST_DAYS = 90;
export const FEED_FUTURE_DAYS = 400;
const DAY = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/** A UID stays the same for an occurrence forever: clients update the event in place when SEQUENCE grows. */
export const eventUid = (occurrenceId: string) => `${occurrenceId}@practice-peers`;

function calendar(name: string) {
  return ical({
    name,
    prodId: { company: 'practice-peers', product: 'meetings', language: 'EN' },
    // No calendar-wide zone: each event carries its series' TZID, and a VTIMEZONE is written for every zone used.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: 3600,
  });
}

function addEvent(cal: ReturnType<typeof calendar>, occ: Occurrence, circleName: string | null) {
  const summary = occ.title ?? (circleName ? `${circleName} meeting` : 'Circle meeting');
  const description = [circleName ? `Circle: ${circleName}` : null, occ.videoUrl ? `Video: ${occ.videoUrl}` : null].filter(Boolean).join('\n');
  cal.createEvent({
    id: eventUid(occ.occurrenceId),
    // luxon DateTimes in the series' zone: DTSTART;TZID=<zone>:<local wall time>.
    start: DateTime.fromJSDate(occ.startsAt, { zone: occ.timezone }),
    end: DateTime.fromJSDate(occ.endsAt, { zone: occ.timezone }),
    timezone: occ.timezone,
    summary,
    ...(description ? { description } : {}),
    ...(occ.location ? { location: occ.location } : {}),
    ...(occ.videoUrl ? { url: occ.videoUrl } : {}),
    sequence: occ.sequence,
    status: occ.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: occ.updatedAt,
    lastModified: occ.updatedAt,
  });
}

export interface CalendarDeps {
  database: Database;
  meetings: MeetingsService;
}

export function createCalendarService({ database, meetings }: CalendarDeps) {
  const { db } = database;

  /** The member's feed token, issued on first ask. */
  async function token(memberId: string): Promise<string> {
    return (await repo.feedToken(db, memberId)) ?? repo.setFeedToken(db, memberId, randomBytes(32).toString('base64url'), false);
  }

  /** A new token; the old URL stops working at once. */
  const rotate = (memberId: string) => repo.setFeedToken(db, memberId, randomBytes(32).toString('base64url'), true);

  /** The feed of a token: every meeting of the circles its member belongs to now; 404 for an unknown or rotated token. */
  async function feed(feedToken: string, now = new Date()): Promise<string> {
    if (!TOKEN.test(feedToken)) throw Errors.notFound('Calendar');
    const owner = await repo.memberOfFeed(db, feedToken);
    if (!owner) throw Errors.notFound('Calendar');
    const from = new Date(now.getTime() - FEED_PAST_DAYS * DAY);
    const to = new Date(now.getTime() + FEED_FUTURE_DAYS * DAY);
    const series = await repo.seriesInWindow(db, 'mine', from, to, owner.memberId);
    const [overrides, names] = await Promise.all([repo.overridesOf(db, series.map((s) => s.id)), circleNames(db, [...new Set(series.map((s) => s.circleId))])]);
    const cal = calendar('Practice Peers meetings');
    for (const occ of expand(series, overrides, from, to)) addEvent(cal, occ, names.get(occ.circleId) ?? null);
    return cal.toString();
  }

  /** One occurrence as an .ics file, for the circle's members and admins. */
  async function occurrenceIcs(viewer: Viewer, occurrenceId: string): Promise<string> {
    const { occ } = await meetings.locate(db, viewer, occurrenceId);
    const names = await circleNames(db, [occ.circleId]);
    const cal = calendar('Practice Peers meeting');
    cal.method(ICalCalendarMethod.PUBLISH);
    addEvent(cal, occ, names.get(occ.circleId) ?? null);
    return cal.toString();
  }

  return { token, rotate, feed, occurrenceIcs };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
