// Prometheus metrics (prom-client): one registry per app, request latency per route, and GET /metrics behind METRICS_TOKEN.
// Modules observe through the `Metrics` object passed to them from src/app.ts (never a global registry: tests build many apps).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Matching engine jobs (a round's draft, a move's check…), by operation and where they ran. */
  readonly matchingRoundSeconds: Histogram<'op' | 'computed_in'>;
  /** Time from a peer's heartbeat to its arrival on this process's chat bus. */
  readonly busLagSeconds: Histogram;
}

/** The registry and the shared instruments; other modules add theirs with `registry` (e.g. `new Gauge({ registers: [metrics.registry], … })`). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    matchingRoundSeconds: new Histogram({
      name: 'matching_engine_job_duration_seconds',
      help: 'Matching engine jobs (round drafts, move checks) by operation and where they ran',
      labelNames: ['op', 'computed_in'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    busLagSeconds: new Histogram({
      name: 'chat_bus_lag_seconds',
      help: 'Delay of peer heartbeats on the chat bus (PostgreSQL NOTIFY or Redis)',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

/** Gauges read on each scrape: the database pool and chat's sockets and deliveries. */
export function observeRuntime(metrics: Metrics, sources: { database: Database; sockets: () => number; deliveries: () => number }): void {
  const { registry } = metrics;
  const { pool } = sources.database;
  new Gauge({
    name: 'pg_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting clients); absent on the embedded database',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'chat_open_sockets',
    help: 'Open chat websockets on this process',
    registers: [registry],
    collect() {
      this.set(sources.sockets());
    },
  });
  let counted = 0;
  new Counter({
    name: 'chat_deliveries_total',
    help: 'Frames of rooms’ logs written to sockets (rate() gives deliveries per second)',
    registers: [registry],
    collect() {
      const now = sources.deliveries();
      if (now > counted) this.inc(now - counted);
      counted = now;
    },
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Times every request by its route template; serves GET /metrics only with `Authorization: Bearer <METRICS_TOKEN>`. */
export default fp(
  async function metricsPlugin(app: FastifyInstance, { metrics, token }: { metrics: Metrics; token: string | undefined }) {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      // Off: nothing about the process is exposed (and the web app's fallback does not answer for it either).
      if (!token) return reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'Route GET:/metrics not found' });
      const header = request.headers.authorization ?? '';
      const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
      if (!sameToken(given, token)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'The metrics token is missing or wrong' });
      }
      const body = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
    });
  },
  { name: 'metrics' },
);
