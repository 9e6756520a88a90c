// An admin's swap in a draft: two members exchange places (a seat and the unmatched list count as places); two unmatched members form a new group.
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { describeViolations, engineOptions, groupOf, objectiveOf, primaryCode, round6, violationKey, type RoundResult, type StoredGroup } from './draft.js';
import { rescore, type Violation } from './engine/index.js';
import { findCandidatesByIds, findRound, loadHistory, toMatchMember, updateDraft, type RoundRow } from './matching.repo.js';
import type { MatchingDeps } from './matching.deps.js';
import type { MoveBody } from './matching.schemas.js';
import { lostRace } from './round-moves.js';

type SwapBody = Omit<MoveBody, 'toGroup' | 'swapWith'> & { swapWith: string };

interface PlannedSwap {
  next: RoundResult;
  violations: Violation[];
  touched: number[];
}

/** The swapped draft, re-scored on the groups it touches, with the violations the swap itself brings. */
async function planSwap(deps: MatchingDeps, round: RoundRow, a: string, b: string): Promise<PlannedSwap> {
  const { params, result } = round;
  const ga = groupOf(result, a);
  const gb = groupOf(result, b);
  const groups: StoredGroup[] = result.groups.map((g) => ({ ...g, memberIds: [...g.memberIds] }));
  const unmatched = result.unmatched.filter((u) => u.memberId !== a && u.memberId !== b);
  const touched: number[] = [];
  let formed = -1;
  if (ga < 0 && gb < 0) {
    groups.push({ memberIds: [a, b], score: 0, reasons: [] });
    formed = groups.length - 1;
    touched.push(formed);
  } else {
    if (ga >= 0) groups[ga]!.memberIds = groups[ga]!.memberIds.map((m) => (m === a ? b : m));
    if (gb >= 0) groups[gb]!.memberIds = groups[gb]!.memberIds.map((m) => (m === b ? a : m));
    touched.push(...[ga, gb].filter((g) => g >= 0));
    if (ga < 0) unmatched.push({ memberId: b, reason: 'swapped out of their group by an admin' });
    if (gb < 0) unmatched.push({ memberId: a, reason: 'swapped out of their group by an admin' });
  }
  const ids = [...new Set(touched.flatMap((g) => groups[g]!.memberIds))];
  const rows = await findCandidatesByIds(deps.database.db, ids);
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw Errors.conflict(`Members of this draft no longer exist: ${ids.filter((id) => !found.has(id)).join(', ')}`, 'UNKNOWN_MEMBERS');
  }
  for (const who of [a, b]) {
    const row = rows.find((r) => r.id === who);
    if (row && row.status !== 'active') throw Errors.conflict(`${row.displayName} is ${row.status} and cannot be placed in a group`, 'INACTIVE_MEMBERS');
  }
  const history = await loadHistory(deps.database.db, params.mode, params.noRepeatRounds, ids);
  const checked = rescore(touched.map((g) => ({ memberIds: groups[g]!.memberIds })), rows.map(toMatchMember), engineOptions(params, history));
  const accepted = new Set(result.accepted ?? []);
  const violations = checked.violations
    .map((v) => ({ ...v, group: v.group === null ? null : (touched[v.group] ?? null) }))
    .filter((v) => {
      // Sizes only change when two unmatched members form a group; pairwise rules only where a or b now sits.
      if (v.code === 'GROUP_SIZE') return v.group === formed;
      if (!v.memberIds.includes(a) && !v.memberIds.includes(b)) return false;
      const key = violationKey(v);
      return key === null || !accepted.has(key);
    });
  touched.forEach((g, i) => {
    const s = checked.groups[i]!;
    groups[g] = { ...groups[g]!, memberIds: s.memberIds, score: s.score, reasons: s.reasons };
  });
  const objective = objectiveOf(groups, params);
  const names = Object.fromEntries(rows.map((r) => [r.id, r.displayName]));
  const next: RoundResult = {
    ...result,
    groups,
    unmatched,
    objective,
    ratio: result.upperBound > 0 ? round6(objective / result.upperBound) : 1,
    stats: { ...result.stats, groups: groups.length, matched: groups.reduce((t, g) => t + g.memberIds.length, 0) },
    names: { ...result.names, ...names },
  };
  return { next, violations, touched };
}

export async function swapInRound(deps: MatchingDeps, adminId: string, id: string, body: SwapBody): Promise<RoundRow> {
  const { db } = deps.database;
  const a = body.memberId;
  const b = body.swapWith;
  if (body.override && !body.reason) throw Errors.badRequest('REASON_REQUIRED', 'An override needs a reason (it is written to the audit log)');
  const round = await findRound(db, id);
  if (!round) throw Errors.notFound('Matching round');
  if (round.status === 'published') throw Errors.conflict('This round is published; its groups can no longer change', 'ROUND_PUBLISHED');
  if (body.version !== undefined && body.version !== round.version) {
    throw Errors.conflict(`You edited version ${body.version}, the draft is at version ${round.version}; reload it and try again`, 'VERSION_CONFLICT');
  }
  for (const who of [a, b]) if (!round.params.memberIds.includes(who)) throw Errors.unprocessable('UNKNOWN_MEMBER', `Member ${who} is not part of this round`);
  if (a === b) throw Errors.unprocessable('SAME_MEMBER', 'A member cannot swap with themselves');
  const ga = groupOf(round.result, a);
  if (ga >= 0 && ga === groupOf(round.result, b)) return round;

  const plan = await planSwap(deps, round, a, b);
  const broken = plan.violations;
  if (broken.length && !body.override) {
    throw Errors.conflict(`This swap breaks a hard rule. ${describeViolations(broken)}. Send override: true with a reason to apply it anyway.`, primaryCode(broken));
  }
  const next = plan.next;
  if (broken.length) {
    next.accepted = [...new Set([...(next.accepted ?? []), ...broken.map(violationKey).filter((k): k is string => k !== null)])];
    next.overrides = [
      ...(next.overrides ?? []),
      {
        at: new Date().toISOString(),
        actorId: adminId,
        action: 'move',
        memberId: a,
        fromGroup: ga >= 0 ? ga : null,
        toGroup: plan.touched.find((g) => g !== ga) ?? null,
        codes: [...new Set(broken.map((v) => v.code))],
        messages: broken.map((v) => v.message),
        reason: body.reason!,
      },
    ];
  }
  // A dry run answers the draft as it would be, unsaved (same version, nothing audited).
  if (body.dryRun) return { ...round, result: next };
  return db.transaction(async (tx) => {
    const row = await updateDraft(tx, id, round.version, next);
    if (!row) return lostRace(tx, id);
    await recordAudit(tx, {
      actorId: adminId,
      action: broken.length ? 'matching.round.override' : 'matching.round.swap',
      targetType: 'matching_round',
      targetId: id,
      reason: body.reason ?? null,
      details: {
        memberId: a,
        swapWith: b,
        groups: plan.touched,
        version: row.version,
        ...(broken.length ? { violations: broken.map((v) => ({ code: v.code, message: v.message, memberIds: v.memberIds })) } : {}),
      },
    });
    return row;
  });
}
