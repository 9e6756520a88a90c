// Matching's seat port for moderation: what a suspension does to a member's matches, and removing a member from a circle.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { circleMembers, circles } from '../../db/schema/index.js';
import { Errors } from '../../errors.js';
import { releasePendingMatches, type Released } from './release.js';

/** Takes the member out of the circle (the seat becomes `removed`); returns the seat's status before. 404/409 as the admin API answers. */
export async function removeFromCircle(tx: DbOrTx, circleId: string, memberId: string): Promise<string> {
  const [circle] = await tx.select({ id: circles.id }).from(circles).where(eq(circles.id, circleId));
  if (!circle) throw Errors.notFound('Circle');
  const [seat] = await tx
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.memberId, memberId)))
    .for('update');
  if (!seat) throw Errors.notFound('Circle member');
  if (seat.status === 'removed') throw Errors.conflict('This member was already removed from the circle', 'ALREADY_REMOVED');
  if (seat.status === 'declined') throw Errors.conflict('This member declined the circle', 'NOT_IN_CIRCLE');
  await tx
    .update(circleMembers)
    .set({ status: 'removed', removedAt: new Date() })
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.memberId, memberId)));
  return seat.status;
}

/** The seat operations other modules are given (app.ts passes this to moderation). */
export interface Seats {
  /** Inside a suspension's transaction: proposals declined, drafts let go of the member. */
  release(tx: DbOrTx, memberId: string): Promise<Released>;
  remove(tx: DbOrTx, circleId: string, memberId: string): Promise<string>;
}

export const seats: Seats = { release: releasePendingMatches, remove: removeFromCircle };
