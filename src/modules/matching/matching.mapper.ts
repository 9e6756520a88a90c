// Turns round and circle rows into the shapes that leave the server.
import type { CircleMemberView, CircleRow, MembershipRow, MembershipStatus } from './circles.repo.js';
import type { RoundRow, RoundSummaryRow } from './matching.repo.js';
import type { CircleOut, RoundOut } from './matching.schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRoundOut(row: RoundRow): RoundOut {
  const { params, result } = row;
  const names = result.names ?? {};
  return {
    id: row.id,
    mode: row.mode,
    status: row.status,
    version: row.version,
    params: {
      minSize: params.minSize,
      maxSize: params.maxSize,
      weights: { ...params.weights },
      seed: params.seed,
      noRepeatRounds: params.noRepeatRounds,
      competitorRadiusKm: params.competitorRadiusKm,
      allianceRadiusKm: params.allianceRadiusKm,
      memberCount: params.memberIds.length,
      explicitMembers: params.explicitMembers,
      ...(params.rematchOf ? { rematchOf: params.rematchOf } : {}),
    },
    groups: result.groups.map((g, index) => ({
      index,
      memberIds: g.memberIds,
      score: g.score,
      reasons: g.reasons,
      members: g.memberIds.map((id) => ({ id, displayName: names[id] ?? '' })),
      circleId: g.circleId ?? null,
    })),
    unmatched: result.unmatched.map((u) => ({ memberId: u.memberId, displayName: names[u.memberId] ?? null, reason: u.reason })),
    excluded: result.excluded ?? [],
    notes: result.notes,
    objective: result.objective,
    upperBound: result.upperBound,
    ratio: result.ratio,
    stats: { ...result.stats },
    overrides: result.overrides ?? [],
    computedIn: result.computedIn,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
  };
}

export function toRoundSummary(row: RoundSummaryRow) {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
  };
}

export function toCircleOut(row: CircleRow, myStatus: MembershipStatus | null, people: readonly CircleMemberView[], unread?: number): CircleOut {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    roundId: row.roundId,
    score: row.score,
    reasons: row.reasons,
    createdAt: row.createdAt.toISOString(),
    facilitatorId: row.facilitatorId,
    term: { start: row.termStart.toISOString(), end: row.termEnd.toISOString() },
    status: row.closedAt ? 'closed' : 'open',
    myStatus,
    members: people.map((p) => ({
      id: p.memberId,
      displayName: p.displayName,
      practiceName: p.practiceName,
      practiceType: p.practiceType,
      city: p.city,
      state: p.state,
      status: p.status,
    })),
    ...(unread !== undefined ? { unread } : {}),
  };
}

export function toMembership(row: MembershipRow) {
  return { circleId: row.circleId, memberId: row.memberId, status: row.status, respondedAt: iso(row.respondedAt) };
}
