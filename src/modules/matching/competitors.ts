// Matching's competitor rule for other modules (alliances): whether two members compete, by the engine's hard rule.
import type { DbOrTx } from '../../db/client.js';
import { isCompetitor } from './engine/index.js';
import { findCandidatesByIds, toMatchMember } from './matching.repo.js';

/** The second member's display name when the two members are competitors within radiusKm; null otherwise (or if either is unknown). */
export async function competitorName(db: DbOrTx, memberId: string, otherId: string, radiusKm: number): Promise<string | null> {
  const found = await findCandidatesByIds(db, [memberId, otherId]);
  const a = found.find((r) => r.id === memberId);
  const b = found.find((r) => r.id === otherId);
  if (!a || !b || !isCompetitor(toMatchMember(a), toMatchMember(b), radiusKm)) return null;
  return b.displayName;
}
