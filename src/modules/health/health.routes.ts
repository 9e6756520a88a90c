// Liveness (/health) and readiness (/ready: the database answers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { errors } from '../../lib/schemas.js';

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database is reachable',
        response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }), ...errors(503) },
      },
    },
    async () => {
      try {
        await database.ping();
      } catch {
        throw Errors.unavailable('Database is not reachable');
      }
      return { status: 'ready' as const, database: database.kind };
    },
  );
};
