// Q&A engagement routes: votes, the accepted answer, follows (notifications are listed by the notifications module).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, idParams } from '../../lib/schemas.js';
import { viewerOf } from './qa.visibility.js';
import {
  acceptBody,
  acceptResultSchema,
  followSchema,
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
};
