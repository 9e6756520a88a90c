// Where a member of a draft can go: for every other group (and the unmatched list), the hard rules a move there would
// break, judged exactly as the move itself would be; nothing is saved. The console marks its move targets with it.
import { Errors } from '../../errors.js';
import { INPUT_CODES, groupOf, primaryCode } from './draft.js';
import { findCandidatesByIds, findRound, loadHistory } from './matching.repo.js';
import type { MatchingDeps } from './matching.deps.js';
import { brokenRules, planMoveWith } from './round-moves.js';

interface MoveTarget {
  toGroup: number | null;
  allowed: boolean;
  /** The code a move there answers (the first broken rule by priority), or null when allowed. */
  code: string | null;
  violations: Array<{ code: string; message: string }>;
}

export async function moveTargets(deps: MatchingDeps, id: string, memberId: string) {
  const { db } = deps.database;
  const round = await findRound(db, id);
  if (!round) throw Errors.notFound('Matching round');
  if (round.status === 'published') throw Errors.conflict('This round is published; its groups can no longer change', 'ROUND_PUBLISHED');
  if (!round.params.memberIds.includes(memberId)) throw Errors.unprocessable('UNKNOWN_MEMBER', `Member ${memberId} is not part of this round`);
  const { groups } = round.result;
  // One read of every grouped member and their pair history, then each target is checked in memory.
  const ids = [...new Set([memberId, ...groups.flatMap((g) => g.memberIds)])];
  const rows = await findCandidatesByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const mover = byId.get(memberId);
  if (!mover) throw Errors.conflict(`Members of this draft no longer exist: ${memberId}`, 'UNKNOWN_MEMBERS');
  const history = await loadHistory(db, round.params.mode, round.params.noRepeatRounds, ids);
  const from = groupOf(round.result, memberId);
  const destinations: Array<number | null> = [...groups.keys()].filter((g) => g !== from);
  if (from >= 0) destinations.push(null);
  const targets: MoveTarget[] = destinations.map((toGroup) => {
    if (toGroup !== null && mover.status !== 'active') {
      return { toGroup, allowed: false, code: 'INACTIVE_MEMBERS', violations: [{ code: 'INACTIVE_MEMBERS', message: `${mover.displayName} is ${mover.status} and cannot be placed in a group` }] };
    }
    const plan = planMoveWith(round, memberId, toGroup, byId, history);
    const broken = brokenRules(round, plan, memberId, toGroup).filter((v) => !INPUT_CODES.has(v.code));
    return { toGroup, allowed: broken.length === 0, code: broken.length ? primaryCode(broken) : null, violations: broken.map((v) => ({ code: v.code, message: v.message })) };
  });
  return { roundId: round.id, version: round.version, memberId, fromGroup: from >= 0 ? from : null, targets };
}
