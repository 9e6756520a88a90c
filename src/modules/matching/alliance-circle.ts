// Circles of kind `alliance` made for the alliance ledger (a shared alliance's room and meetings); matching owns the rows.
import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/client.js';
import { insertCircles, transitionMembership } from './circles.repo.js';

/**
 * A circle of kind `alliance` for two members, outside any round: both hold proposed seats (so both reach its room and
 * meetings at once); those in `accepted` have accepted already. Call `events.emit('circle.created', …)` after the commit.
 */
export async function createAllianceCircle(tx: DbOrTx, input: { name: string; memberIds: string[]; accepted: string[]; termEnd: Date }): Promise<string> {
  const id = randomUUID();
  await insertCircles(tx, [{ id, kind: 'alliance', roundId: null, name: input.name, score: 0, reasons: ['made from the alliance ledger'], memberIds: input.memberIds, termStart: new Date(), termEnd: input.termEnd }]);
  for (const memberId of input.accepted) await transitionMembership(tx, id, memberId, ['proposed'], 'accepted');
  return id;
}

/** Accepts a member's proposed seat (an alliance confirmed from the ledger); true when the seat is accepted afterwards. */
export async function acceptAllianceSeat(tx: DbOrTx, circleId: string, memberId: string): Promise<boolean> {
  const moved = await transitionMembership(tx, circleId, memberId, ['proposed'], 'accepted');
  return moved !== undefined;
}
