// Request and response schemas of agenda items and commitments.
import { z } from 'zod';
import { cursorQuery, limitQuery } from '../../lib/schemas.js';
import { freeText, uuidText } from '../../lib/text.js';

export const agendaItemBody = z
  .object({
    title: freeText(1, 200),
    note: freeText(1, 4000).optional(),
    minutes: z.number().int().min(1).max(240).optional(),
    questionId: uuidText.optional(),
  })
  .strict();
export type AgendaItemBody = z.infer<typeof agendaItemBody>;

export const agendaItemPatch = z
  .object({
    title: freeText(1, 200).optional(),
    note: freeText(1, 4000).nullable().optional(),
    minutes: z.number().int().min(1).max(240).nullable().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    covered: z.boolean().optional(),
    facilitatorNotes: freeText(1, 10_000).nullable().optional(),
  })
  .strict()
  .meta({ description: 'The author edits title, note and minutes while the item is not covered; the facilitator (or an admin) orders it, marks it covered and writes notes' });
export type AgendaItemPatch = z.infer<typeof agendaItemPatch>;

export const agendaItemSchema = z
  .object({
    id: z.uuid(),
    circleId: z.uuid(),
    authorId: z.uuid(),
    title: z.string(),
    note: z.string().nullable(),
    minutes: z.number().int().nullable(),
    questionId: z.uuid().nullable(),
    position: z.number().int(),
    proposedFor: z.string().meta({ description: 'The occurrence it was proposed for' }),
    carriedOver: z.boolean().meta({ description: 'Not covered at an earlier occurrence, so it is on this one' }),
    covered: z.boolean(),
    coveredAt: z.string().nullable(),
    coveredIn: z.string().nullable().meta({ description: 'The occurrence where it was covered' }),
    facilitatorNotes: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AgendaItem' });

export const commitmentStatus = z.enum(['open', 'done', 'partly', 'not_done']);

export const commitmentSchema = z
  .object({
    id: z.uuid(),
    circleId: z.uuid(),
    memberId: z.uuid(),
    text: z.string(),
    status: commitmentStatus,
    note: z.string().nullable(),
    dueOccurrenceId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Commitment' });

export const agendaSchema = z
  .object({
    occurrenceId: z.string(),
    checkIns: z.array(commitmentSchema).meta({ description: "Members' commitments due by this meeting: open ones carried forward, and those resolved for it" }),
    items: z.array(agendaItemSchema),
  })
  .meta({ id: 'Agenda' });

export const commitmentBody = z
  .object({
    text: freeText(1, 1000),
    dueOccurrenceId: z.string().max(80).optional(),
  })
  .strict();

export const commitmentPatch = z
  .object({
    status: commitmentStatus.optional(),
    note: freeText(1, 2000).nullable().optional(),
    text: freeText(1, 1000).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const commitmentsQuery = z
  .object({
    memberId: uuidText.optional(),
    status: commitmentStatus.optional(),
    limit: limitQuery,
    cursor: cursorQuery,
  })
  .strict();

export const followThroughSchema = z
  .object({
    memberId: z.uuid(),
    resolved: z.number().int(),
    done: z.number().int(),
    partly: z.number().int(),
    notDone: z.number().int(),
    open: z.number().int(),
    rate: z.number().nullable().meta({ description: '(done + ½·partly) / resolved; null before anything is resolved' }),
  })
  .meta({ id: 'FollowThrough' });

export const commitmentsPage = z.object({
  items: z.array(commitmentSchema),
  nextCursor: z.string().nullable(),
  followThrough: followThroughSchema.optional().meta({ description: 'With ?memberId=: that member\'s follow-through in this circle' }),
});
