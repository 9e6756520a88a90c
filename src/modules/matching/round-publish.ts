// Publishing a draft: re-checked against current profiles and history, then circles and proposed memberships in one transaction.
import { randomUUID } from 'node:crypto';
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { insertCircles, type NewCircle } from './circles.repo.js';
import { MODE_WORD, allGroupMembers, describeViolations, engineOptions, violationKey, type Kind, type RoundResult } from './draft.js';
import type { Violation } from './engine/index.js';
import type { DbOrTx } from '../../db/client.js';
import { circleNames } from './circle-names.js';
import { findCandidatesByIds, findRound, loadHistory, markPublished, toMatchMember, type CandidateRow, type RoundRow } from './matching.repo.js';
import { lockSeats, seatedMembers } from './seats.repo.js';
import type { MatchingDeps } from './matching.deps.js';
import type { PublishBody } from './matching.schemas.js';
import { lostRace } from './round-moves.js';

/**
 * Pairwise hard-rule violations the draft does not already hold knowingly: profiles changed (a new
 * avoid entry, a move across town) or another round of the mode was published since the draft.
 */
async function freshViolations(deps: MatchingDeps, round: RoundRow, memberIds: string[]): Promise<{ violations: Violation[]; rows: CandidateRow[] }> {
  const { db } = deps.database;
  const rows = await findCandidatesByIds(db, memberIds);
  const found = new Map(rows.map((r) => [r.id, r]));
  const inactive = memberIds.filter((id) => found.get(id)?.status !== 'active');
  if (inactive.length) {
    const who = inactive.map((id) => `${found.get(id)?.displayName ?? id} (${found.get(id)?.status ?? 'gone'})`);
    throw Errors.conflict(`Only active members can be placed in circles; move these out first: ${who.join(', ')}`, 'INACTIVE_MEMBERS');
  }
  // The round itself is not its own history: a concurrent publish of it must lose as ALREADY_PUBLISHED, not as a repeat.
  const history = await loadHistory(db, round.params.mode, round.params.noRepeatRounds, memberIds, round.id);
  const job = { op: 'rescore' as const, groups: round.result.groups.map((g) => ({ memberIds: g.memberIds })), members: rows.map(toMatchMember), options: engineOptions(round.params, history) };
  const { value } = await deps.runner.run(job);
  const accepted = new Set(round.result.accepted ?? []);
  const seen = new Set<string>();
  const violations = value.violations.filter((v) => {
    const key = violationKey(v);
    if (key === null || accepted.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { violations, rows };
}

/** Refuses (409 DOUBLE_BOOKED, no override) to seat anyone who already holds an open seat of the kind. Run under lockSeats. */
export async function refuseDoubleBooking(db: DbOrTx, kind: Kind, memberIds: readonly string[], names: Record<string, string>): Promise<void> {
  const seated = await seatedMembers(db, kind, memberIds);
  if (seated.size === 0) return;
  const who = [...seated.values()].map((s) => `${names[s.memberId] ?? s.memberId} (in ${s.circleName ?? s.circleId})`);
  throw Errors.conflict(
    `These members already hold a seat in an open ${kind}: ${who.slice(0, 20).join(', ')}${who.length > 20 ? `, … (${who.length} in all)` : ''}. ` +
      'Move them out of the draft, or close or leave their current one first.',
    'DOUBLE_BOOKED',
  );
}

export async function publishRound(deps: MatchingDeps, adminId: string, id: string, body: PublishBody = {}): Promise<RoundRow> {
  const { db } = deps.database;
  if (body.override && !body.reason) throw Errors.badRequest('REASON_REQUIRED', 'An override needs a reason (it is written to the audit log)');
  const round = await findRound(db, id);
  if (!round) throw Errors.notFound('Matching round');
  if (round.status === 'published') throw Errors.conflict('This round is already published', 'ALREADY_PUBLISHED');
  if (body.version !== undefined && body.version !== round.version) {
    throw Errors.conflict(`You reviewed version ${body.version}, the draft is at version ${round.version}; reload it and try again`, 'VERSION_CONFLICT');
  }
  const { result, params } = round;
  if (result.groups.length === 0) throw Errors.conflict('This draft has no groups to publish', 'EMPTY_ROUND');
  const lonely = result.groups.findIndex((g) => g.memberIds.length < 2);
  if (lonely >= 0) throw Errors.conflict(`Group ${lonely} has a single member; move them to another group or out first`, 'GROUP_TOO_SMALL');

  const kind = MODE_WORD[params.mode];
  // A double booking is the clearer answer than the repeats it also causes: checked first (and again under the lock below).
  await refuseDoubleBooking(db, kind, allGroupMembers(result), result.names ?? {});
  const { violations: fresh, rows } = await freshViolations(deps, round, allGroupMembers(result));
  if (fresh.length) await refuseDoubleBooking(db, kind, allGroupMembers(result), result.names ?? {});
  if (fresh.length && !body.override) {
    throw Errors.conflict(
      `Since this draft was made, it breaks hard rules: ${describeViolations(fresh)}. Move members, or publish with override: true and a reason.`,
      'STALE_DRAFT',
    );
  }

  const termStart = new Date();
  const termEnd = new Date(termStart.getTime() + deps.config.CIRCLE_TERM_DAYS * 86_400_000);
  const names = circleNames(kind, result.groups, new Map(rows.map((r) => [r.id, r.profile])));
  const made: NewCircle[] = result.groups.map((g, i) => ({
    id: randomUUID(),
    kind,
    roundId: id,
    name: names[i]!,
    score: g.score,
    reasons: g.reasons,
    memberIds: g.memberIds,
    termStart,
    termEnd,
  }));
  const next: RoundResult = { ...result, groups: result.groups.map((g, i) => ({ ...g, circleId: made[i]!.id })) };
  if (fresh.length) {
    next.accepted = [...new Set([...(result.accepted ?? []), ...fresh.map((v) => violationKey(v)!)])];
    next.overrides = [
      ...(result.overrides ?? []),
      {
        at: new Date().toISOString(),
        actorId: adminId,
        action: 'publish',
        memberId: null,
        fromGroup: null,
        toGroup: null,
        codes: [...new Set(fresh.map((v) => v.code))],
        messages: fresh.map((v) => v.message),
        reason: body.reason!,
      },
    ];
  }

  const published = await db.transaction(async (tx) => {
    // Seats of this kind are handed out one transaction at a time: a concurrent publish sharing a member waits, then sees its seats.
    await lockSeats(tx, kind);
    const row = await markPublished(tx, id, round.version, next);
    if (!row) {
      const now = await findRound(tx, id);
      if (now?.status === 'published') throw Errors.conflict('This round is already published', 'ALREADY_PUBLISHED');
      return lostRace(tx, id);
    }
    await refuseDoubleBooking(tx, kind, allGroupMembers(result), result.names ?? {});
    await insertCircles(tx, made);
    await deps.hooks?.onPublished?.(tx, made.map((c) => ({ id: c.id, kind: c.kind, roundId: id, memberIds: c.memberIds })));
    await deps.notifier?.notify(
      tx,
      made.flatMap((c) =>
        c.memberIds.map((memberId) => ({
          memberId,
          kind: 'matched' as const,
          data: { circleId: c.id, circleKind: kind, circleName: c.name, members: c.memberIds.length },
          dedupeKey: `matched:${c.id}:${memberId}`,
        })),
      ),
    );
    if (fresh.length) {
      await recordAudit(tx, {
        actorId: adminId,
        action: 'matching.round.override',
        targetType: 'matching_round',
        targetId: id,
        reason: body.reason,
        details: { at: 'publish', violations: fresh.map((v) => ({ code: v.code, message: v.message, memberIds: v.memberIds })) },
      });
    }
    await recordAudit(tx, {
      actorId: adminId,
      action: 'matching.round.publish',
      targetType: 'matching_round',
      targetId: id,
      details: { mode: params.mode, circles: made.length, members: made.reduce((t, c) => t + c.memberIds.length, 0), version: row.version },
    });
    return row;
  });
  // Chat opens a room per circle; listeners run after the commit, so they see the rows.
  for (const c of made) deps.events.emit('circle.created', { circleId: c.id, memberIds: c.memberIds });
  return published;
}
