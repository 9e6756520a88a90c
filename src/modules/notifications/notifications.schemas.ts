// Request and response schemas of the notifications routes.
import { z } from 'zod';
import { cursorQuery, limitQuery } from '../../lib/schemas.js';
import { MODES } from './kinds.js';
import { NOTIFICATION_KINDS } from './port.js';

export const listQuery = z
  .object({
    limit: limitQuery,
    cursor: cursorQuery,
    unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  })
  .strict();

export const markReadBody = z
  .object({
    ids: z.array(z.uuid('must be a UUID')).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => (b.ids ? !b.all : b.all === true), 'give either ids or all: true');

const nullableId = z.uuid().nullable().optional();

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: `One of: ${NOTIFICATION_KINDS.join(', ')}` }),
    title: z.string(),
    text: z.string().meta({ description: 'One line saying what happened' }),
    data: z.record(z.string(), z.unknown()).meta({ description: 'Ids, titles and times the kind carries (for links in the app)' }),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
    questionId: nullableId,
    questionTitle: z.string().nullable().optional(),
    answerId: nullableId,
    replyId: nullableId,
    actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable().optional(),
    excerpt: z.string().nullable().optional(),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

const mode = z.enum(MODES);

export const preferencesSchema = z
  .object({
    digest: z.enum(['daily', 'weekly']),
    kinds: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), mode, default: mode, locked: z.boolean() })),
  })
  .meta({ id: 'NotificationPreferences' });

export const preferencesBody = z
  .object({
    digest: z.enum(['daily', 'weekly']).optional(),
    kinds: z.record(z.string().max(64), mode).optional(),
  })
  .strict();

export const tokenBody = z.object({ token: z.string().min(1).max(2000) }).strict();
export const tokenQuery = z.object({ token: z.string().min(1).max(2000) }).strict();
export const verifyResult = z.object({ status: z.enum(['pending', 'active', 'suspended', 'rejected']) });
export const unsubscribeResult = z.object({ kinds: z.array(z.string()) });
