// Matching rounds: draft (engine inline or in a worker), inspect, list, move members, publish into circles.
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { MODE_WORD, engineOptions, violationKey, type RoundParams, type RoundResult } from './draft.js';
import type { MatchingDeps } from './matching.deps.js';
import {
  findCandidatesByIds,
  findOptedIn,
  findRound,
  insertRound,
  listRounds,
  loadHistory,
  rematchSource,
  toMatchMember,
  type CandidateRow,
  type RoundRow,
} from './matching.repo.js';
import type { CreateRoundBody, MoveBody, PublishBody } from './matching.schemas.js';
import { moveInRound } from './round-moves.js';
import { swapInRound } from './round-swap.js';
import { moveTargets } from './round-targets.js';
import { publishRound } from './round-publish.js';
import { resolveRoundOptions } from './round-options.js';
import { seatedMembers } from './seats.repo.js';

const listIds = (ids: readonly string[], max = 20) => ids.slice(0, max).join(', ') + (ids.length > max ? `, … (${ids.length} in all)` : '');

/** The members a new round matches: the admin's list (all known and active) or every opted-in active member. */
async function namedOrOptedIn(deps: MatchingDeps, mode: RoundParams['mode'], memberIds: string[] | undefined) {
  const word = MODE_WORD[mode];
  if (!memberIds) return { eligible: await findOptedIn(deps.database.db, word), excluded: [] as RoundResult['excluded'] };
  const rows = await findCandidatesByIds(deps.database.db, memberIds);
  const found = new Set(rows.map((r) => r.id));
  const unknown = memberIds.filter((id) => !found.has(id));
  if (unknown.length) throw Errors.unprocessable('UNKNOWN_MEMBERS', `No such members: ${listIds(unknown)}`);
  const inactive = rows.filter((r) => r.status !== 'active');
  if (inactive.length) {
    throw Errors.unprocessable('INACTIVE_MEMBERS', `Only active members can be matched; not active: ${listIds(inactive.map((r) => `${r.id} (${r.status})`))}`);
  }
  const eligible: CandidateRow[] = [];
  const excluded: RoundResult['excluded'] = [];
  for (const r of rows) {
    if ((r.profile.wants ?? []).includes(word)) eligible.push(r);
    else excluded.push({ memberId: r.id, reason: `has not opted in to ${mode} (profile.wants has no "${word}")` });
  }
  return { eligible, excluded };
}

/**
 * The round's members: named, opted in, or (re-match) the last published round's decliners and
 * unmatched; then, unless the admin asks includePlaced, without those already seated in an open
 * circle of the mode, each listed in `excluded` with the circle that holds them.
 */
async function resolveMembers(deps: MatchingDeps, body: CreateRoundBody) {
  const { db } = deps.database;
  let named = body.memberIds;
  let rematchOf: string | undefined;
  if (body.rematch || body.rematchOf) {
    const source = await rematchSource(db, body.mode, body.rematchOf);
    if (!source && body.rematchOf) throw Errors.notFound(`Published ${body.mode} round`);
    if (!source) throw Errors.unprocessable('NOTHING_TO_REMATCH', `No ${body.mode} round has been published yet`);
    rematchOf = source.roundId;
    // Only those still active: a suspended decliner is not re-matched.
    const rows = await findCandidatesByIds(db, source.memberIds);
    named = rows.filter((r) => r.status === 'active').map((r) => r.id);
    if (named.length === 0) throw Errors.unprocessable('NOTHING_TO_REMATCH', `Nobody declined or was left unmatched in that published ${body.mode} round`);
  }
  const { eligible, excluded } = await namedOrOptedIn(deps, body.mode, named);
  if (body.includePlaced) return { eligible, excluded, rematchOf };
  const seated = await seatedMembers(db, MODE_WORD[body.mode], eligible.map((r) => r.id));
  if (seated.size === 0) return { eligible, excluded, rematchOf };
  for (const [memberId, seat] of seated) {
    excluded.push({ memberId, reason: `already seated in ${seat.circleName ?? 'an open circle'} (${seat.circleId}); send includePlaced: true to match them anyway` });
  }
  return { eligible: eligible.filter((r) => !seated.has(r.id)), excluded, rematchOf };
}

export function createMatchingService(deps: MatchingDeps) {
  const { database, runner } = deps;
  const { db } = database;

  async function createRound(adminId: string, body: CreateRoundBody): Promise<RoundRow> {
    const options = resolveRoundOptions(body, deps.config);
    const { eligible, excluded, rematchOf } = await resolveMembers(deps, body);
    if (eligible.length < options.minSize) {
      throw Errors.unprocessable(
        'NOT_ENOUGH_MEMBERS',
        `A ${options.mode} round needs at least ${options.minSize} eligible members (active, opted in to ${options.mode}); found ${eligible.length}`,
      );
    }
    const params: RoundParams = {
      ...options,
      memberIds: eligible.map((r) => r.id),
      explicitMembers: body.memberIds !== undefined || rematchOf !== undefined,
      includePlaced: body.includePlaced === true,
      ...(rematchOf ? { rematchOf } : {}),
    };
    const history = await loadHistory(db, params.mode, params.noRepeatRounds, params.memberIds);
    const computed = await runner.run({ op: 'run', members: eligible.map(toMatchMember), options: engineOptions(params, history) });
    const { result: engine, violations } = computed.value;
    const result: RoundResult = {
      groups: engine.groups,
      unmatched: engine.unmatched,
      notes: engine.notes,
      objective: engine.objective,
      upperBound: engine.upperBound,
      ratio: engine.ratio,
      stats: engine.stats,
      names: Object.fromEntries(eligible.map((r) => [r.id, r.displayName])),
      excluded,
      overrides: [],
      // Repeats the engine could not avoid (no alternative existed) are part of the proposal as made.
      accepted: [...new Set(violations.map(violationKey).filter((k): k is string => k !== null))],
      computedIn: computed.computedIn,
    };
    return db.transaction(async (tx) => {
      const row = await insertRound(tx, { mode: params.mode, params, result, createdBy: adminId });
      await recordAudit(tx, {
        actorId: adminId,
        action: 'matching.round.create',
        targetType: 'matching_round',
        targetId: row.id,
        details: {
          mode: params.mode,
          members: params.memberIds.length,
          excluded: excluded.length,
          groups: result.groups.length,
          unmatched: result.unmatched.length,
          seed: params.seed,
          includePlaced: params.includePlaced,
          rematchOf: params.rematchOf ?? null,
          minSize: params.minSize,
          maxSize: params.maxSize,
          weights: params.weights,
          computedIn: computed.computedIn,
        },
      });
      return row;
    });
  }

  async function getRound(id: string): Promise<RoundRow> {
    const row = await findRound(db, id);
    if (!row) throw Errors.notFound('Matching round');
    return row;
  }

  return {
    createRound,
    getRound,
    listRounds: (filter: Parameters<typeof listRounds>[1]) => listRounds(db, filter),
    move: (adminId: string, id: string, body: MoveBody) =>
      body.swapWith !== undefined ? swapInRound(deps, adminId, id, { ...body, swapWith: body.swapWith }) : moveInRound(deps, adminId, id, body),
    publish: (adminId: string, id: string, body: PublishBody) => publishRound(deps, adminId, id, body),
    moveTargets: (id: string, memberId: string) => moveTargets(deps, id, memberId),
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
