// Member-facing moderation routes: report something, my own reports, my notices (warnings from staff).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { cursorQuery, errors, idParams, limitQuery, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { keysetCursor, myReportSchema, noticeSchema, reportBody } from './moderation.schemas.js';
import type { ModerationService } from './moderation.service.js';
import { toMyReport, toNotice } from './moderation.views.js';

const bearer = [{ bearer: [] }];
const tags = ['moderation'];

/** Cuts a limit+1 page and makes the next cursor from the last item's (createdAt, id). */
function pageOf<R extends { createdAt: Date; id: string }, V>(rows: R[], limit: number, view: (r: R) => V) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

export const reportsRoutes: FastifyPluginAsyncZod<{ moderation: ModerationService }> = async (app, { moderation }) => {
  app.post(
    '/reports',
    {
      onRequest: app.requireMember,
      config: { writeLimit: 'reports' },
      schema: {
        tags,
        summary: 'Report a question, answer, reply, chat message or member to the admins',
        description:
          'One open report per reporter per target. You cannot report your own content or yourself. Content reported by AUTO_HIDE_REPORTS distinct members is hidden until an admin decides. Nobody but the admins learns who reported.',
        security: bearer,
        body: reportBody,
        response: { 201: myReportSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const row = await moderation.report(identityOf(request).memberId, request.body);
      return reply.code(201).send(toMyReport(row));
    },
  );

  app.get(
    '/me/reports',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'My reports and whether they are resolved, newest first',
        security: bearer,
        querystring: z.object({ limit: limitQuery, cursor: cursorQuery }),
        response: { 200: page(myReportSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await moderation.myReports(identityOf(request).memberId, limit + 1, decodeCursor(cursor, keysetCursor));
      return pageOf(rows, limit, toMyReport);
    },
  );

  app.get(
    '/me/notices',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Notices from the admins to me (warnings), newest first',
        security: bearer,
        querystring: z.object({ limit: limitQuery, cursor: cursorQuery }),
        response: { 200: page(noticeSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await moderation.notices(identityOf(request).memberId, limit + 1, decodeCursor(cursor, keysetCursor));
      return pageOf(rows, limit, toNotice);
    },
  );

  app.post(
    '/me/notices/:id/read',
    {
      onRequest: app.requireMember,
      schema: { tags, summary: 'Mark one of my notices read', security: bearer, params: idParams, response: { 204: z.null(), ...errors(400, 401, 404) } },
    },
    async (request, reply) => {
      await moderation.readNotice(identityOf(request).memberId, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export { pageOf };
