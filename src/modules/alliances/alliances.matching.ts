// The ledger's side of matching: a published alliances round proposes entries, accepting the alliance circle confirms them.
import type { DbOrTx } from '../../db/client.js';
import type { MatchingHooks, PublishedCircle, SeatAnswer } from '../matching/hooks.js';
import type { Notifier } from '../notifications/port.js';
import * as repo from './alliances.repo.js';
import type { AlliancesService } from './alliances.service.js';

/** What matching proposes is a local referral partnership; either party can change the type afterwards. */
export const MATCHED_ALLIANCE_TYPE = 'referral_exchange' as const;

export function allianceMatchingHooks(alliances: AlliancesService, notifier?: Notifier): MatchingHooks {
  async function onPublished(tx: DbOrTx, circles: PublishedCircle[]): Promise<void> {
    // An alliances round pairs two owners per circle; each pair gets one shared ledger entry, proposed to both.
    for (const c of circles) {
      const [a, b] = c.memberIds;
      if (c.kind !== 'alliance' || c.memberIds.length !== 2 || !a || !b) continue;
      const row = await repo.insertAlliance(tx, { ownerId: a, partnerMemberId: b, type: MATCHED_ALLIANCE_TYPE, status: 'proposed', source: 'matching', roundId: c.roundId, circleId: c.id });
      await notifier?.notify(
        tx,
        [a, b].map((m) => ({ memberId: m, kind: 'alliance_proposed' as const, data: { allianceId: row.id, type: row.type, circleId: c.id, fromMatching: true }, dedupeKey: `alliance_proposed:${row.id}:${m}` })),
      );
    }
  }

  async function onSeatAnswered(tx: DbOrTx, answer: SeatAnswer): Promise<void> {
    const row = await repo.allianceOfCircle(tx, answer.circleId);
    if (!row || (row.ownerId !== answer.memberId && row.partnerMemberId !== answer.memberId)) return;
    if (answer.status === 'accepted') {
      if (row.status === 'proposed') await alliances.confirmSide(tx, row, answer.memberId);
    } else if (row.status !== 'ended') {
      // Declining the alliance's circle declines (or leaves) the alliance.
      await repo.updateAlliance(tx, row.id, { status: 'ended', statusChangedBy: answer.memberId });
    }
  }

  return { onPublished, onSeatAnswered };
}
