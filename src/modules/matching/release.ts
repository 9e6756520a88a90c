// releasePendingMatches: what a suspension does to matching (for moderation): pending proposals declined, drafts let go of the member.
import type { DbOrTx } from '../../db/client.js';
import { declineProposed } from './circles.repo.js';
import { groupOf } from './draft.js';
import { findDraftsWithMember, findRound, updateDraft } from './matching.repo.js';
import { planMove } from './round-moves.js';

export interface Released {
  /** Circles where the member's proposed membership became declined. */
  circleIds: string[];
  /** Draft rounds the member was taken out of (into their unmatched list). */
  roundIds: string[];
}

const RELEASED_REASON = 'released from this draft: the member was suspended';

/**
 * Call inside the suspension's transaction. Proposed memberships become declined (accepted ones stay:
 * removing a member from a circle they joined is the admin's separate action), and every draft round
 * that placed the member in a group moves them out (the group is re-scored). The caller announces the
 * released circles (`circle.member_removed`) once its transaction has committed.
 */
export async function releasePendingMatches(tx: DbOrTx, memberId: string): Promise<Released> {
  const circleIds = await declineProposed(tx, memberId);
  const roundIds: string[] = [];
  for (const draft of await findDraftsWithMember(tx, memberId)) {
    let round = draft;
    for (let attempt = 0; attempt < 3 && round.status === 'draft'; attempt++) {
      if (groupOf(round.result, memberId) < 0) break;
      const plan = await planMove(tx, round, memberId, null, false);
      const next = plan.next;
      next.unmatched = next.unmatched.map((u) => (u.memberId === memberId ? { ...u, reason: RELEASED_REASON } : u));
      if (await updateDraft(tx, round.id, round.version, next)) {
        roundIds.push(round.id);
        break;
      }
      // Another admin's move landed first: read the draft again and retry.
      const again = await findRound(tx, round.id);
      if (!again) break;
      round = again;
    }
  }
  return { circleIds, roundIds };
}
