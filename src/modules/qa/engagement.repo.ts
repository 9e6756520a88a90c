// Votes and follows. A vote runs with its target row locked, so concurrent votes apply one after another.
import { and, eq, sql } from 'drizzle-orm';
import { one } from '../../db/sql.js';
import type { DbOrTx } from '../../db/client.js';
import { answers, qaFollows, qaVotes, questions } from '../../db/schema/index.js';

export type VoteTarget = 'question' | 'answer';

/**
 * Sets the member's vote on a target (value 0 withdraws it) and moves the target's score by the difference.
 * Call with the target row locked: the vote read here then sees any vote committed just before.
 */
export async function applyVote(tx: DbOrTx, memberId: string, targetType: VoteTarget, targetId: string, value: -1 | 0 | 1): Promise<number> {
  const key = and(eq(qaVotes.memberId, memberId), eq(qaVotes.targetType, targetType), eq(qaVotes.targetId, targetId));
  const [existing] = await tx.select({ value: qaVotes.value }).from(qaVotes).where(key);
  const previous = existing?.value ?? 0;
  if (value === 0) {
    if (existing) await tx.delete(qaVotes).where(key);
  } else if (previous !== value) {
    await tx
      .insert(qaVotes)
      .values({ memberId, targetType, targetId, value })
      .onConflictDoUpdate({ target: [qaVotes.memberId, qaVotes.targetType, qaVotes.targetId], set: { value, updatedAt: new Date() } });
  }
  const delta = value - previous;
  const table = targetType === 'question' ? questions : answers;
  const row = one(await tx
    .update(table)
    .set({ score: sql`${table.score} + ${delta}` })
    .where(eq(table.id, targetId))
    .returning({ score: table.score }));
  return row.score;
}

export async function follow(tx: DbOrTx, memberId: string, questionId: string): Promise<void> {
  await tx.insert(qaFollows).values({ memberId, questionId }).onConflictDoNothing();
}

export async function unfollow(tx: DbOrTx, memberId: string, questionId: string): Promise<void> {
  await tx.delete(qaFollows).where(and(eq(qaFollows.memberId, memberId), eq(qaFollows.questionId, questionId)));
}
