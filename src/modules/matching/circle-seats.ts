// Open seats of a published circle: the engine's backfill suggestions, and an admin proposing a seat (hard rules checked, overrides audited).
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { sizesOf } from './circle-health.js';
import { everSeated, findAdminCircle, proposeSeat, type AdminCircleRow } from './circles-admin.repo.js';
import type { CirclesAdminDeps } from './circles-admin.service.js';
import type { ProposeSeatBody } from './circles-admin.schemas.js';
import { circleMembersOf } from './circles.repo.js';
import type { Kind } from './draft.js';
import { candidateViolations, suggestBackfill, type MatchMode, type MatchOptions, type Weights } from './engine/index.js';
import { findCandidatesByIds, findOptedIn, findRound, loadHistory, toMatchMember } from './matching.repo.js';
import { isBelonging } from './membership.js';
import { lockSeats, seatedMembers } from './seats.repo.js';
import type { DbOrTx } from '../../db/client.js';

const KIND_MODE: Record<Kind, MatchMode> = { pair: 'pairs', circle: 'circles', alliance: 'alliances' };
/** A seat proposal that breaks several rules answers with the first of these. */
const SEAT_CODES = ['COMPETITORS', 'AVOIDED', 'NOT_NEARBY', 'NOT_COMPLEMENTARY', 'REPEAT', 'GROUP_FULL', 'NOT_OPTED_IN'];

interface SeatViolation {
  code: string;
  message: string;
}

async function engineOptionsFor(deps: CirclesAdminDeps, db: DbOrTx, row: AdminCircleRow, ids: readonly string[]): Promise<MatchOptions> {
  const mode = KIND_MODE[row.kind];
  const size = sizesOf(row);
  const round = row.roundId ? await findRound(db, row.roundId) : undefined;
  const weights: Partial<Weights> | undefined = round?.params.weights;
  return {
    mode,
    minSize: Math.min(size.min, size.max),
    maxSize: size.max,
    ...(weights ? { weights } : {}),
    competitorRadiusKm: round?.params.competitorRadiusKm ?? deps.config.COMPETITOR_RADIUS_KM,
    allianceRadiusKm: round?.params.allianceRadiusKm ?? deps.config.ALLIANCE_RADIUS_KM,
    noRepeatRounds: deps.config.NO_REPEAT_ROUNDS,
    history: await loadHistory(db, mode, deps.config.NO_REPEAT_ROUNDS, ids),
  };
}

async function openCircle(db: DbOrTx, id: string, lock = false): Promise<AdminCircleRow> {
  const row = await findAdminCircle(db, id, { lock });
  if (!row) throw Errors.notFound('Circle');
  if (row.closedAt) throw Errors.conflict('This circle is closed: it takes no new members', 'CIRCLE_CLOSED');
  return row;
}

async function holdingIds(db: DbOrTx, id: string): Promise<string[]> {
  return (await circleMembersOf(db, [id], { onlyHolding: false })).filter((p) => isBelonging(p.status)).map((p) => p.memberId);
}

/**
 * Suggestions for the circle's open seats: active members who opted in to this kind, hold no open
 * seat of it, and never had a seat here; the engine keeps every hard rule and explains each pick.
 */
export async function backfillSuggestions(deps: CirclesAdminDeps, id: string, limit = 10) {
  const { db } = deps.database;
  const row = await openCircle(db, id);
  const seated = await holdingIds(db, id);
  const openSeats = Math.max(0, sizesOf(row).max - seated.length);
  if (openSeats === 0) return { circleId: id, openSeats, candidates: [] };
  const [pool, taken, ever, seatRows] = await Promise.all([findOptedIn(db, row.kind), seatedMembers(db, row.kind), everSeated(db, id), findCandidatesByIds(db, seated)]);
  const free = pool.filter((r) => !taken.has(r.id) && !ever.has(r.id));
  const everyone = [...seatRows, ...free];
  const options = await engineOptionsFor(deps, db, row, everyone.map((r) => r.id));
  const picks = suggestBackfill({ circles: [{ id, memberIds: seated }], members: everyone.map(toMatchMember), poolIds: free.map((r) => r.id), limit }, options);
  const names = new Map(free.map((r) => [r.id, r.displayName]));
  return {
    circleId: id,
    openSeats,
    candidates: (picks.get(id) ?? []).map((c) => ({ memberId: c.memberId, displayName: names.get(c.memberId) ?? '', score: c.score, reasons: c.reasons })),
  };
}

/** Proposes a seat to one member: double booking is never allowed; other hard rules need override + reason (audited). */
export async function proposeSeatIn(deps: CirclesAdminDeps, adminId: string, id: string, body: ProposeSeatBody): Promise<void> {
  if (body.override && !body.reason) throw Errors.badRequest('REASON_REQUIRED', 'An override needs a reason (it is written to the audit log)');
  await deps.database.db.transaction(async (tx) => {
    const row = await openCircle(tx, id, true);
    await lockSeats(tx, row.kind);
    const [candidate] = await findCandidatesByIds(tx, [body.memberId]);
    if (!candidate) throw Errors.unprocessable('UNKNOWN_MEMBER', `No such member: ${body.memberId}`);
    if (candidate.status !== 'active') throw Errors.unprocessable('INACTIVE_MEMBER', `${candidate.displayName} is ${candidate.status}; only active members can be seated`);
    const seated = await holdingIds(tx, id);
    if (seated.includes(candidate.id)) throw Errors.conflict(`${candidate.displayName} already holds a seat in this circle`, 'ALREADY_MEMBER');
    const elsewhere = (await seatedMembers(tx, row.kind, [candidate.id])).get(candidate.id);
    if (elsewhere) {
      throw Errors.conflict(`${candidate.displayName} already holds a seat in ${elsewhere.circleName ?? 'another open circle'} (${elsewhere.circleId}); one open seat per kind`, 'DOUBLE_BOOKED');
    }
    const violations: SeatViolation[] = [];
    const size = sizesOf(row);
    if (seated.length >= size.max) violations.push({ code: 'GROUP_FULL', message: `the circle is full (${seated.length} of ${size.max})` });
    if (!(candidate.profile.wants ?? []).includes(row.kind)) violations.push({ code: 'NOT_OPTED_IN', message: `${candidate.displayName} has not opted in to ${KIND_MODE[row.kind]}` });
    const seatRows = await findCandidatesByIds(tx, seated);
    const everyone = [...seatRows, candidate];
    const options = await engineOptionsFor(deps, tx, row, everyone.map((r) => r.id));
    for (const v of candidateViolations({ id, memberIds: seated }, candidate.id, everyone.map(toMatchMember), options)) violations.push({ code: v.code, message: v.message });
    if (violations.length && !body.override) {
      const code = SEAT_CODES.find((c) => violations.some((v) => v.code === c)) ?? violations[0]!.code;
      throw Errors.conflict(`This seat breaks a hard rule. ${violations.map((v) => `${v.code}: ${v.message}`).join('; ')}. Send override: true with a reason to seat them anyway.`, code);
    }
    await proposeSeat(tx, id, candidate.id);
    await recordAudit(tx, {
      actorId: adminId,
      action: violations.length ? 'circle.seat.override' : 'circle.seat.propose',
      targetType: 'circle',
      targetId: id,
      reason: body.reason ?? null,
      details: { memberId: candidate.id, seatedBefore: seated.length, ...(violations.length ? { violations } : {}) },
    });
    await deps.notifier?.notify(tx, {
      memberId: candidate.id,
      kind: 'matched',
      data: { circleId: id, circleKind: row.kind, circleName: row.name, members: seated.length + 1, backfill: true },
      dedupeKey: `matched:${id}:${candidate.id}:${Date.now()}`,
    });
  });
}
