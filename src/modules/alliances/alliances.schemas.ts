// Request and response schemas of the alliance ledger.
import { z } from 'zod';
import { ALLIANCE_STATUSES, ALLIANCE_TYPES, CADENCES, PARTNER_KINDS } from '../../db/schema/alliances.js';
import { cursorQuery, limitQuery } from '../../lib/schemas.js';
import { freeText, nameText, uuidText } from '../../lib/text.js';

const day = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const partnerInput = z.union([
  z.object({ memberId: uuidText }).strict(),
  z
    .object({
      name: nameText(160),
      kind: z.enum(PARTNER_KINDS),
      city: nameText(96).optional(),
      state: nameText(64).optional(),
    })
    .strict(),
]);

export const createAllianceBody = z
  .object({
    partner: partnerInput,
    type: z.enum(ALLIANCE_TYPES),
    startedOn: day.optional(),
    cadence: z.enum(CADENCES).optional(),
    nextReviewOn: day.optional(),
    notes: freeText(1, 10_000).optional(),
  })
  .strict();
export type CreateAllianceBody = z.infer<typeof createAllianceBody>;

export const patchAllianceBody = z
  .object({
    type: z.enum(ALLIANCE_TYPES).optional(),
    startedOn: day.nullable().optional(),
    cadence: z.enum(CADENCES).nullable().optional(),
    nextReviewOn: day.nullable().optional(),
    status: z.enum(['active', 'paused', 'ended']).optional(),
    notes: freeText(1, 10_000).nullable().optional().meta({ description: 'My private notes (never shown to the other party)' }),
    partner: z
      .object({ name: nameText(160).optional(), kind: z.enum(PARTNER_KINDS).optional(), city: nameText(96).nullable().optional(), state: nameText(64).nullable().optional() })
      .strict()
      .optional()
      .meta({ description: 'An outside partner\'s details (the owner only)' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type PatchAllianceBody = z.infer<typeof patchAllianceBody>;

export const reviewBody = z
  .object({
    reviewedOn: day,
    benefitToMe: z.number().int().min(1).max(5),
    benefitToPartner: z.number().int().min(1).max(5),
    referralsSent: z.number().int().min(0).max(100_000).optional(),
    referralsReceived: z.number().int().min(0).max(100_000).optional(),
    note: freeText(1, 4000).optional().meta({ description: 'What to change: private to me' }),
  })
  .strict();
export type ReviewBody = z.infer<typeof reviewBody>;

export const ledgerQuery = z.object({ status: z.enum(ALLIANCE_STATUSES).optional(), limit: limitQuery, cursor: cursorQuery }).strict();

const partnerOut = z.union([
  z.object({ memberId: z.uuid(), displayName: z.string(), practiceName: z.string().nullable() }),
  z.object({ name: z.string(), kind: z.enum(PARTNER_KINDS), city: z.string().nullable(), state: z.string().nullable() }),
]);

export const reviewSchema = z
  .object({
    id: z.uuid(),
    allianceId: z.uuid(),
    authorId: z.uuid(),
    mine: z.boolean(),
    reviewedOn: z.string(),
    benefitToMe: z.number().int(),
    benefitToPartner: z.number().int(),
    referralsSent: z.number().int().nullable(),
    referralsReceived: z.number().int().nullable(),
    note: z.string().nullable().meta({ description: 'Only on my own reviews; null on the other party\'s' }),
    createdAt: z.string(),
  })
  .meta({ id: 'AllianceReview' });

export const balanceSchema = z
  .object({
    mine: reviewSchema.nullable(),
    theirs: reviewSchema.nullable(),
    balanced: z.boolean().nullable().meta({ description: 'Both latest reviews agree within one point on each side\'s benefit; null until both sides reviewed' }),
  })
  .meta({ id: 'AllianceBalance', description: "Shared alliances: both parties' latest reviews side by side (notes stay private)" });

export const allianceSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(['owner', 'partner']).meta({ description: 'My side: the one who entered it, or the member partner' }),
    shared: z.boolean(),
    partner: partnerOut.meta({ description: 'The other party as I see them' }),
    type: z.enum(ALLIANCE_TYPES),
    status: z.enum(ALLIANCE_STATUSES),
    source: z.enum(['ledger', 'matching']),
    startedOn: z.string().nullable(),
    cadence: z.enum(CADENCES).nullable(),
    nextReviewOn: z.string().nullable(),
    reviewOverdue: z.boolean(),
    confirmedByMe: z.boolean(),
    confirmedByPartner: z.boolean(),
    circleId: z.uuid().nullable().meta({ description: 'The shared alliance\'s room and meetings (a circle of kind alliance)' }),
    notes: z.string().nullable().meta({ description: 'My private notes' }),
    warnings: z.array(z.string()),
    balance: balanceSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Alliance' });
export type AllianceOut = z.infer<typeof allianceSchema>;

export const statsSchema = z
  .object({
    total: z.number().int(),
    byType: z.record(z.string(), z.number().int()),
    byStatus: z.record(z.string(), z.number().int()),
    shared: z.number().int(),
    outside: z.number().int(),
    fromMatching: z.number().int(),
    overdueReviews: z.number().int(),
    reviews: z.object({ count: z.number().int(), averageBenefitToOwner: z.number().nullable() }),
  })
  .meta({ id: 'AllianceStats' });
