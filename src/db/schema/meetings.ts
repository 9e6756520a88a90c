// A circle's rhythm: meeting series and their per-occurrence state, RSVPs, attendance, agenda items, commitments, calendar feeds.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles } from './circles.js';
import { ts } from './columns.js';
import { members } from './members.js';
import { questions } from './qa.js';

/** The RFC 5545 subset a series repeats by (docs/meetings.md). */
export interface RecurrenceRule {
  freq: 'monthly' | 'weekly';
  interval?: number;
  byDay?: string[];
  bySetPos?: number;
  count?: number;
  until?: string;
}

export const meetingSeries = pgTable(
  'meeting_series',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => members.id),
    title: text('title'),
    /** The anchor: the first occurrence's start (UTC); its wall-clock time in `timezone` is every occurrence's local time. */
    startsAt: ts('starts_at').notNull(),
    timezone: text('timezone').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    location: text('location'),
    videoUrl: text('video_url'),
    recurrence: jsonb('recurrence').$type<RecurrenceRule>(),
    /** Start of the last occurrence (UTC), so window queries skip finished series without expanding them. */
    lastStartsAt: ts('last_starts_at').notNull(),
    /** Bumped on every change to the series (iCalendar SEQUENCE). */
    sequence: integer('sequence').notNull().default(0),
    /** Set when a "this and following" change split this series off another one. */
    splitFrom: uuid('split_from'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('meeting_series_circle_idx').on(t.circleId, t.lastStartsAt), check('meeting_series_duration_ck', sql`${t.durationMinutes} between 1 and 1440`)],
);

/** One occurrence's own state: a reschedule or cancellation of just it, and the facilitator's notes. Keyed by the original start. */
export const meetingOccurrences = pgTable(
  'meeting_occurrences',
  {
    seriesId: uuid('series_id')
      .notNull()
      .references(() => meetingSeries.id, { onDelete: 'cascade' }),
    /** The occurrence's original start (iCalendar RECURRENCE-ID). */
    recurrenceId: ts('recurrence_id').notNull(),
    startsAt: ts('starts_at'),
    durationMinutes: integer('duration_minutes'),
    location: text('location'),
    videoUrl: text('video_url'),
    status: text('status', { enum: ['scheduled', 'cancelled'] }).notNull().default('scheduled'),
    sequence: integer('sequence').notNull().default(0),
    notes: text('notes'),
    attendanceRecordedAt: ts('attendance_recorded_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.recurrenceId] })],
);

export const meetingRsvps = pgTable(
  'meeting_rsvps',
  {
    seriesId: uuid('series_id')
      .notNull()
      .references(() => meetingSeries.id, { onDelete: 'cascade' }),
    recurrenceId: ts('recurrence_id').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    response: text('response', { enum: ['yes', 'no', 'maybe'] }).notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.recurrenceId, t.memberId] })],
);

export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    seriesId: uuid('series_id')
      .notNull()
      .references(() => meetingSeries.id, { onDelete: 'cascade' }),
    recurrenceId: ts('recurrence_id').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    recordedBy: uuid('recorded_by').references(() => members.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.recurrenceId, t.memberId] })],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    /** The occurrence it was proposed for; while not covered it carries over to the circle's next live occurrence. */
    seriesId: uuid('series_id')
      .notNull()
      .references(() => meetingSeries.id, { onDelete: 'cascade' }),
    recurrenceId: ts('recurrence_id').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    note: text('note'),
    minutes: smallint('minutes'),
    questionId: uuid('question_id').references(() => questions.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    /** Where it was covered: the occurrence (series, original start) and when. */
    coveredSeriesId: uuid('covered_series_id'),
    coveredRecurrenceId: ts('covered_recurrence_id'),
    coveredAt: ts('covered_at'),
    facilitatorNotes: text('facilitator_notes'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('agenda_items_circle_idx').on(t.circleId, t.coveredAt)],
);

export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** The occurrence it is due by (default: the circle's next one when it was made). */
    dueSeriesId: uuid('due_series_id').references(() => meetingSeries.id, { onDelete: 'set null' }),
    dueRecurrenceId: ts('due_recurrence_id'),
    status: text('status', { enum: ['open', 'done', 'partly', 'not_done'] }).notNull().default('open'),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('commitments_circle_idx').on(t.circleId, t.createdAt, t.id), index('commitments_member_idx').on(t.memberId, t.status)],
);

/** A member's private calendar feed token (shown to them again, so it is kept as issued; rotating replaces it). */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_uq').on(t.token)],
);
