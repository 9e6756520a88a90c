// Q&A's port for other modules' reads of its tables: whether a question may be linked from a circle (meetings' agenda items).
import { and, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { questions } from '../../db/schema/index.js';

/** A question the member wrote that this circle may see (network-wide, or in this circle), still standing. */
export async function ownQuestionFor(db: DbOrTx, questionId: string, memberId: string, circleId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: questions.id })
    .from(questions)
    .where(
      and(
        eq(questions.id, questionId),
        eq(questions.authorId, memberId),
        isNull(questions.removedAt),
        or(isNull(questions.circleId), eq(questions.circleId, circleId)),
      ),
    );
  return row !== undefined;
}
