// Notifications: the outbox of every kind (in-app list and live push), the mail outbox, preferences, digest state, registrations awaiting verification.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { members } from './members.js';
import type { Profile } from '../../domain/profile.js';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key'),
    /** How email handles it: sent at once, waiting for the digest, or not mailed. */
    emailMode: text('email_mode', { enum: ['immediate', 'digest', 'none'] }).notNull(),
    digestedAt: ts('digested_at'),
    /** When the live event was handed to the event hub (null: not yet). */
    liveAt: ts('live_at'),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_member_created_idx').on(t.memberId, t.createdAt, t.id),
    uniqueIndex('notifications_dedupe_uq').on(t.memberId, t.dedupeKey).where(sql`dedupe_key is not null`),
    index('notifications_live_pending_idx').on(t.createdAt).where(sql`live_at is null`),
    index('notifications_digest_pending_idx').on(t.memberId, t.createdAt).where(sql`email_mode = 'digest' and digested_at is null`),
  ],
);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    notificationId: uuid('notification_id'),
    toAddress: text('to_address').notNull(),
    template: text('template').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('mail_outbox_member_idx').on(t.memberId, t.createdAt),
  ],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    mode: text('mode', { enum: ['immediate', 'digest', 'off'] }).notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.kind] })],
);

export const notificationSettings = pgTable('notification_settings', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  digestFrequency: text('digest_frequency', { enum: ['daily', 'weekly'] }).notNull().default('daily'),
  lastDigestAt: ts('last_digest_at'),
  /** Unread chat: when a process last saw an open socket of the member, when (and with what total) they were last told or checked. */
  chatSeenAt: ts('chat_seen_at'),
  chatUnreadTold: integer('chat_unread_told').notNull().default(0),
  chatToldAt: ts('chat_told_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A registration waiting for its email address to be confirmed; the member row is made (with this id) on confirmation. */
export const pendingRegistrations = pgTable(
  'pending_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    profile: jsonb('profile').$type<Profile>().notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pending_registrations_email_uq').on(sql`lower(${t.email})`), uniqueIndex('pending_registrations_token_uq').on(t.tokenHash)],
);

/** Signing keys for unsubscribe links, made once per database so every process signs alike. */
export const notificationKeys = pgTable('notification_keys', {
  name: text('name').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
