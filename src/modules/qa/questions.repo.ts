// Data access for questions and revisions on the write paths: finds (optionally locking) filtered by visibility.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { qaRevisions, questions } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { firstRow, isoTs, one, rows, sql } from '../../db/sql.js';
import { isCircleMember } from '../matching/membership.js';
import type { RevisionRow } from './qa.mapper.js';
import { questionVisible, type Viewer } from './qa.visibility.js';

export const questionCore = {
  id: questions.id,
  authorId: questions.authorId,
  circleId: questions.circleId,
  anonymous: questions.anonymous,
  title: questions.title,
  body: questions.body,
  tags: questions.tags,
  version: questions.version,
  acceptedAnswerId: questions.acceptedAnswerId,
  lockedAt: questions.lockedAt,
  hiddenAt: questions.hiddenAt,
  removedAt: questions.removedAt,
};

export type QuestionCore = {
  id: string;
  authorId: string;
  circleId: string | null;
  anonymous: boolean;
  title: string;
  body: string;
  tags: string[];
  version: number;
  acceptedAnswerId: string | null;
  lockedAt: Date | null;
  hiddenAt: Date | null;
  removedAt: Date | null;
};

/** The question if the viewer may see it; `lock` holds its row until the transaction ends (votes, edits, counters). */
export async function findQuestion(db: DbOrTx, viewer: Viewer, id: string, lock = false): Promise<QuestionCore | undefined> {
  const query = db.select(questionCore).from(questions).where(and(eq(questions.id, id), questionVisible(viewer)));
  const [row] = lock ? await query.for('no key update') : await query;
  return row;
}

export async function insertQuestion(
  tx: DbOrTx,
  values: { authorId: string; circleId: string | null; anonymous: boolean; title: string; body: string; tags: string[] },
): Promise<QuestionCore> {
  return one(await tx.insert(questions).values(values).returning(questionCore));
}

export async function updateQuestion(
  tx: DbOrTx,
  id: string,
  patch: { title: string; body: string; tags: string[]; version: number },
): Promise<void> {
  const now = new Date();
  await tx
    .update(questions)
    .set({ ...patch, updatedAt: now, lastActivityAt: now })
    .where(eq(questions.id, id));
}

export async function insertRevision(
  tx: DbOrTx,
  values: {
    targetType: 'question' | 'answer' | 'reply';
    targetId: string;
    questionId: string;
    version: number;
    authorId: string;
    title?: string | null;
    body: string;
    tags?: string[] | null;
  },
): Promise<void> {
  await tx.insert(qaRevisions).values({ ...values, title: values.title ?? null, tags: values.tags ?? null });
}

/** Newest version first, keyset on version. */
export async function listRevisions(
  db: DbOrTx,
  targetType: 'question' | 'answer' | 'reply',
  targetId: string,
  beforeVersion: number | undefined,
  take: number,
): Promise<RevisionRow[]> {
  const before = beforeVersion === undefined ? sql`` : sql`and ${qaRevisions.version} < ${beforeVersion}`;
  return rows<RevisionRow>(
    db,
    sql`select ${qaRevisions.id} as "id", ${qaRevisions.targetType} as "targetType", ${qaRevisions.targetId} as "targetId",
        ${qaRevisions.version} as "version", ${qaRevisions.authorId} as "authorId", ${memberView.displayName} as "authorName",
        ${qaRevisions.title} as "title", ${qaRevisions.body} as "body", ${qaRevisions.tags} as "tags", ${isoTs(qaRevisions.createdAt)} as "createdAt"
      from ${qaRevisions} left join ${memberView} on ${memberView.id} = ${qaRevisions.authorId}
      where ${qaRevisions.targetType} = ${targetType} and ${qaRevisions.targetId} = ${targetId} ${before}
      order by ${qaRevisions.version} desc limit ${take}`,
  );
}

/** Whether the member belongs to the circle (matching's membership rule), as circle-private visibility requires. */
export async function belongsToCircle(db: DbOrTx, circleId: string, memberId: string): Promise<boolean> {
  const row = await firstRow<{ member: boolean }>(db, sql`select ${isCircleMember(circleId, memberId)} as "member"`);
  return row?.member === true;
}

/** Moves a question's answer counter by delta (answers appearing or vanishing for members). */
export async function shiftAnswerCount(tx: DbOrTx, questionId: string, delta: number, touch = false): Promise<void> {
  if (delta === 0 && !touch) return;
  await tx
    .update(questions)
    .set({ answerCount: sql`${questions.answerCount} + ${delta}`, ...(touch ? { lastActivityAt: new Date() } : {}) })
    .where(eq(questions.id, questionId));
}
