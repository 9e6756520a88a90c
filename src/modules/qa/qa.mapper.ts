// Turns Q&A rows into what leaves the server; the one place that decides whether an author may be shown.
import type { AnswerOut, QuestionSummaryOut, ReplyOut, RevisionOut } from './qa.schemas.js';
import type { Viewer } from './qa.visibility.js';

/** What decides authorship display in one thread: an anonymous asker stays hidden from everyone but admins. */
export interface ThreadContext {
  viewer: Viewer;
  askerId: string;
  anonymous: boolean;
}

export type Author = { id: string; displayName: string } | null;

/**
 * The author as the viewer may see them. On an anonymous question the asker is hidden everywhere in the thread
 * (the question, their answers and replies, revisions, notifications) unless the viewer is an admin.
 */
export function authorFor(ctx: ThreadContext, authorId: string, displayName: string | null): Author {
  if (ctx.anonymous && authorId === ctx.askerId && !ctx.viewer.isAdmin) return null;
  return { id: authorId, displayName: displayName ?? 'Former member' };
}

interface ModerationRow {
  hidden: boolean;
  hiddenReason: string | null;
  removed: boolean;
}

const moderationOut = (row: ModerationRow) => ({ hidden: row.hidden, hiddenReason: row.hiddenReason, removed: row.removed });

export interface SummaryRow extends ModerationRow {
  id: string;
  title: string;
  excerpt: string;
  tags: string[];
  circleId: string | null;
  anonymous: boolean;
  authorId: string;
  authorName: string | null;
  score: number;
  answerCount: number;
  hasAcceptedAnswer: boolean;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  titleHighlight: string | null;
  snippet: string | null;
}

export function toSummary(row: SummaryRow, viewer: Viewer): QuestionSummaryOut {
  const ctx = { viewer, askerId: row.authorId, anonymous: row.anonymous };
  return {
    id: row.id,
    title: row.title,
    excerpt: row.excerpt,
    tags: row.tags,
    circleId: row.circleId,
    anonymous: row.anonymous,
    author: authorFor(ctx, row.authorId, row.authorName),
    score: row.score,
    answerCount: row.answerCount,
    hasAcceptedAnswer: row.hasAcceptedAnswer,
    locked: row.locked,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastActivityAt: row.lastActivityAt,
    titleHighlight: row.titleHighlight,
    snippet: row.snippet,
    ...moderationOut(row),
  };
}

export interface ReplyRow extends ModerationRow {
  id: string;
  answerId: string;
  questionId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  authorName: string | null;
  body: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toReply(row: ReplyRow, ctx: ThreadContext): ReplyOut {
  return {
    id: row.id,
    answerId: row.answerId,
    questionId: row.questionId,
    parentId: row.parentId,
    depth: row.depth,
    author: authorFor(ctx, row.authorId, row.authorName),
    byAsker: row.authorId === ctx.askerId,
    mine: row.authorId === ctx.viewer.memberId,
    body: row.body,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...moderationOut(row),
  };
}

export interface AnswerRow extends ModerationRow {
  id: string;
  questionId: string;
  authorId: string;
  authorName: string | null;
  body: string;
  score: number;
  myVote: number;
  accepted: boolean;
  version: number;
  replyCount: number;
  createdAt: string;
  updatedAt: string;
}

export function toAnswer(row: AnswerRow, ctx: ThreadContext, replies: ReplyOut[] = [], repliesNextCursor: string | null = null): AnswerOut {
  return {
    id: row.id,
    questionId: row.questionId,
    author: authorFor(ctx, row.authorId, row.authorName),
    byAsker: row.authorId === ctx.askerId,
    mine: row.authorId === ctx.viewer.memberId,
    body: row.body,
    score: row.score,
    myVote: row.myVote,
    accepted: row.accepted,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    replyCount: row.replyCount,
    replies,
    repliesNextCursor,
    ...moderationOut(row),
  };
}

export interface RevisionRow {
  id: string;
  targetType: 'question' | 'answer' | 'reply';
  targetId: string;
  version: number;
  authorId: string;
  authorName: string | null;
  title: string | null;
  body: string;
  tags: string[] | null;
  createdAt: string;
}

export function toRevision(row: RevisionRow, ctx: ThreadContext): RevisionOut {
  return {
    id: row.id,
    targetType: row.targetType,
    targetId: row.targetId,
    version: row.version,
    author: authorFor(ctx, row.authorId, row.authorName),
    title: row.title,
    body: row.body,
    tags: row.tags,
    createdAt: row.createdAt,
  };
}
