// Q&A shapes: what a request may carry, and what may leave the server (an anonymous asker is never among the fields).
import { z } from 'zod';
import { cursorQuery, limitQuery } from '../../lib/schemas.js';
import { freeText } from '../../lib/text.js';

export const MAX_TAGS = 5;
export const MAX_REPLY_DEPTH = 5;
export const MAX_QUERY_LENGTH = 200;

// A tag is one lowercase word: letters and digits, joined by - or . ("w-2", "1099", "prn", "c++"); no spaces, no emoji.
const TAG_PATTERN = /^[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*[+#]{0,2}$/u;

export const tagText = z
  .string()
  .trim()
  .min(1, 'a tag must not be empty')
  .max(32, 'a tag takes at most 32 characters')
  .transform((s) => s.toLowerCase())
  .refine((s) => TAG_PATTERN.test(s), 'a tag is one word of letters and digits, optionally joined by - or . (no spaces or emoji)');

export const tagList = z
  .array(tagText)
  .max(MAX_TAGS, `takes at most ${MAX_TAGS} tags`)
  .transform((tags) => [...new Set(tags)]);

export const titleText = freeText(5, 200).refine((s) => !/[\r\n]/.test(s), 'must be a single line');
export const questionBodyText = freeText(1, 20_000);
export const answerBodyText = freeText(1, 20_000);
export const replyBodyText = freeText(1, 4_000);

export const createQuestionBody = z
  .object({
    title: titleText,
    body: questionBodyText,
    tags: tagList.default([]),
    circleId: z.uuid('must be a UUID').optional(),
    anonymous: z.boolean().default(false),
  })
  .strict();

const expectedVersion = z.number().int().min(1).optional().meta({ description: 'The version being edited; a mismatch answers 409 EDIT_CONFLICT' });

export const patchQuestionBody = z
  .object({ title: titleText.optional(), body: questionBodyText.optional(), tags: tagList.optional(), version: expectedVersion })
  .strict()
  .refine((b) => b.title !== undefined || b.body !== undefined || b.tags !== undefined, 'at least one of title, body, tags is required');

export const createAnswerBody = z.object({ body: answerBodyText }).strict();
export const patchAnswerBody = z.object({ body: answerBodyText, version: expectedVersion }).strict();
export const createReplyBody = z.object({ body: replyBodyText, parentId: z.uuid('must be a UUID').optional() }).strict();
export const patchReplyBody = z.object({ body: replyBodyText, version: expectedVersion }).strict();

export const acceptBody = z
  .object({ answerId: z.uuid('must be a UUID').nullable().meta({ description: 'The accepted answer; null withdraws the acceptance' }) })
  .strict();

export const voteBody = z
  .object({
    targetType: z.enum(['question', 'answer']),
    targetId: z.uuid('must be a UUID'),
    value: z.union([z.literal(1), z.literal(0), z.literal(-1)]).meta({ description: '1 up, -1 down, 0 withdraws the vote' }),
  })
  .strict();

export const questionSort = z.enum(['relevance', 'newest', 'top', 'unanswered']);
export type QuestionSort = z.infer<typeof questionSort>;

export const listQuestionsQuery = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
    .optional()
    .meta({ description: 'Full-text search (web search syntax: "a phrase", -exclude, or)' }),
  tag: z
    .union([tagText, z.array(tagText).max(MAX_TAGS, `takes at most ${MAX_TAGS} tags`)])
    .optional()
    .transform((t) => (t === undefined ? [] : Array.isArray(t) ? [...new Set(t)] : [t]))
    .meta({ description: 'Only questions with this tag; repeat for all of several' }),
  circleId: z.uuid('must be a UUID').optional(),
  sort: questionSort.optional().meta({ description: 'Default: relevance with q, newest without' }),
  limit: limitQuery,
  cursor: cursorQuery,
});

export const similarQuery = z.object({
  title: z.string().max(300, 'must be at most 300 characters'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const pageQuery = z.object({ limit: limitQuery, cursor: cursorQuery });

// ---- responses ----

export const authorSchema = z
  .object({ id: z.uuid(), displayName: z.string() })
  .nullable()
  .meta({ description: 'null on an anonymous question (and the asker’s posts in it) for everyone but admins' });

const moderationFields = {
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  removed: z.boolean(),
};

export const questionSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    excerpt: z.string(),
    tags: z.array(z.string()),
    circleId: z.uuid().nullable(),
    anonymous: z.boolean(),
    author: authorSchema,
    score: z.number().int(),
    answerCount: z.number().int(),
    hasAcceptedAnswer: z.boolean(),
    locked: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActivityAt: z.string(),
    titleHighlight: z.string().nullable().meta({ description: 'With q: the title, HTML-escaped, matches in <mark>' }),
    snippet: z.string().nullable().meta({ description: 'With q: body fragments, HTML-escaped, matches in <mark>' }),
    ...moderationFields,
  })
  .meta({ id: 'QuestionSummary' });

export const questionPageSchema = z.object({ items: z.array(questionSummarySchema), nextCursor: z.string().nullable() });

export const replySchema = z
  .object({
    id: z.uuid(),
    answerId: z.uuid(),
    questionId: z.uuid(),
    parentId: z.uuid().nullable(),
    depth: z.number().int(),
    author: authorSchema,
    byAsker: z.boolean(),
    mine: z.boolean(),
    body: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    ...moderationFields,
  })
  .meta({ id: 'Reply' });

export const answerSchema = z
  .object({
    id: z.uuid(),
    questionId: z.uuid(),
    author: authorSchema,
    byAsker: z.boolean(),
    mine: z.boolean(),
    body: z.string(),
    score: z.number().int(),
    myVote: z.number().int(),
    accepted: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    replyCount: z.number().int(),
    replies: z.array(replySchema),
    repliesNextCursor: z.string().nullable(),
    ...moderationFields,
  })
  .meta({ id: 'Answer' });

export const questionSchema = questionSummarySchema
  .omit({ excerpt: true, titleHighlight: true, snippet: true })
  .extend({
    body: z.string(),
    version: z.number().int(),
    acceptedAnswerId: z.uuid().nullable(),
    myVote: z.number().int(),
    following: z.boolean(),
    mine: z.boolean().meta({ description: 'The caller asked it (shown to the caller only, anonymous or not)' }),
    answers: z.array(answerSchema),
    answersNextCursor: z.string().nullable(),
  })
  .meta({ id: 'Question' });

export const revisionSchema = z
  .object({
    id: z.uuid(),
    targetType: z.enum(['question', 'answer', 'reply']),
    targetId: z.uuid(),
    version: z.number().int(),
    author: authorSchema,
    title: z.string().nullable(),
    body: z.string(),
    tags: z.array(z.string()).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Revision' });

export const voteResultSchema = z.object({
  targetType: z.enum(['question', 'answer']),
  targetId: z.uuid(),
  value: z.number().int(),
  score: z.number().int(),
});

export const followSchema = z.object({ questionId: z.uuid(), following: z.boolean() });
export const acceptResultSchema = z.object({ questionId: z.uuid(), acceptedAnswerId: z.uuid().nullable() });

export const similarSchema = z.object({
  items: z.array(questionSummarySchema.pick({ id: true, title: true, tags: true, score: true, answerCount: true, hasAcceptedAnswer: true, createdAt: true })),
});

export type QuestionSummaryOut = z.infer<typeof questionSummarySchema>;
export type QuestionOut = z.infer<typeof questionSchema>;
export type AnswerOut = z.infer<typeof answerSchema>;
export type ReplyOut = z.infer<typeof replySchema>;
export type RevisionOut = z.infer<typeof revisionSchema>;
