// Request and response shapes of the matching and circles routes (what may leave the server is listed here).
import { z } from 'zod';
import { freeText } from '../../lib/text.js';

export const modeSchema = z.enum(['pairs', 'circles', 'alliances']);
export const roundStatusSchema = z.enum(['draft', 'published']);
export const kindSchema = z.enum(['pair', 'circle', 'alliance']);
export const membershipStatusSchema = z.enum(['proposed', 'accepted', 'declined', 'removed']);

const weight = z.number().meta({ description: 'between 0 and 1' });

export const weightsSchema = z
  .object({ practiceType: weight, goals: weight, strengths: weight, size: weight, stage: weight, timezone: weight })
  .partial()
  .strict()
  .meta({ id: 'MatchingWeights', description: 'Each in [0, 1]; omitted ones keep their defaults' });

export const createRoundBody = z
  .object({
    mode: modeSchema,
    minSize: z.number().int().optional().meta({ description: 'pairs and alliances: 2; circles: 3–16 (default 5)' }),
    maxSize: z.number().int().optional().meta({ description: 'pairs and alliances: 2; circles: minSize–16 (default 8)' }),
    weights: weightsSchema.optional(),
    memberIds: z
      .array(z.uuid('must be a UUID'))
      .min(1, 'needs at least one member')
      .max(100_000)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat member ids')
      .optional()
      .meta({ description: 'The members to match; default every active member who opted in to this mode' }),
    seed: z.number().int().min(0).max(0xffffffff).optional().meta({ description: 'Same members and seed, same proposal' }),
    includePlaced: z
      .boolean()
      .optional()
      .meta({ description: 'Also match members who already hold a seat (proposed or accepted) in an open circle of this mode; publishing still refuses to seat anyone twice' }),
    rematch: z
      .boolean()
      .optional()
      .meta({ description: 'A re-match round: the members who declined or were left unmatched in the last published round of this mode (and are still free)' }),
    rematchOf: z
      .uuid()
      .optional()
      .meta({ description: 'A re-match round of this published round of the mode (instead of the last one): its decliners and unmatched who are still free' }),
  })
  .strict()
  .refine((b) => !((b.rematch || b.rematchOf) && b.memberIds), { message: 'rematch picks its own members: send either rematch/rematchOf or memberIds', path: ['rematch'] })
  .refine((b) => !(b.rematch && b.rematchOf), { message: 'send rematch (the last round) or rematchOf (a chosen round), not both', path: ['rematchOf'] });

const reasonText = freeText(3, 500);
const version = z.number().int().min(1).meta({ description: 'The version you last saw; a mismatch answers 409 VERSION_CONFLICT' });

export const moveBody = z
  .object({
    memberId: z.uuid('must be a UUID'),
    toGroup: z.number().int().min(0).nullable().optional().meta({ description: 'Index into groups, or null to unmatch (send this or swapWith)' }),
    swapWith: z
      .uuid('must be a UUID')
      .optional()
      .meta({ description: 'Exchange places with this member of the round (a seat or the unmatched list); two unmatched members form a new group' }),
    override: z.boolean().optional().meta({ description: 'Apply even if it breaks a hard rule (needs a reason; audited)' }),
    reason: reasonText.optional(),
    version: version.optional(),
    dryRun: z
      .boolean()
      .optional()
      .meta({ description: 'Check only: answer exactly what the move would (the re-scored draft, or the 409 of the rule it breaks) without saving or auditing anything' }),
  })
  .strict()
  .refine((b) => (b.toGroup !== undefined) !== (b.swapWith !== undefined), { message: 'send either toGroup or swapWith', path: ['toGroup'] });

export const publishBody = z
  .object({
    override: z.boolean().optional().meta({ description: 'Publish even if rules changed since the draft (needs a reason; audited)' }),
    reason: reasonText.optional(),
    version: version.optional(),
  })
  .strict()
  // No body at all is fine: publish what is there.
  .nullish();

const memberRef = z.object({ id: z.string(), displayName: z.string() });

export const roundSchema = z
  .object({
    id: z.uuid(),
    mode: modeSchema,
    status: roundStatusSchema,
    version: z.number().int(),
    params: z.object({
      minSize: z.number(),
      maxSize: z.number(),
      weights: z.record(z.string(), z.number()),
      seed: z.number(),
      noRepeatRounds: z.number(),
      competitorRadiusKm: z.number(),
      allianceRadiusKm: z.number(),
      memberCount: z.number(),
      explicitMembers: z.boolean(),
      rematchOf: z.string().optional().meta({ description: 'For a re-match round: the published round whose decliners and unmatched it takes' }),
    }),
    groups: z.array(
      z.object({
        index: z.number().int(),
        memberIds: z.array(z.string()),
        score: z.number(),
        reasons: z.array(z.string()),
        members: z.array(memberRef),
        circleId: z.string().nullable(),
      }),
    ),
    unmatched: z.array(z.object({ memberId: z.string(), displayName: z.string().nullable(), reason: z.string() })),
    excluded: z.array(z.object({ memberId: z.string(), reason: z.string() })),
    notes: z.array(z.object({ memberId: z.string(), note: z.string() })),
    objective: z.number(),
    upperBound: z.number(),
    ratio: z.number(),
    stats: z.looseObject({ members: z.number(), groups: z.number(), matched: z.number(), ms: z.number() }),
    overrides: z.array(
      z.object({
        at: z.string(),
        actorId: z.string(),
        action: z.enum(['move', 'publish']),
        memberId: z.string().nullable(),
        fromGroup: z.number().nullable(),
        toGroup: z.number().nullable(),
        codes: z.array(z.string()),
        messages: z.array(z.string()),
        reason: z.string(),
      }),
    ),
    computedIn: z.enum(['inline', 'worker']),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'MatchingRound' });

export const moveTargetsSchema = z
  .object({
    roundId: z.uuid(),
    version: z.number().int().meta({ description: 'The draft version the check was made on' }),
    memberId: z.uuid(),
    fromGroup: z.number().int().nullable(),
    targets: z.array(
      z.object({
        toGroup: z.number().int().nullable().meta({ description: 'A group index, or null for the unmatched list' }),
        allowed: z.boolean(),
        code: z.string().nullable().meta({ description: 'The 409 code the move would answer (the first broken rule by priority), null when allowed' }),
        violations: z.array(z.object({ code: z.string(), message: z.string() })),
      }),
    ),
  })
  .meta({ id: 'MatchingMoveTargets' });

export const roundSummarySchema = z
  .object({
    id: z.uuid(),
    mode: modeSchema,
    status: roundStatusSchema,
    version: z.number().int(),
    members: z.number().int(),
    groups: z.number().int(),
    unmatched: z.number().int(),
    objective: z.number(),
    ratio: z.number(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'MatchingRoundSummary' });

export const circleMemberSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    practiceName: z.string(),
    practiceType: z.string(),
    city: z.string().nullable(),
    state: z.string(),
    status: membershipStatusSchema,
  })
  .meta({ id: 'CircleMember' });

export const circleSchema = z
  .object({
    id: z.uuid(),
    kind: kindSchema,
    name: z.string().nullable(),
    roundId: z.string().nullable(),
    score: z.number(),
    reasons: z.array(z.string()),
    createdAt: z.string(),
    facilitatorId: z.string().nullable(),
    term: z.object({ start: z.string(), end: z.string() }),
    status: z.enum(['open', 'closed']).meta({ description: 'closed: the term is over; history kept, the room read-only' }),
    myStatus: membershipStatusSchema.nullable().meta({ description: 'Your membership, or null for an admin who is not in it' }),
    members: z.array(circleMemberSchema),
    unread: z.number().int().optional().meta({ description: 'Unread messages in the circle room' }),
  })
  .meta({ id: 'Circle' });

export const membershipSchema = z
  .object({ circleId: z.uuid(), memberId: z.uuid(), status: membershipStatusSchema, respondedAt: z.string().nullable() })
  .meta({ id: 'CircleMembership' });

export type CreateRoundBody = z.infer<typeof createRoundBody>;
export type MoveBody = z.infer<typeof moveBody>;
export type PublishBody = NonNullable<z.infer<typeof publishBody>>;
export type RoundOut = z.infer<typeof roundSchema>;
export type CircleOut = z.infer<typeof circleSchema>;
