// Request and response shapes of the admin's circle routes: list with health, edit, close, backfill, propose a seat.
import { z } from 'zod';
import { freeText, nameText } from '../../lib/text.js';
import { HEALTH_STATES } from './circle-health.js';
import { kindSchema, membershipStatusSchema, modeSchema } from './matching.schemas.js';

export const healthSchema = z.enum(HEALTH_STATES);

export const adminCirclesQuery = z
  .object({
    mode: modeSchema.optional(),
    health: healthSchema.optional().meta({ description: 'Only open circles in this state' }),
    status: z.enum(['open', 'closed']).optional().meta({ description: 'Default: both' }),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(512).optional(),
  })
  .strict();

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const reason = freeText(3, 500);

export const patchCircleBody = z
  .object({
    name: nameText(120).optional(),
    facilitatorId: z.uuid('must be a UUID').nullable().optional().meta({ description: 'A member holding a seat, or null to clear' }),
    term: z.object({ start: isoDate, end: isoDate }).strict().optional().meta({ description: 'The end must come after the start' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of name, facilitatorId, term');

export const closeCircleBody = z
  .object({ reason: reason.optional().meta({ description: 'Required when closing before the term ends (audited)' }) })
  .strict()
  .nullish();

export const backfillBody = z
  .object({ limit: z.number().int().min(1).max(50).optional().meta({ description: 'Candidates to return (default 10)' }) })
  .strict()
  .nullish();

export const proposeSeatBody = z
  .object({
    memberId: z.uuid('must be a UUID'),
    override: z.boolean().optional().meta({ description: 'Seat them even if a hard rule is broken (needs a reason; audited). Never overrides a double booking.' }),
    reason: reason.optional(),
  })
  .strict();

export const adminCircleSchema = z
  .object({
    id: z.uuid(),
    kind: kindSchema,
    mode: modeSchema,
    name: z.string().nullable(),
    roundId: z.string().nullable(),
    facilitatorId: z.string().nullable(),
    term: z.object({ start: z.string(), end: z.string() }),
    status: z.enum(['open', 'closed']),
    closedAt: z.string().nullable(),
    closedReason: z.string().nullable(),
    size: z.object({ min: z.number().int(), max: z.number().int(), seated: z.number().int(), openSeats: z.number().int() }),
    counts: z.object({ proposed: z.number().int(), accepted: z.number().int(), declined: z.number().int(), removed: z.number().int() }),
    members: z.array(z.object({ id: z.string(), displayName: z.string(), status: membershipStatusSchema, memberStatus: z.string() })),
    health: z.array(healthSchema).meta({ description: 'Every state that applies (["ok"] when none); empty for a closed circle' }),
    lastActivityAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminCircle' });

export const backfillSchema = z
  .object({
    circleId: z.uuid(),
    openSeats: z.number().int(),
    candidates: z.array(z.object({ memberId: z.string(), displayName: z.string(), score: z.number(), reasons: z.array(z.string()) })),
  })
  .meta({ id: 'BackfillSuggestions' });

export type AdminCircleOut = z.infer<typeof adminCircleSchema>;
export type PatchCircleBody = z.infer<typeof patchCircleBody>;
export type ProposeSeatBody = z.infer<typeof proposeSeatBody>;
