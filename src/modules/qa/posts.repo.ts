// Data access for answers and replies on the write paths: each found together with its question, by visibility.
import { and, eq } from 'drizzle-orm';
import { one } from '../../db/sql.js';
import type { DbOrTx } from '../../db/client.js';
import { answers, questions, replies } from '../../db/schema/index.js';
import { questionCore, type QuestionCore } from './questions.repo.js';
import { postVisible, questionVisible, type Viewer } from './qa.visibility.js';

const answerCore = {
  id: answers.id,
  questionId: answers.questionId,
  authorId: answers.authorId,
  body: answers.body,
  version: answers.version,
  hiddenAt: answers.hiddenAt,
  removedAt: answers.removedAt,
};
export type AnswerCore = { id: string; questionId: string; authorId: string; body: string; version: number; hiddenAt: Date | null; removedAt: Date | null };

const replyCore = {
  id: replies.id,
  answerId: replies.answerId,
  questionId: replies.questionId,
  parentId: replies.parentId,
  depth: replies.depth,
  authorId: replies.authorId,
  body: replies.body,
  version: replies.version,
  hiddenAt: replies.hiddenAt,
  removedAt: replies.removedAt,
};
export type ReplyCore = {
  id: string;
  answerId: string;
  questionId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  version: number;
  hiddenAt: Date | null;
  removedAt: Date | null;
};

/** The answer and its question, when the viewer may see both; `lock` holds the answer row. */
export async function findAnswer(
  db: DbOrTx,
  viewer: Viewer,
  id: string,
  lock = false,
): Promise<{ answer: AnswerCore; question: QuestionCore } | undefined> {
  const query = db
    .select({ answer: answerCore, question: questionCore })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(and(eq(answers.id, id), postVisible(viewer, answers), questionVisible(viewer)));
  const [row] = lock ? await query.for('no key update', { of: answers }) : await query;
  return row;
}

/** The reply, its answer and its question, when the viewer may see all three. */
export async function findReply(
  db: DbOrTx,
  viewer: Viewer,
  id: string,
  lock = false,
): Promise<{ reply: ReplyCore; answer: AnswerCore; question: QuestionCore } | undefined> {
  const query = db
    .select({ reply: replyCore, answer: answerCore, question: questionCore })
    .from(replies)
    .innerJoin(answers, eq(answers.id, replies.answerId))
    .innerJoin(questions, eq(questions.id, replies.questionId))
    .where(and(eq(replies.id, id), postVisible(viewer, replies), postVisible(viewer, answers), questionVisible(viewer)));
  const [row] = lock ? await query.for('no key update', { of: replies }) : await query;
  return row;
}

export async function insertAnswer(tx: DbOrTx, values: { questionId: string; authorId: string; body: string }): Promise<AnswerCore> {
  return one(await tx.insert(answers).values(values).returning(answerCore));
}

export async function insertReply(
  tx: DbOrTx,
  values: { answerId: string; questionId: string; parentId: string | null; depth: number; authorId: string; body: string },
): Promise<ReplyCore> {
  return one(await tx.insert(replies).values(values).returning(replyCore));
}

export async function updateAnswerBody(tx: DbOrTx, id: string, body: string, version: number): Promise<void> {
  await tx.update(answers).set({ body, version, updatedAt: new Date() }).where(eq(answers.id, id));
}

export async function updateReplyBody(tx: DbOrTx, id: string, body: string, version: number): Promise<void> {
  await tx.update(replies).set({ body, version, updatedAt: new Date() }).where(eq(replies.id, id));
}
