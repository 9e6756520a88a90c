// Circles (pairs, mentoring circles, alliances), their members, and the matching rounds that propose them.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { members } from './members.js';

export const matchingRounds = pgTable(
  'matching_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mode: text('mode', { enum: ['pairs', 'circles', 'alliances'] }).notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    params: jsonb('params').notNull(),
    result: jsonb('result').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => members.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
  },
  (t) => [index('matching_rounds_mode_published_idx').on(t.mode, t.publishedAt)],
);

export const circles = pgTable(
  'circles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['pair', 'circle', 'alliance'] }).notNull(),
    roundId: uuid('round_id').references(() => matchingRounds.id),
    name: text('name'),
    score: real('score').notNull().default(0),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    /** The member who runs the circle's meetings (meetings use it through the membership port). */
    facilitatorId: uuid('facilitator_id').references(() => members.id, { onDelete: 'set null' }),
    /** The term: a year from publishing by default; an admin may change it. */
    termStart: ts('term_start').notNull().defaultNow(),
    termEnd: ts('term_end').notNull().default(sql`now() + interval '1 year'`),
    /** Set when an admin closes the circle (term over): archived, its room read-only, history kept. */
    closedAt: ts('closed_at'),
    closedBy: uuid('closed_by'),
    closedReason: text('closed_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('circles_round_idx').on(t.roundId), index('circles_kind_open_idx').on(t.kind, t.closedAt, t.createdAt, t.id)],
);

export const circleMembers = pgTable(
  'circle_members',
  {
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['proposed', 'accepted', 'declined', 'removed'] }).notNull().default('proposed'),
    respondedAt: ts('responded_at'),
    removedAt: ts('removed_at'),
    joinedAt: ts('joined_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] }), index('circle_members_member_idx').on(t.memberId)],
);
