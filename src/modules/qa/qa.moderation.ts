// What moderation calls: hide/restore, remove, lock, and a look at any post with its real author (for admins).
import { eq, sql, type SQL } from 'drizzle-orm';
import { isoTs, one, rows } from '../../db/sql.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { answers, questions, replies } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { findAnswer, findReply } from './posts.repo.js';
import { findQuestion, shiftAnswerCount } from './questions.repo.js';

export type QaTargetType = 'question' | 'answer' | 'reply';

export interface ModerationResult {
  targetType: QaTargetType;
  id: string;
  questionId: string;
  authorId: string;
  hidden: boolean;
  removed: boolean;
}

export interface ContentForReview {
  targetType: QaTargetType;
  id: string;
  questionId: string;
  /** The real author, anonymous or not: for admins only. */
  authorId: string;
  authorDisplayName: string | null;
  anonymous: boolean;
  circleId: string | null;
  title: string | null;
  body: string;
  hidden: boolean;
  hiddenReason: string | null;
  removed: boolean;
  locked: boolean;
  createdAt: Date;
}

const tableOf = (t: QaTargetType) => (t === 'question' ? questions : t === 'answer' ? answers : replies);
const questionIdOf = (t: QaTargetType) => (t === 'question' ? questions.id : t === 'answer' ? answers.questionId : replies.questionId);

interface StateRow {
  questionId: string;
  authorId: string;
  hidden: boolean;
  removed: boolean;
}

export function createQaModeration({ database }: { database: Database }) {
  const state = (db: DbOrTx, targetType: QaTargetType, id: string, lock: boolean) => {
    const table = tableOf(targetType);
    return rows<StateRow>(
      db,
      sql`select ${questionIdOf(targetType)} as "questionId", ${table.authorId} as "authorId",
          ${table.hiddenAt} is not null as "hidden", ${table.removedAt} is not null as "removed"
        from ${table} where ${table.id} = ${id} ${lock ? sql`for no key update` : sql``}`,
    );
  };

  /** Applies a moderation change to one post and keeps the question's answer counter in step with what members see. */
  async function change(targetType: QaTargetType, id: string, set: SQL, db: DbOrTx): Promise<ModerationResult | null> {
    return db.transaction(async (tx) => {
      const table = tableOf(targetType);
      const [before] = await state(tx, targetType, id, true);
      if (!before) return null;
      await tx.execute(sql`update ${table} set ${set} where ${table.id} = ${id}`);
      const after = one(await state(tx, targetType, id, false));
      const shownBefore = !before.hidden && !before.removed;
      const shownAfter = !after.hidden && !after.removed;
      if (targetType === 'answer' && shownBefore !== shownAfter) await shiftAnswerCount(tx, before.questionId, shownAfter ? 1 : -1);
      return { targetType, id, questionId: before.questionId, authorId: before.authorId, hidden: after.hidden, removed: after.removed };
    });
  }

  /** Hides (or restores) a question, answer or reply: it vanishes for members and stays visible, marked, to admins. */
  function setHidden(targetType: QaTargetType, id: string, hidden: boolean, reason: string | null, db: DbOrTx = database.db) {
    const set = hidden ? sql`hidden_at = coalesce(hidden_at, now()), hidden_reason = ${reason}` : sql`hidden_at = null, hidden_reason = null`;
    return change(targetType, id, set, db);
  }

  /** Removes a post for good (admins still see it, marked removed); the reason is kept in hidden_reason. */
  function remove(targetType: QaTargetType, id: string, reason: string | null, db: DbOrTx = database.db) {
    return change(targetType, id, sql`removed_at = coalesce(removed_at, now()), hidden_reason = ${reason}`, db);
  }

  /** Locks (or unlocks) a question: no new answers or replies. Returns the previous state, or null when there is no such question. */
  async function lock(questionId: string, locked = true, db: DbOrTx = database.db): Promise<boolean | null> {
    return db.transaction(async (tx) => {
      const [before] = await tx.select({ lockedAt: questions.lockedAt }).from(questions).where(eq(questions.id, questionId)).for('no key update');
      if (!before) return null;
      const wasLocked = before.lockedAt !== null;
      if (wasLocked !== locked) await tx.update(questions).set({ lockedAt: locked ? new Date() : null }).where(eq(questions.id, questionId));
      return wasLocked;
    });
  }

  /** May this member see the post now (as a member; admins see everything)? For reports: otherwise it is a 404. */
  async function visibleTo(targetType: QaTargetType, id: string, memberId: string, db: DbOrTx = database.db): Promise<boolean> {
    const [member] = await db.select({ role: memberView.role }).from(memberView).where(eq(memberView.id, memberId));
    if (!member) return false;
    const viewer = { memberId, isAdmin: member.role === 'admin' };
    if (targetType === 'question') return (await findQuestion(db, viewer, id)) !== undefined;
    if (targetType === 'answer') return (await findAnswer(db, viewer, id)) !== undefined;
    return (await findReply(db, viewer, id)) !== undefined;
  }

  /** Any post with its real author, whatever its state: for the admins' review. */
  async function getContentForReview(targetType: QaTargetType, id: string, db: DbOrTx = database.db): Promise<ContentForReview | null> {
    const table = tableOf(targetType);
    const from = targetType === 'question' ? sql`${questions}` : sql`${table} join ${questions} on ${questions.id} = ${questionIdOf(targetType)}`;
    const [row] = await rows<Omit<ContentForReview, 'targetType' | 'id' | 'createdAt'> & { createdAt: string }>(
      db,
      sql`select ${questions.id} as "questionId", ${table.authorId} as "authorId", ${memberView.displayName} as "authorDisplayName",
          ${questions.anonymous} as "anonymous", ${questions.circleId} as "circleId",
          ${targetType === 'question' ? sql`${questions.title}` : sql`null`} as "title", ${table.body} as "body",
          ${table.hiddenAt} is not null as "hidden", ${table.hiddenReason} as "hiddenReason", ${table.removedAt} is not null as "removed",
          ${questions.lockedAt} is not null as "locked", ${isoTs(table.createdAt)} as "createdAt"
        from ${from} left join ${memberView} on ${memberView.id} = ${table.authorId}
        where ${table.id} = ${id}`,
    );
    if (!row) return null;
    return { targetType, id, ...row, createdAt: new Date(row.createdAt) };
  }

  return { setHidden, remove, lock, visibleTo, getContentForReview };
}

export type QaModeration = ReturnType<typeof createQaModeration>;
