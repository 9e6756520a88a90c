// Per-member write limits at the edge: every authenticated write counts in a bucket; a route names its bucket in one line.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.js';
import { errorResponse } from '../lib/schemas.js';
import type { WriteLimiter } from '../modules/limits/write-limiter.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The write-limit bucket of this route (see src/modules/limits/write-limiter.ts). Unset: authenticated POST/PUT/PATCH/DELETE
     * count in `write`; `false`: never limited (logout must always work).
     */
    writeLimit?: string | false;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async function writeLimitsPlugin(app: FastifyInstance, { limiter }: { limiter: WriteLimiter }) {
    // A typo in a bucket name fails at start, not silently at request time.
    // Limited routes document their 429 in the OpenAPI document.
    app.addHook('onRoute', (route) => {
      const bucket = route.config?.writeLimit;
      if (typeof bucket === 'string' && !(bucket in limiter.buckets)) {
        throw new Error(`route ${String(route.method)} ${route.url}: unknown writeLimit bucket "${bucket}"`);
      }
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const limited = typeof bucket === 'string' || (bucket === undefined && methods.some((m) => WRITE_METHODS.has(m)));
      const response = route.schema?.response as Record<string, unknown> | undefined;
      if (limited && response && !response[429] && route.onRequest) response[429] = errorResponse;
    });

    // preHandler: after authentication and validation, so only well-formed writes by a known member count.
    app.addHook('preHandler', async (request, reply) => {
      const identity = request.identity;
      if (!identity) return;
      const declared = request.routeOptions.config.writeLimit;
      if (declared === false) return;
      const bucket = declared ?? (WRITE_METHODS.has(request.method) ? 'write' : undefined);
      if (!bucket) return;
      const decision = await limiter.consume(bucket, identity.memberId);
      if (!decision.allowed) {
        reply.header('retry-after', String(decision.retryAfterSeconds));
        throw Errors.rateLimited(`Too many writes of this kind; try again in ${decision.retryAfterSeconds} s`);
      }
    });

    await limiter.ready();
    app.addHook('onClose', async () => limiter.close());
  },
  { name: 'write-limits' },
);
