// Routes: my sessions (list, end one), log out everywhere, change my password.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorQuery, errors, idParams, limitQuery, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { passwordText } from '../members/member.schemas.js';
import type { SessionsService } from './sessions.service.js';

const sessionSchema = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable(),
    current: z.boolean().describe('The session this request was made with'),
  })
  .meta({ id: 'Session' });

export const sessionsRoutes: FastifyPluginAsyncZod<{ sessions: SessionsService }> = async (app, { sessions }) => {
  app.get(
    '/me/sessions',
    {
      onRequest: app.requireMember,
      schema: {
        tags: ['auth'],
        summary: 'My live sessions (created, last used, user agent), newest first',
        security: [{ bearer: [] }],
        querystring: z.object({ limit: limitQuery, cursor: cursorQuery }).strict(),
        response: { 200: page(sessionSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const me = identityOf(request);
      return sessions.list(me.memberId, me.sessionId, request.query.limit, request.query.cursor);
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags: ['auth'],
        summary: 'End one of my sessions (its sockets close too)',
        security: [{ bearer: [] }],
        params: idParams,
        response: { 204: z.null().describe('Session ended'), ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await sessions.revoke(identityOf(request).memberId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      onRequest: app.requireMember,
      config: { writeLimit: false },
      schema: {
        tags: ['auth'],
        summary: 'End every session of mine, this one included (their sockets close too)',
        security: [{ bearer: [] }],
        response: { 204: z.null().describe('All sessions ended'), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await sessions.logoutAll(identityOf(request).memberId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/password',
    {
      onRequest: app.requireMember,
      config: { writeLimit: 'auth.password' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; every other session ends',
        security: [{ bearer: [] }],
        body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordText }).strict(),
        response: { 204: z.null().describe('Password changed'), ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      await sessions.changePassword(me.memberId, me.sessionId, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );
};
