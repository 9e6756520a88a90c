// Writing Q&A: questions, answers and replies, and their edits; each in one transaction with its revision,
// follows and notifications, so a failure leaves nothing half-written.
import type { Database, DbOrTx } from '../../db/client.js';
import { circleExists } from '../matching/membership.js';
import type { Notifier } from '../notifications/port.js';
import { Errors } from '../../errors.js';
import { follow } from './engagement.repo.js';
import { notifyPost, type NotificationEvent } from './notifications.repo.js';
import { toAnswer, toReply } from './qa.mapper.js';
import { MAX_REPLY_DEPTH, type AnswerOut, type QuestionOut, type ReplyOut } from './qa.schemas.js';
import type { Viewer } from './qa.visibility.js';
import { findAnswer, findReply, insertAnswer, insertReply, updateAnswerBody, updateReplyBody } from './posts.repo.js';
import { belongsToCircle, findQuestion, insertQuestion, insertRevision, shiftAnswerCount, updateQuestion, type QuestionCore } from './questions.repo.js';
import { answersPage, replyById } from './thread.repo.js';
import type { ThreadService } from './thread.service.js';

const locked = () => Errors.conflict('This question is locked: it takes no new answers or replies', 'LOCKED');
const notAuthor = () => Errors.forbidden('Only the author can edit this');
const editConflict = () => Errors.conflict('This was edited meanwhile; reload it and edit the latest version', 'EDIT_CONFLICT');

function checkEdit(viewer: Viewer, post: { authorId: string; version: number }, expected: number | undefined) {
  if (post.authorId !== viewer.memberId) throw notAuthor();
  if (expected !== undefined && expected !== post.version) throw editConflict();
}

export function createPostsService({ database, thread, notifier }: { database: Database; thread: ThreadService; notifier?: Notifier }) {
  const { db } = database;
  const notify = (tx: DbOrTx, event: NotificationEvent, text: string) => notifyPost(tx, notifier, event, text);

  async function answerOut(viewer: Viewer, question: QuestionCore, id: string): Promise<AnswerOut> {
    const [row] = await answersPage(db, viewer, { questionId: question.id, acceptedAnswerId: question.acceptedAnswerId, take: 1, onlyId: id });
    if (!row) throw Errors.notFound('Answer');
    return toAnswer(row, { viewer, askerId: question.authorId, anonymous: question.anonymous });
  }

  async function replyOut(viewer: Viewer, question: QuestionCore, id: string): Promise<ReplyOut> {
    const row = await replyById(db, viewer, id);
    if (!row) throw Errors.notFound('Reply');
    return toReply(row, { viewer, askerId: question.authorId, anonymous: question.anonymous });
  }

  async function createQuestion(
    viewer: Viewer,
    input: { title: string; body: string; tags: string[]; circleId?: string; anonymous: boolean },
  ): Promise<QuestionOut> {
    if (input.circleId) {
      const allowed = viewer.isAdmin ? await circleExists(db, input.circleId) : await belongsToCircle(db, input.circleId, viewer.memberId);
      if (!allowed) throw Errors.notFound('Circle');
    }
    const id = await db.transaction(async (tx) => {
      const q = await insertQuestion(tx, { ...input, circleId: input.circleId ?? null, authorId: viewer.memberId });
      const { title, body, tags } = input;
      await insertRevision(tx, { targetType: 'question', targetId: q.id, questionId: q.id, version: 1, authorId: viewer.memberId, title, body, tags });
      await follow(tx, viewer.memberId, q.id);
      await notify(tx, { kind: 'mention', questionId: q.id, answerId: null, replyId: null, actorId: viewer.memberId }, input.body);
      return q.id;
    });
    return thread.thread(viewer, id);
  }

  async function editQuestion(viewer: Viewer, id: string, patch: { title?: string; body?: string; tags?: string[]; version?: number }) {
    await db.transaction(async (tx) => {
      const q = await findQuestion(tx, viewer, id, true);
      if (!q) throw Errors.notFound('Question');
      checkEdit(viewer, q, patch.version);
      const next = { title: patch.title ?? q.title, body: patch.body ?? q.body, tags: patch.tags ?? q.tags };
      if (next.title === q.title && next.body === q.body && next.tags.join('\n') === q.tags.join('\n')) return;
      const version = q.version + 1;
      await updateQuestion(tx, id, { ...next, version });
      await insertRevision(tx, { targetType: 'question', targetId: id, questionId: id, version, authorId: q.authorId, ...next });
    });
    return thread.thread(viewer, id);
  }

  async function createAnswer(viewer: Viewer, questionId: string, body: string): Promise<AnswerOut> {
    const { question, id } = await db.transaction(async (tx) => {
      // The question row stays locked to the end: a concurrent lock() either sees this answer or refuses it.
      const question = await findQuestion(tx, viewer, questionId, true);
      if (!question) throw Errors.notFound('Question');
      if (question.lockedAt) throw locked();
      const answer = await insertAnswer(tx, { questionId, authorId: viewer.memberId, body });
      await insertRevision(tx, { targetType: 'answer', targetId: answer.id, questionId, version: 1, authorId: viewer.memberId, body });
      await shiftAnswerCount(tx, questionId, 1, true);
      await follow(tx, viewer.memberId, questionId);
      await notify(tx, { kind: 'answer', questionId, answerId: answer.id, replyId: null, actorId: viewer.memberId }, body);
      return { question, id: answer.id };
    });
    return answerOut(viewer, question, id);
  }

  async function editAnswer(viewer: Viewer, id: string, patch: { body: string; version?: number }): Promise<AnswerOut> {
    const question = await db.transaction(async (tx) => {
      const found = await findAnswer(tx, viewer, id, true);
      if (!found) throw Errors.notFound('Answer');
      checkEdit(viewer, found.answer, patch.version);
      if (patch.body !== found.answer.body) {
        const version = found.answer.version + 1;
        await updateAnswerBody(tx, id, patch.body, version);
        await insertRevision(tx, { targetType: 'answer', targetId: id, questionId: found.question.id, version, authorId: found.answer.authorId, body: patch.body });
      }
      return found.question;
    });
    return answerOut(viewer, question, id);
  }

  async function createReply(viewer: Viewer, answerId: string, input: { body: string; parentId?: string }): Promise<ReplyOut> {
    const { question, id } = await db.transaction(async (tx) => {
      const found = await findAnswer(tx, viewer, answerId);
      if (!found) throw Errors.notFound('Answer');
      const question = await findQuestion(tx, viewer, found.question.id, true);
      if (!question) throw Errors.notFound('Answer');
      if (question.lockedAt) throw locked();
      let depth = 1;
      if (input.parentId) {
        const parent = await findReply(tx, viewer, input.parentId);
        if (!parent || parent.reply.answerId !== answerId) {
          throw Errors.badRequest('PARENT_NOT_IN_THREAD', 'parentId is not a reply under this answer');
        }
        depth = parent.reply.depth + 1;
        if (depth > MAX_REPLY_DEPTH) {
          throw Errors.badRequest('REPLY_TOO_DEEP', `Replies nest at most ${MAX_REPLY_DEPTH} deep; reply to an earlier reply instead`);
        }
      }
      const reply = await insertReply(tx, { answerId, questionId: question.id, parentId: input.parentId ?? null, depth, authorId: viewer.memberId, body: input.body });
      await insertRevision(tx, { targetType: 'reply', targetId: reply.id, questionId: question.id, version: 1, authorId: viewer.memberId, body: input.body });
      await shiftAnswerCount(tx, question.id, 0, true);
      await follow(tx, viewer.memberId, question.id);
      await notify(tx, { kind: 'reply', questionId: question.id, answerId, replyId: reply.id, actorId: viewer.memberId }, input.body);
      return { question, id: reply.id };
    });
    return replyOut(viewer, question, id);
  }

  async function editReply(viewer: Viewer, id: string, patch: { body: string; version?: number }): Promise<ReplyOut> {
    const question = await db.transaction(async (tx) => {
      const found = await findReply(tx, viewer, id, true);
      if (!found) throw Errors.notFound('Reply');
      checkEdit(viewer, found.reply, patch.version);
      if (patch.body !== found.reply.body) {
        const version = found.reply.version + 1;
        await updateReplyBody(tx, id, patch.body, version);
        await insertRevision(tx, { targetType: 'reply', targetId: id, questionId: found.question.id, version, authorId: found.reply.authorId, body: patch.body });
      }
      return found.question;
    });
    return replyOut(viewer, question, id);
  }

  return { createQuestion, editQuestion, createAnswer, editAnswer, createReply, editReply };
}

export type PostsService = ReturnType<typeof createPostsService>;
