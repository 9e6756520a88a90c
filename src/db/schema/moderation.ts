// Moderation: members' reports, the moderation state of reported or moderated content, and notices (warnings) to members.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { members } from './members.js';

export const REPORT_TARGET_TYPES = ['question', 'answer', 'reply', 'message', 'member'] as const;
export const REPORT_REASONS = ['spam', 'harassment', 'inappropriate', 'off_topic', 'privacy', 'solicitation', 'other'] as const;
export const RESOLUTIONS = ['dismiss', 'hide', 'remove', 'warn', 'suspend'] as const;

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: REPORT_TARGET_TYPES }).notNull(),
    targetId: uuid('target_id').notNull(),
    /** The member the report is about: the content's author, or the reported member. */
    subjectId: uuid('subject_id'),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    note: text('note'),
    status: text('status', { enum: ['open', 'resolved'] }).notNull().default('open'),
    resolution: text('resolution', { enum: RESOLUTIONS }),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: ts('resolved_at'),
    resolutionReason: text('resolution_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    // One open report per reporter per target; a new one is allowed once the last is resolved.
    uniqueIndex('reports_open_reporter_target_uq')
      .on(t.reporterId, t.targetType, t.targetId)
      .where(sql`${t.status} = 'open'`),
    index('reports_target_idx').on(t.targetType, t.targetId, t.status),
    index('reports_status_created_idx').on(t.status, t.createdAt, t.id),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt),
  ],
);

/**
 * What moderation did to a piece of content. The content's own table enforces visibility (hidden_at and the like);
 * this row remembers what only moderation knows: removed (final) versus hidden, and hidden automatically by reports.
 */
export const moderatedContent = pgTable(
  'moderated_content',
  {
    targetType: text('target_type', { enum: ['question', 'answer', 'reply', 'message'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    state: text('state', { enum: ['visible', 'hidden', 'removed'] }).notNull().default('visible'),
    /** Hidden by AUTO_HIDE_REPORTS distinct reporters, waiting for an admin's decision. */
    autoHidden: boolean('auto_hidden').notNull().default(false),
    reason: text('reason'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.targetType, t.targetId] })],
);

/** Notices from staff to a member (a warning); shown on GET /me/notices. */
export const memberNotices = pgTable(
  'member_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['warning'] }).notNull(),
    message: text('message').notNull(),
    targetType: text('target_type'),
    targetId: uuid('target_id'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [index('member_notices_member_idx').on(t.memberId, t.createdAt, t.id)],
);
