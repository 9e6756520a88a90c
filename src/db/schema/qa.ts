// Threaded Q&A: questions, answers, reply threads, revisions, votes, follows and notifications.
import { sql } from 'drizzle-orm';
import { boolean, check, customType, type AnyPgColumn, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles } from './circles.js';
import { ts } from './columns.js';
import { members } from './members.js';

/** PostgreSQL's tsvector, read only through SQL (ranking, matching); never selected into JS. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Moderation columns shared by every post: hidden (restorable) and removed (final) content vanishes for members. */
const moderation = () => ({
  hiddenAt: ts('hidden_at'),
  hiddenReason: text('hidden_reason'),
  removedAt: ts('removed_at'),
});

export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id),
    /** Set: circle-private, only that circle's members and admins see it. */
    circleId: uuid('circle_id').references(() => circles.id),
    anonymous: boolean('anonymous').notNull().default(false),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    score: integer('score').notNull().default(0),
    /** Answers members can see (neither hidden nor removed); kept in step by every write that changes it. */
    answerCount: integer('answer_count').notNull().default(0),
    acceptedAnswerId: uuid('accepted_answer_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
    lockedAt: ts('locked_at'),
    ...moderation(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')`),
  },
  (t) => [
    index('questions_created_idx').on(t.createdAt, t.id),
    index('questions_score_idx').on(t.score, t.createdAt, t.id),
    index('questions_unanswered_idx').on(t.createdAt, t.id).where(sql`answer_count = 0`),
    index('questions_circle_idx').on(t.circleId, t.createdAt, t.id),
    index('questions_author_idx').on(t.authorId),
    index('questions_tags_idx').using('gin', t.tags),
    index('questions_search_idx').using('gin', t.search),
  ],
);

export const answers = pgTable(
  'answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id),
    body: text('body').notNull(),
    score: integer('score').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    ...moderation(),
  },
  (t) => [index('answers_question_idx').on(t.questionId, t.createdAt, t.id), index('answers_author_idx').on(t.authorId)],
);

export const replies = pgTable(
  'replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    answerId: uuid('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    /** The reply this one answers; null for a reply directly under the answer. */
    parentId: uuid('parent_id').references((): AnyPgColumn => replies.id, { onDelete: 'cascade' }),
    /** 1 under the answer, parent's depth + 1 under a reply. */
    depth: smallint('depth').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id),
    body: text('body').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    ...moderation(),
  },
  (t) => [
    index('replies_answer_idx').on(t.answerId, t.createdAt, t.id),
    index('replies_question_idx').on(t.questionId),
    index('replies_parent_idx').on(t.parentId),
    check('replies_depth_ck', sql`${t.depth} >= 1`),
  ],
);

/** Every version of every post, the first one included: version n is the text as it stood after edit n - 1. */
export const qaRevisions = pgTable(
  'qa_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetType: text('target_type', { enum: ['question', 'answer', 'reply'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id),
    title: text('title'),
    body: text('body').notNull(),
    tags: text('tags').array(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('qa_revisions_target_version_uq').on(t.targetType, t.targetId, t.version)],
);

/** One vote per member per target: the primary key is what makes concurrent double votes collapse into one. */
export const qaVotes = pgTable(
  'qa_votes',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: ['question', 'answer'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    value: smallint('value').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.targetType, t.targetId] }), check('qa_votes_value_ck', sql`${t.value} in (-1, 1)`)],
);

export const qaFollows = pgTable(
  'qa_follows',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.questionId] }), index('qa_follows_question_idx').on(t.questionId)],
);
