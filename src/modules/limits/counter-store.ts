// Sliding-window counters shared by every process: a row per key in PostgreSQL, or two keys per window in Redis when configured.
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Database } from '../../db/client.js';
import { rateLimitCounters } from '../../db/schema/index.js';
import { firstRow, sql } from '../../db/sql.js';

/** One hit counted: the hits of the current window (this one included) and of the previous one, on the store's clock. */
export interface Hit {
  hits: number;
  prevHits: number;
  windowStartMs: number;
  nowMs: number;
}

export interface CounterStore {
  readonly kind: 'postgres' | 'redis';
  hit(key: string, windowMs: number): Promise<Hit>;
  /** Resolves once the store can answer (Redis connected); a store that cannot connect is logged, not fatal. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

// The counter table's columns by name, unqualified (an insert's column list, `excluded.` and the `c` alias need bare names).
const [key_, windowIndex, hits, prevHits, expiresAt] = [
  rateLimitCounters.key,
  rateLimitCounters.windowIndex,
  rateLimitCounters.hits,
  rateLimitCounters.prevHits,
  rateLimitCounters.expiresAt,
].map((column) => sql.identifier(column.name));

/** PostgreSQL: one upsert per hit, atomic per key; the database clock, so processes agree on windows. */
export function postgresCounterStore(database: Database, log: FastifyBaseLogger, sweepMs = 10 * 60_000): CounterStore {
  const sweep = setInterval(() => {
    database.db.execute(sql`DELETE FROM ${rateLimitCounters} WHERE ${rateLimitCounters.expiresAt} < now()`).catch((err: unknown) => log.warn({ err }, 'write limits: sweep failed'));
  }, sweepMs);
  sweep.unref();
  return {
    kind: 'postgres',
    async hit(key, windowMs) {
      const w = sql`${windowMs}::bigint`;
      const row = await firstRow<{ hits: number; prev_hits: number; window_index: string | number; now_ms: string | number }>(
        database.db,
        sql`WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms)
            INSERT INTO ${rateLimitCounters} AS c (${key_}, ${windowIndex}, ${hits}, ${prevHits}, ${expiresAt})
            SELECT ${key}, clock.ms / ${w}, 1, 0, to_timestamp(((clock.ms / ${w}) + 2) * ${w} / 1000.0) FROM clock
            ON CONFLICT (${key_}) DO UPDATE SET
              ${prevHits} = CASE WHEN c.${windowIndex} = excluded.${windowIndex} THEN c.${prevHits}
                               WHEN c.${windowIndex} = excluded.${windowIndex} - 1 THEN c.${hits} ELSE 0 END,
              ${hits} = CASE WHEN c.${windowIndex} = excluded.${windowIndex} THEN c.${hits} + 1 ELSE 1 END,
              ${windowIndex} = excluded.${windowIndex},
              ${expiresAt} = excluded.${expiresAt}
            RETURNING c.${hits} AS hits, c.${prevHits} AS prev_hits, c.${windowIndex} AS window_index, (SELECT ms FROM clock) AS now_ms`,
      );
      if (!row) throw new Error('write limits: the counter upsert returned no row');
      return { hits: Number(row.hits), prevHits: Number(row.prev_hits), windowStartMs: Number(row.window_index) * windowMs, nowMs: Number(row.now_ms) };
    },
    async ready() {},
    async close() {
      clearInterval(sweep);
    },
  };
}

// INCR the current window's key (expiring after two windows), read the previous one; Redis's clock, so processes agree.
const HIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local idx = math.floor(now / window)
local cur = KEYS[1] .. ':' .. idx
local hits = redis.call('INCR', cur)
if hits == 1 then redis.call('PEXPIRE', cur, window * 2) end
local prev = tonumber(redis.call('GET', KEYS[1] .. ':' .. (idx - 1)) or '0')
return { hits, prev, idx, now }
`;

export function redisCounterStore(url: string, log: FastifyBaseLogger): CounterStore {
  // No offline queue: while Redis is unreachable a hit fails at once (and the limiter lets the write through) instead of hanging.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => log.warn({ err }, 'write limits: redis connection error'));
  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [hits, prev, idx, now] = (await redis.eval(HIT_SCRIPT, 1, `pp:rl:${key}`, String(windowMs))) as number[];
      return { hits: Number(hits), prevHits: Number(prev), windowStartMs: Number(idx) * windowMs, nowMs: Number(now) };
    },
    async ready() {
      await redis.connect().catch((err: unknown) => log.warn({ err }, 'write limits: redis is unreachable; writes pass unlimited until it is back'));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
