// Reading Q&A: lists and search, similar questions, one thread with its answers and replies, revisions.
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { circleExists } from '../matching/membership.js';
import { toAnswer, toReply, toRevision, toSummary, type ReplyRow, type ThreadContext } from './qa.mapper.js';
import type { AnswerOut, QuestionOut, QuestionSort, ReplyOut } from './qa.schemas.js';
import { last } from './qa.sql.js';
import type { Viewer } from './qa.visibility.js';
import { findAnswer, findReply } from './posts.repo.js';
import { belongsToCircle, findQuestion, listRevisions } from './questions.repo.js';
import { cursorAfter, listCursorSchema, listQuestions, similarQuestions, type ListFilter } from './search.repo.js';
import { answersPage, firstReplies, hiddenReplyParents, questionView, repliesPage, type AnswerCursor, type AnswerPageRow } from './thread.repo.js';

const THREAD_ANSWERS = 30;
const THREAD_REPLIES = 50;

const answerCursorSchema = z.object({ a: z.union([z.literal(0), z.literal(1)]), sc: z.number().int(), t: z.iso.datetime(), id: z.uuid() });
const timeCursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });
const versionCursorSchema = z.object({ v: z.number().int().min(1) });

export interface ListQuery {
  q?: string;
  tag: string[];
  circleId?: string;
  sort?: QuestionSort;
  limit: number;
  cursor?: string;
}

/** A reply under a hidden one is shown under its nearest visible ancestor (or directly under the answer). */
function reparent(row: ReplyRow, hidden: Map<string, string | null>): ReplyRow {
  let parent = row.parentId;
  for (let hops = 0; parent && hidden.has(parent) && hops < 100; hops++) parent = hidden.get(parent) ?? null;
  return parent === row.parentId ? row : { ...row, parentId: parent };
}

export function createThreadService({ database, rankWindow }: { database: Database; rankWindow: number }) {
  const { db } = database;

  async function list(viewer: Viewer, query: ListQuery) {
    const q = query.q?.trim() ? query.q.trim() : undefined;
    const sort: QuestionSort = query.sort ?? (q ? 'relevance' : 'newest');
    const effectiveSort = sort === 'relevance' && !q ? 'newest' : sort;
    const cursor = decodeCursor(query.cursor, listCursorSchema);
    if (cursor && cursor.s !== effectiveSort) throw Errors.invalidCursor();
    if (query.circleId) {
      const allowed = viewer.isAdmin ? await circleExists(db, query.circleId) : await belongsToCircle(db, query.circleId, viewer.memberId);
      if (!allowed) throw Errors.notFound('Circle');
    }
    // Nothing to search for (only punctuation): an empty result, without asking the database.
    if (q !== undefined && !/[\p{L}\p{N}]/u.test(q)) return { items: [], nextCursor: null };
    const filter: ListFilter = {
      viewer,
      q,
      tags: query.tag,
      circleId: query.circleId,
      sort: effectiveSort,
      take: query.limit + 1,
      cursor,
      windowEnd: cursor?.s === 'relevance' ? cursor.w : new Date().toISOString(),
      rankWindow,
    };
    const found = await listQuestions(database, filter);
    const page = found.slice(0, query.limit);
    const tail = last(page);
    return {
      items: page.map((row) => toSummary(row, viewer)),
      nextCursor: found.length > query.limit && tail ? encodeCursor(cursorAfter(filter, tail)) : null,
    };
  }

  async function similar(viewer: Viewer, title: string, limit: number) {
    if (!/[\p{L}\p{N}]/u.test(title)) return { items: [] };
    const found = await similarQuestions(db, viewer, title, limit, rankWindow);
    return { items: found };
  }

  async function answersOf(viewer: Viewer, ctx: ThreadContext, questionId: string, acceptedId: string | null, after: AnswerCursor | undefined, limit: number) {
    const found = await answersPage(db, viewer, { questionId, acceptedAnswerId: acceptedId, after, take: limit + 1 });
    const page = found.slice(0, limit);
    const ids = page.map((a) => a.id);
    const [replyRows, hidden] = await Promise.all([
      firstReplies(db, viewer, ids, THREAD_REPLIES),
      viewer.isAdmin ? Promise.resolve(new Map<string, string | null>()) : hiddenReplyParents(db, ids),
    ]);
    const byAnswer = new Map<string, ReplyRow[]>();
    for (const r of replyRows) byAnswer.set(r.answerId, [...(byAnswer.get(r.answerId) ?? []), r]);
    const items = page.map((a) => {
      const rs = byAnswer.get(a.id) ?? [];
      const shown = rs.slice(0, THREAD_REPLIES);
      const tail = last(shown);
      const next = rs.length > THREAD_REPLIES && tail ? encodeCursor({ t: tail.createdAt, id: tail.id }) : null;
      return toAnswer(a, ctx, shown.map((r) => toReply(reparent(r, hidden), ctx)), next);
    });
    const tail: AnswerPageRow | undefined = last(page);
    const nextCursor = found.length > limit && tail ? encodeCursor({ a: tail.acceptedKey, sc: tail.score, t: tail.createdAt, id: tail.id }) : null;
    return { items, nextCursor };
  }

  async function thread(viewer: Viewer, id: string): Promise<QuestionOut> {
    const row = await questionView(db, viewer, id);
    if (!row) throw Errors.notFound('Question');
    const ctx = { viewer, askerId: row.authorId, anonymous: row.anonymous };
    const { titleHighlight: _t, snippet: _s, excerpt: _e, ...summary } = toSummary(row, viewer);
    const page = await answersOf(viewer, ctx, id, row.acceptedAnswerId, undefined, THREAD_ANSWERS);
    return {
      ...summary,
      body: row.body,
      version: row.version,
      acceptedAnswerId: row.acceptedAnswerId,
      myVote: row.myVote,
      following: row.following,
      mine: row.authorId === viewer.memberId,
      answers: page.items,
      answersNextCursor: page.nextCursor,
    };
  }

  async function answers(viewer: Viewer, questionId: string, cursor: string | undefined, limit: number): Promise<{ items: AnswerOut[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, answerCursorSchema);
    const row = await questionView(db, viewer, questionId);
    if (!row) throw Errors.notFound('Question');
    return answersOf(viewer, { viewer, askerId: row.authorId, anonymous: row.anonymous }, questionId, row.acceptedAnswerId, after, limit);
  }

  async function replies(viewer: Viewer, answerId: string, cursor: string | undefined, limit: number): Promise<{ items: ReplyOut[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, timeCursorSchema);
    const found = await findAnswer(db, viewer, answerId);
    if (!found) throw Errors.notFound('Answer');
    const ctx = { viewer, askerId: found.question.authorId, anonymous: found.question.anonymous };
    const [rowsFound, hidden] = await Promise.all([
      repliesPage(db, viewer, answerId, after, limit + 1),
      viewer.isAdmin ? Promise.resolve(new Map<string, string | null>()) : hiddenReplyParents(db, [answerId]),
    ]);
    const page = rowsFound.slice(0, limit);
    const tail = last(page);
    return {
      items: page.map((r) => toReply(reparent(r, hidden), ctx)),
      nextCursor: rowsFound.length > limit && tail ? encodeCursor({ t: tail.createdAt, id: tail.id }) : null,
    };
  }

  /** Edit history of a question, answer or reply: visible exactly where the post is. */
  async function revisions(viewer: Viewer, targetType: 'question' | 'answer' | 'reply', id: string, cursor: string | undefined, limit: number) {
    const before = decodeCursor(cursor, versionCursorSchema)?.v;
    let ctx: ThreadContext;
    if (targetType === 'question') {
      const q = await findQuestion(db, viewer, id);
      if (!q) throw Errors.notFound('Question');
      ctx = { viewer, askerId: q.authorId, anonymous: q.anonymous };
    } else {
      const found = targetType === 'answer' ? await findAnswer(db, viewer, id) : await findReply(db, viewer, id);
      if (!found) throw Errors.notFound(targetType === 'answer' ? 'Answer' : 'Reply');
      ctx = { viewer, askerId: found.question.authorId, anonymous: found.question.anonymous };
    }
    const found = await listRevisions(db, targetType, id, before, limit + 1);
    const page = found.slice(0, limit);
    const tail = last(page);
    return { items: page.map((r) => toRevision(r, ctx)), nextCursor: found.length > limit && tail ? encodeCursor({ v: tail.version }) : null };
  }

  return { list, similar, thread, answers, replies, revisions };
}

export type ThreadService = ReturnType<typeof createThreadService>;
