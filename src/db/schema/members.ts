// Members, their sessions and login failures (the foundation's tables).
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import type { Profile } from '../../domain/profile.js';

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['member', 'admin'] }).notNull().default('member'),
    status: text('status', { enum: ['pending', 'active', 'suspended', 'rejected'] }).notNull().default('pending'),
    profile: jsonb('profile').$type<Profile>().notNull(),
    suspendedReason: text('suspended_reason'),
    suspendedUntil: ts('suspended_until'),
    approvedAt: ts('approved_at'),
    approvedBy: uuid('approved_by'),
    /** An application an admin turned down: the reason is shown to the applicant when they try to log in. */
    rejectedReason: text('rejected_reason'),
    rejectedAt: ts('rejected_at'),
    rejectedBy: uuid('rejected_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_email_lower_uq').on(sql`lower(${t.email})`),
    index('members_status_created_idx').on(t.status, t.createdAt, t.id),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    /** Touched at most once a minute per session (GET /me/sessions shows it). */
    lastUsedAt: ts('last_used_at'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_uq').on(t.tokenHash),
    index('sessions_member_idx').on(t.memberId),
    index('sessions_member_live_idx').on(t.memberId, t.createdAt).where(sql`"revoked_at" IS NULL`),
  ],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    failedAt: ts('failed_at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_email_time_idx').on(t.email, t.failedAt)],
);
