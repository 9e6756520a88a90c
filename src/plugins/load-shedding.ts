// Load shedding with @fastify/under-pressure: when the event loop lags past the limit, requests get 503 + Retry-After at once.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

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
      // Refused through the error path (a rejected promise), like any failed onRequest hook. Websocket upgrades pass:
      // an answer from here never reaches an upgrading socket (it would hang), and the per-member socket cap bounds them.
      pressureHandler: async (request, reply, type, value) => {
        if (NEVER_SHED.has(request.routeOptions.url ?? '') || request.headers.upgrade !== undefined) return;
        request.log.warn({ type, value }, 'load shedding: refusing a request while the event loop lags');
        void reply.header('retry-after', String(opts.retryAfterSeconds));
        throw new AppError(503, 'OVERLOADED', 'The server is overloaded; retry after the time in Retry-After');
      },
    });
  },
  { name: 'load-shedding' },
);
