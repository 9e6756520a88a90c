// Votes, the accepted answer, follows and notifications.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { questions } from '../../db/schema/index.js';
import { AppError, Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { applyVote, follow, unfollow, type VoteTarget } from './engagement.repo.js';
import { listNotifications, markRead, unreadCount } from './notifications.repo.js';
import { toNotification } from './qa.mapper.js';
import { last } from './qa.sql.js';
import type { Viewer } from './qa.visibility.js';
import { findAnswer } from './posts.repo.js';
import { findQuestion } from './questions.repo.js';

const notificationCursor = z.object({ t: z.iso.datetime(), id: z.uuid() });

export function createEngagementService({ database }: { database: Database }) {
  const { db } = database;

  /** One vote per member per target; the target row is locked first, so concurrent votes apply one at a time. */
  async function vote(viewer: Viewer, input: { targetType: VoteTarget; targetId: string; value: -1 | 0 | 1 }) {
    const score = await db.transaction(async (tx) => {
      let authorId: string;
      if (input.targetType === 'question') {
        const q = await findQuestion(tx, viewer, input.targetId, true);
        if (!q) throw Errors.notFound('Question');
        authorId = q.authorId;
      } else {
        const found = await findAnswer(tx, viewer, input.targetId, true);
        if (!found) throw Errors.notFound('Answer');
        authorId = found.answer.authorId;
      }
      if (authorId === viewer.memberId) throw new AppError(403, 'OWN_POST', 'You cannot vote on your own post');
      return applyVote(tx, viewer.memberId, input.targetType, input.targetId, input.value);
    });
    return { ...input, score };
  }

  /** The asker picks (or changes, or with null withdraws) the accepted answer among the question's visible answers. */
  async function accept(viewer: Viewer, questionId: string, answerId: string | null) {
    await db.transaction(async (tx) => {
      const q = await findQuestion(tx, viewer, questionId, true);
      if (!q) throw Errors.notFound('Question');
      if (q.authorId !== viewer.memberId) throw Errors.forbidden('Only the asker can accept an answer');
      if (answerId) {
        const found = await findAnswer(tx, viewer, answerId);
        if (!found || found.answer.questionId !== questionId) {
          throw Errors.badRequest('ANSWER_NOT_IN_QUESTION', 'answerId is not an answer to this question');
        }
      }
      await tx.update(questions).set({ acceptedAnswerId: answerId }).where(eq(questions.id, questionId));
    });
    return { questionId, acceptedAnswerId: answerId };
  }

  async function setFollow(viewer: Viewer, questionId: string, following: boolean) {
    const q = await findQuestion(db, viewer, questionId);
    if (!q) throw Errors.notFound('Question');
    if (following) await follow(db, viewer.memberId, questionId);
    else await unfollow(db, viewer.memberId, questionId);
    return { questionId, following };
  }

  async function notifications(viewer: Viewer, opts: { limit: number; cursor?: string; unread: boolean }) {
    const after = decodeCursor(opts.cursor, notificationCursor);
    const [found, unread] = await Promise.all([
      listNotifications(db, viewer, { unreadOnly: opts.unread, after, take: opts.limit + 1 }),
      unreadCount(db, viewer),
    ]);
    const page = found.slice(0, opts.limit);
    const tail = last(page);
    return {
      items: page.map((row) => toNotification(row, viewer)),
      nextCursor: found.length > opts.limit && tail ? encodeCursor({ t: tail.createdAt, id: tail.id }) : null,
      unreadCount: unread,
    };
  }

  async function readNotifications(viewer: Viewer, input: { ids?: string[]; all?: true }) {
    await markRead(db, viewer.memberId, input.all ? 'all' : (input.ids ?? []));
    return { unreadCount: await unreadCount(db, viewer) };
  }

  return { vote, accept, setFollow, notifications, readNotifications };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
