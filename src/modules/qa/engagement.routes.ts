// Q&A engagement routes: votes, the accepted answer, follows, and my notifications.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, idParams } from '../../lib/schemas.js';
import { viewerOf } from './qa.visibility.js';
import {
  acceptBody,
  acceptResultSchema,
  followSchema,
  markReadBody,
  notificationPageSchema,
  notificationsQuery,
  voteBody,
  voteResultSchema,
} from './qa.schemas.js';
import type { QaService } from './qa.service.js';

const tags = ['qa'];
const security = [{ bearer: [] }];

export const engagementRoutes: FastifyPluginAsyncZod<{ qa: QaService }> = async (app, { qa }) => {
  app.put(
    '/votes',
    {
      config: { writeLimit: 'votes' },
      schema: {
        tags,
        security,
        summary: 'Vote on a question or answer (1, -1; 0 withdraws); one vote per member per target, never on your own',
        body: voteBody,
        response: { 200: voteResultSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => qa.vote(viewerOf(request), request.body),
  );

  app.post(
    '/questions/:id/accept',
    {
      schema: {
        tags,
        security,
        summary: 'Accept an answer (the asker only; changeable, null withdraws)',
        params: idParams,
        body: acceptBody,
        response: { 200: acceptResultSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => qa.accept(viewerOf(request), request.params.id, request.body.answerId),
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/questions/:id/follow',
      schema: {
        tags,
        security,
        summary: method === 'PUT' ? 'Follow a thread: notifications for its new answers and replies' : 'Stop following a thread',
        params: idParams,
        response: { 200: followSchema, ...errors(400, 401, 404) },
      },
      handler: async (request) => qa.setFollow(viewerOf(request), request.params.id, method === 'PUT'),
    });
  }

  app.get(
    '/me/notifications',
    {
      schema: {
        tags,
        security,
        summary: 'My notifications (new answers and replies on threads I follow, mentions), newest first, with the unread count',
        querystring: notificationsQuery,
        response: { 200: notificationPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => qa.notifications(viewerOf(request), request.query),
  );

  app.post(
    '/me/notifications/read',
    {
      schema: {
        tags,
        security,
        summary: 'Mark notifications read: { ids } or { all: true }',
        body: markReadBody,
        response: { 200: z.object({ unreadCount: z.number().int() }), ...errors(400, 401) },
      },
    },
    async (request) => qa.readNotifications(viewerOf(request), request.body),
  );
};
