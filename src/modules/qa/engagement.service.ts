// Votes, the accepted answer (its author is notified) and follows.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { questions } from '../../db/schema/index.js';
import { AppError, Errors } from '../../errors.js';
import { applyVote, follow, unfollow, type VoteTarget } from './engagement.repo.js';
import type { Notifier } from '../notifications/port.js';
import { notifyAccepted } from './notifications.repo.js';
import type { Viewer } from './qa.visibility.js';
import { findAnswer } from './posts.repo.js';
import { findQuestion } from './questions.repo.js';

export function createEngagementService({ database, notifier }: { database: Database; notifier?: Notifier }) {
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
      if (answerId && answerId !== q.acceptedAnswerId) await notifyAccepted(tx, notifier, { questionId, answerId, askerId: q.authorId });
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

  return { vote, accept, setFollow };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
