// Request and response schemas of the meetings routes (they decide what leaves the server and document it in OpenAPI).
import { z } from 'zod';
import { freeText, uuidText } from '../../lib/text.js';
import { timezoneSchema } from '../../domain/profile.js';

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone (Z or ±hh:mm)' });
const httpsUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(500);

export const recurrenceSchema = z
  .object({
    freq: z.enum(['monthly', 'weekly']),
    interval: z.number().int().min(1).max(12).optional(),
    byDay: z
      .array(z.string().regex(/^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/, 'must be a weekday code such as TU, 2TU or -1FR'))
      .min(1)
      .max(7)
      .optional(),
    bySetPos: z.number().int().min(-5).max(5).refine((n) => n !== 0, 'must not be 0').optional(),
    count: z.number().int().min(1).max(260).optional(),
    until: z.union([isoInstant, z.iso.date()]).optional(),
  })
  .strict()
  .meta({ id: 'Recurrence', description: 'RFC 5545 subset: FREQ=MONTHLY|WEEKLY, INTERVAL, BYDAY, BYSETPOS, COUNT or UNTIL (one of them required, within 5 years)' });

export const createMeetingBody = z
  .object({
    title: freeText(1, 120).optional(),
    startsAt: isoInstant,
    durationMinutes: z.number().int().min(1, 'must be at least 1 minute').max(1440),
    timezone: timezoneSchema,
    location: freeText(1, 300).optional(),
    videoUrl: httpsUrl.optional(),
    recurrence: recurrenceSchema.optional(),
  })
  .strict();
export type CreateMeetingBody = z.infer<typeof createMeetingBody>;

export const scope = z.enum(['this', 'following']).default('this');

export const patchMeetingBody = z
  .object({
    scope,
    startsAt: isoInstant.optional(),
    durationMinutes: z.number().int().min(1, 'must be at least 1 minute').max(1440).optional(),
    location: freeText(1, 300).nullable().optional(),
    videoUrl: httpsUrl.nullable().optional(),
    notes: freeText(1, 10_000).nullable().optional(),
  })
  .strict();
export type PatchMeetingBody = z.infer<typeof patchMeetingBody>;

export const cancelMeetingBody = z.object({ scope }).strict().nullish();

export const rsvpBody = z.object({ response: z.enum(['yes', 'no', 'maybe']) }).strict();
export const attendanceBody = z.object({ present: z.array(uuidText).max(100) }).strict();

export const windowQuery = z
  .object({
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .strict();

export const circleParams = z.object({ id: z.uuid('must be a UUID') });
export const occurrenceParams = z.object({ occurrenceId: z.string().max(80) });

const localTime = z
  .object({ timezone: z.string(), startsAt: z.string(), endsAt: z.string() })
  .meta({ description: 'The same times in a zone, ISO 8601 with its offset' });

export const occurrenceSchema = z
  .object({
    occurrenceId: z.string().meta({ description: '<seriesId>_<original start, YYYYMMDDTHHMMSSZ>: stable across a reschedule of this occurrence' }),
    seriesId: z.uuid(),
    circleId: z.uuid(),
    title: z.string().nullable(),
    startsAt: z.string().meta({ description: 'UTC' }),
    endsAt: z.string(),
    originalStartsAt: z.string(),
    durationMinutes: z.number().int(),
    timezone: z.string().meta({ description: "The series' own zone" }),
    seriesLocal: localTime,
    local: localTime.meta({ description: "In the caller's profile time zone" }),
    location: z.string().nullable(),
    videoUrl: z.string().nullable(),
    status: z.enum(['scheduled', 'cancelled']),
    sequence: z.number().int(),
    recurring: z.boolean(),
    rescheduled: z.boolean(),
    rrule: z.string().nullable(),
    myRsvp: z.enum(['yes', 'no', 'maybe']).nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'MeetingOccurrence' });
export type OccurrenceOut = z.infer<typeof occurrenceSchema>;

export const seriesSchema = z
  .object({
    id: z.uuid(),
    circleId: z.uuid(),
    title: z.string().nullable(),
    startsAt: z.string(),
    timezone: z.string(),
    durationMinutes: z.number().int(),
    location: z.string().nullable(),
    videoUrl: z.string().nullable(),
    recurrence: recurrenceSchema.nullable(),
    rrule: z.string().nullable(),
    sequence: z.number().int(),
    occurrences: z.array(occurrenceSchema).meta({ description: 'The first occurrences (up to 12)' }),
  })
  .meta({ id: 'MeetingSeries' });

export const occurrenceDetailSchema = occurrenceSchema
  .extend({
    rsvps: z.array(z.object({ memberId: z.uuid(), response: z.enum(['yes', 'no', 'maybe']) })),
    attendance: z.array(z.uuid()).nullable(),
  })
  .meta({ id: 'MeetingOccurrenceDetail' });

export const calendarUrlSchema = z.object({ url: z.string() }).meta({ id: 'CalendarFeedUrl' });
