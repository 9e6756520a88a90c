// Calendar routes: my feed URL, rotating it, the feed itself (token in the URL, no login), one occurrence as .ics.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import type { CalendarService } from './calendar.service.js';
import { calendarUrlSchema, occurrenceParams } from './meetings.schemas.js';

const security = [{ bearer: [] }];
const tags = ['meetings'];
const icsBody = z.string().meta({ description: 'text/calendar (RFC 5545)' });

/** The feed URL as the caller reached this server (behind a proxy, TRUST_PROXY makes it the public one). */
const feedUrl = (request: FastifyRequest, token: string) => `${request.protocol}://${request.host}/api/v1/calendar/${token}.ics`;

function sendIcs(reply: FastifyReply, body: string, filename: string) {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'private, max-age=300')
    .serializer((payload) => payload as string)
    .send(body);
}

export const calendarRoutes: FastifyPluginAsyncZod<{ calendar: CalendarService }> = async (app, { calendar }) => {
  app.get(
    '/me/calendar',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'My private iCalendar feed URL (subscribe to it in Google Calendar, Outlook or Apple Calendar)',
        description: 'Anyone holding the URL can read my meetings: keep it private; rotate it if it leaked.',
        response: { 200: calendarUrlSchema, ...errors(401) },
      },
    },
    async (request) => ({ url: feedUrl(request, await calendar.token(identityOf(request).memberId)) }),
  );

  app.post(
    '/me/calendar/rotate',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Replace my feed URL; the old one stops working at once',
        response: { 200: calendarUrlSchema, ...errors(401) },
      },
    },
    async (request) => ({ url: feedUrl(request, await calendar.rotate(identityOf(request).memberId)) }),
  );

  app.get(
    '/calendar/:feedToken.ics',
    {
      schema: {
        tags,
        summary: "A member's meetings as an RFC 5545 feed (stable UIDs, SEQUENCE, cancelled occurrences as STATUS:CANCELLED, VTIMEZONEs)",
        params: z.object({ feedToken: z.string().max(128) }),
        response: { 200: icsBody, ...errors(404) },
      },
    },
    async (request, reply) => sendIcs(reply, await calendar.feed(request.params.feedToken), 'practice-peers.ics'),
  );

  app.get(
    '/meetings/:occurrenceId/event.ics',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'One occurrence as an .ics file',
        params: occurrenceParams,
        response: { 200: icsBody, ...errors(401, 404) },
      },
    },
    async (request, reply) => sendIcs(reply, await calendar.occurrenceIcs(identityOf(request), request.params.occurrenceId), 'meeting.ics'),
  );
};
