// Admin route for the network overview (GET /admin/stats).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../lib/schemas.js';
import { networkStatsSchema, statsQuery } from './stats.schemas.js';
import type { StatsService } from './stats.service.js';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(
    '/admin/stats',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'The network at a glance: members by status and practice type, circles by health, questions and answers per week, open reports',
        description: 'Counts over the whole network, computed on each request (no cache).',
        security: [{ bearer: [] }],
        querystring: statsQuery,
        response: { 200: networkStatsSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => stats.overview(request.query),
  );
};
