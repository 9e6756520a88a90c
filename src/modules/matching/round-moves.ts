// An admin's move in a draft: checked against every hard rule (409 unless overridden, audited), re-scored, saved under optimistic concurrency.
import type { DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import {
  INPUT_CODES,
  describeViolations,
  engineOptions,
  groupOf,
  mergeMove,
  primaryCode,
  subDraft,
  touchedGroups,
  violationKey,
  type RoundResult,
} from './draft.js';
import { validateMove, type MatchHistory, type Violation } from './engine/index.js';
import { findCandidatesByIds, findRound, loadHistory, toMatchMember, updateDraft, type CandidateRow, type RoundRow } from './matching.repo.js';
import type { MatchingDeps } from './matching.deps.js';
import type { MoveBody } from './matching.schemas.js';

export interface PlannedMove {
  from: number;
  violations: Violation[];
  next: RoundResult;
  /** Current rows of the members the move touches. */
  rows: CandidateRow[];
}

/**
 * Plans a move on the groups it touches only: their members (current profiles) and their pair
 * history are loaded, the engine checks and re-scores those groups, and the result is merged back.
 */
export async function planMove(db: DbOrTx, round: RoundRow, memberId: string, toGroup: number | null, withHistory = true): Promise<PlannedMove> {
  const { params, result } = round;
  const touched = touchedGroups(groupOf(result, memberId), toGroup);
  const ids = [...new Set([memberId, ...touched.flatMap((g) => result.groups[g]!.memberIds)])];
  const rows = await findCandidatesByIds(db, ids);
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw Errors.conflict(`Members of this draft no longer exist: ${ids.filter((id) => !found.has(id)).join(', ')}`, 'UNKNOWN_MEMBERS');
  }
  const history = withHistory ? await loadHistory(db, params.mode, params.noRepeatRounds, ids) : { rounds: [] };
  return planMoveWith(round, memberId, toGroup, new Map(rows.map((r) => [r.id, r])), history);
}

/** The same plan from rows and history already loaded (`rows` holds at least the touched groups' members). */
export function planMoveWith(round: RoundRow, memberId: string, toGroup: number | null, byId: ReadonlyMap<string, CandidateRow>, history: MatchHistory): PlannedMove {
  const { params, result } = round;
  const from = groupOf(result, memberId);
  const touched = touchedGroups(from, toGroup);
  const ids = [...new Set([memberId, ...touched.flatMap((g) => result.groups[g]!.memberIds)])];
  const rows = ids.map((id) => byId.get(id)).filter((r): r is CandidateRow => r !== undefined);
  const check = validateMove(subDraft(result, touched), rows.map(toMatchMember), memberId, toGroup, engineOptions(params, history));
  // Emptying a group (its last member leaves) is no size violation: the empty group is dropped.
  const violations = check.violations.filter((v) => !(v.code === 'GROUP_SIZE' && v.memberIds.length === 0));
  const names = Object.fromEntries(rows.map((r) => [r.id, r.displayName]));
  return { from, violations, next: mergeMove(result, params, { memberId, from, to: toGroup }, check.result, names), rows };
}

/**
 * The hard rules a planned move breaks, as the move itself judges them: in pairs and alliances, moving one member out
 * of a pair dissolves it (the partner goes to the unmatched list, `plan.next` is updated) instead of breaking a size rule.
 */
export function brokenRules(round: RoundRow, plan: PlannedMove, memberId: string, toGroup: number | null): Violation[] {
  const dissolved = round.params.maxSize === 2 && plan.from >= 0 && toGroup !== plan.from ? dissolvePair(plan, memberId) : null;
  return dissolved ? plan.violations.filter((v) => !(v.code === 'GROUP_SIZE' && v.memberIds.includes(dissolved))) : plan.violations;
}

/** Moves the partner left alone in a pair to the unmatched list; returns their id, or null when no pair was left with one member. */
function dissolvePair(plan: PlannedMove, memberId: string): string | null {
  const lonely = plan.next.groups.findIndex((g) => g.memberIds.length === 1 && !g.memberIds.includes(memberId));
  if (lonely < 0) return null;
  const partner = plan.next.groups[lonely]!.memberIds[0]!;
  const groups = plan.next.groups.filter((_, i) => i !== lonely);
  plan.next = {
    ...plan.next,
    groups,
    unmatched: [...plan.next.unmatched.filter((u) => u.memberId !== partner), { memberId: partner, reason: 'their pair was dissolved when an admin moved their partner' }],
    stats: { ...plan.next.stats, groups: groups.length, matched: groups.reduce((t, g) => t + g.memberIds.length, 0) },
  };
  return partner;
}

/** Why a conditional update found nothing: the round was published, or someone else changed it first. */
export async function lostRace(db: DbOrTx, id: string): Promise<never> {
  const now = await findRound(db, id);
  if (!now) throw Errors.notFound('Matching round');
  if (now.status === 'published') throw Errors.conflict('This round is published; its groups can no longer change', 'ROUND_PUBLISHED');
  throw Errors.conflict(`This draft changed meanwhile (now version ${now.version}); reload it and try again`, 'VERSION_CONFLICT');
}

export async function moveInRound(deps: MatchingDeps, adminId: string, id: string, body: MoveBody): Promise<RoundRow> {
  const { db } = deps.database;
  const { memberId } = body;
  const toGroup = body.toGroup ?? null;
  if (body.override && !body.reason) throw Errors.badRequest('REASON_REQUIRED', 'An override needs a reason (it is written to the audit log)');
  const round = await findRound(db, id);
  if (!round) throw Errors.notFound('Matching round');
  if (round.status === 'published') throw Errors.conflict('This round is published; its groups can no longer change', 'ROUND_PUBLISHED');
  if (body.version !== undefined && body.version !== round.version) {
    throw Errors.conflict(`You edited version ${body.version}, the draft is at version ${round.version}; reload it and try again`, 'VERSION_CONFLICT');
  }
  if (!round.params.memberIds.includes(memberId)) throw Errors.unprocessable('UNKNOWN_MEMBER', `Member ${memberId} is not part of this round`);
  if (toGroup !== null && toGroup >= round.result.groups.length) {
    throw Errors.unprocessable('UNKNOWN_GROUP', `There is no group ${toGroup}; this draft has groups 0–${round.result.groups.length - 1}`);
  }
  const from = groupOf(round.result, memberId);
  if (from === (toGroup ?? -1)) return round;

  const plan = await planMove(db, round, memberId, toGroup);
  const bad = plan.violations.filter((v) => INPUT_CODES.has(v.code));
  if (bad.length) throw Errors.unprocessable(bad[0]!.code, describeViolations(bad));
  const mover = plan.rows.find((r) => r.id === memberId)!;
  if (toGroup !== null && mover.status !== 'active') throw Errors.conflict(`${mover.displayName} is ${mover.status} and cannot be placed in a group`, 'INACTIVE_MEMBERS');

  const broken = brokenRules(round, plan, memberId, toGroup);
  if (broken.length && !body.override) {
    throw Errors.conflict(`This move breaks a hard rule. ${describeViolations(broken)}. Send override: true with a reason to apply it anyway.`, primaryCode(broken));
  }
  const next = plan.next;
  if (broken.length) {
    const keys = broken.map(violationKey).filter((k): k is string => k !== null);
    next.accepted = [...new Set([...(next.accepted ?? []), ...keys])];
    next.overrides = [
      ...(next.overrides ?? []),
      {
        at: new Date().toISOString(),
        actorId: adminId,
        action: 'move',
        memberId,
        fromGroup: from >= 0 ? from : null,
        toGroup,
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
      action: broken.length ? 'matching.round.override' : 'matching.round.move',
      targetType: 'matching_round',
      targetId: id,
      reason: broken.length ? body.reason : (body.reason ?? null),
      details: {
        memberId,
        fromGroup: from >= 0 ? from : null,
        toGroup,
        version: row.version,
        ...(broken.length ? { violations: broken.map((v) => ({ code: v.code, message: v.message, memberIds: v.memberIds })) } : {}),
      },
    });
    return row;
  });
}
