// Q&A posts as moderated content: adapters in the shape moderation's ContentModerator / QuestionLocker expect.
import type { DbOrTx } from '../../db/client.js';
import type { QaModeration, QaTargetType } from './qa.moderation.js';

interface ReviewItem {
  id: string;
}

/** Moderation wires these as `integrations: { content: { question, answer, reply }, questions }`. */
export function qaContentModerators(qa: QaModeration) {
  const moderatorFor = (kind: QaTargetType) => ({
    async getForReview(db: DbOrTx, id: string) {
      const c = await qa.getContentForReview(kind, id, db);
      if (!c) return null;
      return {
        kind,
        id: c.id,
        authorId: c.authorId,
        title: c.title,
        body: c.body,
        createdAt: c.createdAt,
        hidden: c.hidden,
        removed: c.removed,
        context: { questionId: c.questionId, circleId: c.circleId },
      };
    },
    visibleTo: (db: DbOrTx, memberId: string, item: ReviewItem) => qa.visibleTo(kind, item.id, memberId, db),
    async setHidden(db: DbOrTx, item: ReviewItem, hidden: boolean, reason: string | null) {
      await qa.setHidden(kind, item.id, hidden, reason, db);
    },
    async remove(db: DbOrTx, item: ReviewItem, reason: string) {
      await qa.remove(kind, item.id, reason, db);
    },
  });
  return {
    content: { question: moderatorFor('question'), answer: moderatorFor('answer'), reply: moderatorFor('reply') },
    questions: { setLocked: (db: DbOrTx, questionId: string, locked: boolean) => qa.lock(questionId, locked, db) },
  };
}
