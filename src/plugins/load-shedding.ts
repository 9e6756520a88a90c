// Load shedding with @fastify/under-pressure: when the event loop lags past the limit, requests get 503 + Retry-After at once.
import underPressure, { type FastifyUnderPressureOptions as UnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface LoadSheddingOptions {
  /** Mean event-loop delay (ms) over a sample above which requests are refused; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  sampleIntervalMs: number;
  retryAfterSeconds: number;
}

// Operators must still see an overloaded process: health and metrics are never shed.
const NEVER_SHED = new Set(['/health', '/metrics']);

export default fp(
  async function loadShedding(app: FastifyInstance, opts: LoadSheddingOptions) {
    if (!opts.maxEventLoopDelayMs) return;
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      sampleInterval: opts.sampleIntervalMs,
      retryAfter: opts.retryAfterSeconds,
      // The plugin sends what the handler returns, and lets the request through when it returns nothing (its types say void).
      pressureHandler: ((request, reply, type, value) => {
        if (NEVER_SHED.has(request.routeOptions.url ?? '')) return undefined;
        request.log.warn({ type, value }, 'load shedding: refusing a request while the event loop lags');
        void reply.code(503).header('retry-after', String(opts.retryAfterSeconds));
        return { statusCode: 503, code: 'OVERLOADED', message: 'The server is overloaded; retry after the time in Retry-After' };
      }) as (...args: Parameters<NonNullable<UnderPressureOptions['pressureHandler']>>) => void,
    });
  },
  { name: 'load-shedding' },
);
