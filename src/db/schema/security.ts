// Per-member write limits: one sliding-window counter row per (bucket, member), shared by every process.
import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    /** `<bucket>:<memberId>` */
    key: text('key').primaryKey(),
    /** floor(epoch ms / window ms) of the current window. */
    windowIndex: bigint('window_index', { mode: 'number' }).notNull(),
    hits: integer('hits').notNull(),
    prevHits: integer('prev_hits').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('rate_limit_counters_expires_idx').on(t.expiresAt)],
);
