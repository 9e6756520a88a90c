// Liveness (/health) and readiness (/ready: the database answers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { errors } from '../../lib/schemas.js';

const outboxSchema = z
  .object({ due: z.number().int(), oldestDueSeconds: z.number(), failed: z.number().int() })
  .meta({ description: 'The mail outbox: mails due and unsent, the age of the oldest, permanent failures in the last day' });

export interface HealthOptions {
  database: Database;
  /** Details other modules add to /ready (they never make it fail). */
  readiness?: () => Promise<{ outbox?: z.infer<typeof outboxSchema> }>;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthOptions> = async (app, { database, readiness }) => {
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
        summary: 'Readiness: the database is reachable (with the mail outbox lag as a detail)',
        response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']), outbox: outboxSchema.optional() }), ...errors(503) },
      },
    },
    async () => {
      try {
        await database.ping();
      } catch {
        throw Errors.unavailable('Database is not reachable');
      }
      const details = readiness ? await readiness().catch(() => ({})) : {};
      return { status: 'ready' as const, database: database.kind, ...details };
    },
  );
};
