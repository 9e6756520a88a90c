// Per-member write limits: named buckets (configured in one place) over a shared sliding-window counter store.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { postgresCounterStore, redisCounterStore, type CounterStore, type Hit } from './counter-store.js';

export interface BucketRule {
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Every bucket a route may name in `config: { writeLimit: '<bucket>' }`. A new kind of write either uses `write` (the
 * default for every authenticated POST/PUT/PATCH/DELETE) or adds one line here (and its variable to config.ts and the README).
 */
export function writeBuckets(config: Config): Record<string, BucketRule> {
  return {
    write: { max: config.RATE_LIMIT_WRITES_PER_MINUTE, windowMs: MINUTE },
    'qa.question': { max: config.RATE_LIMIT_QUESTIONS_PER_HOUR, windowMs: HOUR },
    content: { max: config.RATE_LIMIT_CONTENT_PER_MINUTE, windowMs: MINUTE },
    votes: { max: config.RATE_LIMIT_VOTES_PER_MINUTE, windowMs: MINUTE },
    reports: { max: config.RATE_LIMIT_REPORTS_PER_HOUR, windowMs: HOUR },
    'auth.password': { max: config.RATE_LIMIT_PASSWORD_CHANGES_PER_HOUR, windowMs: HOUR },
  };
}

export type Decision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Sliding-window estimate: this window's hits plus the previous window's, weighted by how much of it still overlaps. */
export function decide(hit: Hit, rule: BucketRule): Decision {
  const { hits, prevHits, windowStartMs, nowMs } = hit;
  const { max, windowMs } = rule;
  const elapsed = Math.min(1, Math.max(0, (nowMs - windowStartMs) / windowMs));
  const estimate = hits + prevHits * (1 - elapsed);
  if (estimate <= max) return { allowed: true, remaining: Math.max(0, Math.floor(max - estimate)) };
  // The earliest time the next request fits: later in this window as the previous one fades, or in the next window.
  let at: number;
  if (prevHits > 0 && hits + 1 <= max) at = windowStartMs + (1 - (max - hits - 1) / prevHits) * windowMs;
  else if (hits + 1 <= max) at = windowStartMs + windowMs;
  else at = windowStartMs + windowMs + Math.max(0, 1 - (max - 1) / hits) * windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((at - nowMs) / 1000)) };
}

export interface WriteLimiter {
  readonly buckets: Readonly<Record<string, BucketRule>>;
  readonly store: CounterStore['kind'];
  /** Counts one write by the member in the bucket and says whether it is allowed. Unknown buckets throw. */
  consume(bucket: string, memberId: string): Promise<Decision>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createWriteLimiter({ database, config, log }: { database: Database; config: Config; log: FastifyBaseLogger }): WriteLimiter {
  const buckets = writeBuckets(config);
  const store: CounterStore = config.REDIS_URL ? redisCounterStore(config.REDIS_URL, log) : postgresCounterStore(database, log);
  return {
    buckets,
    store: store.kind,
    async consume(bucket, memberId) {
      const rule = buckets[bucket];
      if (!rule) throw new Error(`write limits: unknown bucket ${bucket}`);
      let hit;
      try {
        hit = await store.hit(`${bucket}:${memberId}`, rule.windowMs);
      } catch (err) {
        // A limiter outage must not take every write down with it (fail open, loudly); PostgreSQL down fails the write anyway.
        if (store.kind !== 'redis') throw err;
        log.warn({ err, bucket }, 'write limits: the counter store failed; this write is not limited');
        return { allowed: true, remaining: 0 };
      }
      return decide(hit, rule);
    },
    ready: () => store.ready(),
    close: () => store.close(),
  };
}
