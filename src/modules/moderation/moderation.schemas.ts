// Request and response shapes of the moderation routes: what leaves the server (reporters never see other reporters).
import { z } from 'zod';
import { REPORT_REASONS, REPORT_TARGET_TYPES, RESOLUTIONS } from '../../db/schema/moderation.js';
import { freeText } from '../../lib/text.js';
import { CONTENT_KINDS } from './content.js';

const reasonText = freeText(1, 1000);
const futureDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .transform((s) => new Date(s))
  .meta({ description: 'ISO 8601 date-time, in the future' });

export const reportTargetType = z.enum(REPORT_TARGET_TYPES);
export const contentKind = z.enum(CONTENT_KINDS);

export const reportBody = z
  .object({
    targetType: reportTargetType,
    targetId: z.uuid('must be a UUID'),
    reason: z.enum(REPORT_REASONS),
    note: freeText(0, 1000).nullish(),
  })
  .strict();

export const resolveBody = z
  .object({ action: z.enum(RESOLUTIONS), reason: reasonText, until: futureDate.optional() })
  .strict();

export const contentBody = z.object({ targetType: contentKind, targetId: z.uuid('must be a UUID'), reason: reasonText }).strict();
export const suspendBody = z.object({ reason: reasonText, until: futureDate.optional() }).strict();
export const unsuspendBody = z.object({ reason: reasonText }).strict();
export const optionalReasonBody = z.object({ reason: reasonText.optional() }).strict().nullish();

export const queueQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  targetType: reportTargetType.optional(),
  targetId: z.uuid('must be a UUID').optional().meta({ description: "Only this target's reports (a post's or member's)" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).transform((s) => new Date(s));

export const auditQuery = z
  .object({
    actorId: z.uuid('must be a UUID').optional(),
    targetId: z.uuid('must be a UUID').optional(),
    targetType: z.string().regex(/^[a-z_]{1,32}$/, 'must be a target type such as member or question').optional(),
    action: z
      .string()
      .regex(/^[a-z_]{1,32}(\.[a-z_]{1,32}){1,2}$/, 'must be an action such as member.suspend or matching.round.override')
      .optional(),
    from: instant.optional().meta({ description: 'Entries at or after this ISO 8601 date-time' }),
    to: instant.optional().meta({ description: 'Entries before this ISO 8601 date-time' }),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] });

export const keysetCursor = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** A reporter's view of their own report: no other reporters, no staff names. */
export const myReportSchema = z
  .object({
    id: z.uuid(),
    targetType: reportTargetType,
    targetId: z.uuid(),
    reason: z.enum(REPORT_REASONS),
    note: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'MyReport' });

const memberRef = z.object({ id: z.uuid(), displayName: z.string() });

export const adminReportSchema = z
  .object({
    id: z.uuid(),
    targetType: reportTargetType,
    targetId: z.uuid(),
    reporter: memberRef.nullable(),
    reason: z.enum(REPORT_REASONS),
    note: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    resolution: z.enum(RESOLUTIONS).nullable(),
    resolutionReason: z.string().nullable(),
    resolvedBy: z.uuid().nullable(),
    resolvedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Report' });

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    actor: memberRef.nullable().meta({ description: 'null for the system (auto-hide, the end of a suspension, bootstrap)' }),
    action: z.string(),
    targetType: z.string(),
    targetId: z.uuid().nullable(),
    reason: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    context: z
      .record(z.string(), z.string().nullable())
      .nullable()
      .meta({ description: 'Where a content target lives: { questionId, circleId } for an answer or reply, { roomId } for a chat message; null for other targets and for content that is gone' }),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const contentStateSchema = z
  .object({
    targetType: contentKind,
    targetId: z.uuid(),
    state: z.enum(['visible', 'hidden', 'removed']),
    autoHidden: z.boolean().meta({ description: 'Hidden by reports, waiting for an admin' }),
    reason: z.string().nullable(),
  })
  .meta({ id: 'ContentModerationState' });

export const queueItemSchema = z
  .object({
    id: z.uuid().meta({ description: "The target's oldest report in this view: resolve it to decide for every open report on the target" }),
    targetType: reportTargetType,
    targetId: z.uuid(),
    reportCount: z.number().int(),
    firstReportedAt: z.string(),
    lastReportedAt: z.string(),
    target: z
      .object({
        title: z.string().nullable(),
        body: z.string().nullable(),
        createdAt: z.string(),
        context: z.record(z.string(), z.string().nullable()),
        state: z.enum(['visible', 'hidden', 'removed']),
        autoHidden: z.boolean(),
      })
      .nullable()
      .meta({ description: 'The reported content as stored (hidden and removed too); null when it no longer exists' }),
    author: z
      .object({ id: z.uuid(), displayName: z.string(), role: z.enum(['member', 'admin']), status: z.enum(['pending', 'active', 'suspended', 'rejected']), suspendedUntil: z.string().nullable() })
      .nullable(),
    reports: z.array(adminReportSchema),
    history: z.array(auditEntrySchema).meta({ description: 'Past staff actions on the target and on its author, newest first (up to 20)' }),
  })
  .meta({ id: 'ReviewItem' });

export const resolveResponse = z.object({ report: adminReportSchema, resolvedReportIds: z.array(z.uuid()) });

export const noticeSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['warning']),
    message: z.string(),
    targetType: z.string().nullable(),
    targetId: z.uuid().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'MemberNotice' });
