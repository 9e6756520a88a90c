// Types of the moderation console, inferred from the server's own zod schemas (type-only: no zod in the bundle).
import type { z } from 'zod';
import type { auditEntrySchema, contentStateSchema, queueItemSchema } from '../../../../src/modules/moderation/moderation.schemas.js';
import type { adminCircleSchema } from '../../../../src/modules/matching/circles-admin.schemas.js';

export type QueueItem = z.output<typeof queueItemSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type ContentState = z.output<typeof contentStateSchema>;
export type AdminCircle = z.output<typeof adminCircleSchema>;
export type ContentKind = ContentState['targetType'];
