// Meeting routes: schedule (facilitator/admin), list occurrences, one occurrence, reschedule/cancel, RSVP, attendance.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import {
  attendanceBody,
  cancelMeetingBody,
  circleParams,
  createMeetingBody,
  occurrenceDetailSchema,
  occurrenceParams,
  occurrenceSchema,
  patchMeetingBody,
  rsvpBody,
  seriesSchema,
  windowQuery,
} from './meetings.schemas.js';
import type { MeetingsService } from './meetings.service.js';

const security = [{ bearer: [] }];
const tags = ['meetings'];

export const meetingsRoutes: FastifyPluginAsyncZod<{ meetings: MeetingsService }> = async (app, { meetings }) => {
  app.post(
    '/circles/:id/meetings',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: "Schedule a meeting (one-off or recurring) for the circle: its facilitator or an admin",
        description:
          "Recurrence is expanded in `timezone` (a monthly 9:00 America/Chicago meeting stays 9:00 there across DST). Supported subset: see docs/meetings.md. The circle's members are notified and its chat room gets a system message.",
        params: circleParams,
        body: createMeetingBody,
        response: { 201: seriesSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await meetings.schedule(identityOf(request), request.params.id, request.body)),
  );

  app.get(
    '/circles/:id/meetings',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: "The circle's meeting occurrences in a window (default: from a day ago, 90 days), sorted by start",
        description: 'Each occurrence has `startsAt` in UTC, `seriesLocal` in the series\' zone and `local` in the caller\'s profile time zone. A window spans at most 400 days.',
        params: circleParams,
        querystring: windowQuery,
        response: { 200: z.object({ items: z.array(occurrenceSchema) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ items: await meetings.list(identityOf(request), request.params.id, request.query) }),
  );

  app.get(
    '/meetings/:occurrenceId',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'One occurrence with RSVPs and attendance',
        params: occurrenceParams,
        response: { 200: occurrenceDetailSchema, ...errors(401, 404) },
      },
    },
    async (request) => meetings.get(identityOf(request), request.params.occurrenceId),
  );

  app.patch(
    '/meetings/:occurrenceId',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Reschedule or edit one occurrence (`scope: "this"`) or this and every later one (`"following"`: the series splits)',
        description:
          'Facilitator or admin. `notes` are the facilitator\'s meeting notes (no notification). Moving one occurrence keeps its occurrenceId; "following" ends the series before it and starts a new series from it.',
        params: occurrenceParams,
        body: patchMeetingBody,
        response: { 200: occurrenceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => meetings.reschedule(identityOf(request), request.params.occurrenceId, request.body),
  );

  app.post(
    '/meetings/:occurrenceId/cancel',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Cancel one occurrence or this and every later one; cancelled occurrences stay listed (and in feeds) as cancelled',
        params: occurrenceParams,
        body: cancelMeetingBody,
        response: { 200: occurrenceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => meetings.cancel(identityOf(request), request.params.occurrenceId, request.body?.scope ?? 'this'),
  );

  app.put(
    '/meetings/:occurrenceId/rsvp',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'My answer for one occurrence (circle members)',
        params: occurrenceParams,
        body: rsvpBody,
        response: { 200: occurrenceSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => meetings.rsvp(identityOf(request), request.params.occurrenceId, request.body.response),
  );

  app.post(
    '/meetings/:occurrenceId/attendance',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Record who was present (facilitator or admin); replaces an earlier record',
        params: occurrenceParams,
        body: attendanceBody,
        response: { 200: occurrenceDetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => meetings.recordAttendance(identityOf(request), request.params.occurrenceId, request.body.present),
  );
};
