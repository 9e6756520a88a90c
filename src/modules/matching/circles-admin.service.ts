// The admin's circles after publishing: list with health, rename, facilitator, term, close (room read-only), backfill seats.
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { EventHub } from '../../lib/events.js';
import { recordAudit } from '../audit/index.js';
import type { Notifier } from '../notifications/port.js';
import { HEALTH_STATES, healthOf, lastActivity, sizesOf, type HealthSignals, type HealthState } from './circle-health.js';
import { backfillSuggestions, proposeSeatIn } from './circle-seats.js';
import { circleMembersOf as seatsOf, type CircleMemberView } from './circles.repo.js';
import { closeCircleRow, countClosedCircles, expiredCircleIds, findAdminCircle, listAdminCircles, updateCircleRow, type AdminCircleRow } from './circles-admin.repo.js';
import type { AdminCircleOut, PatchCircleBody, ProposeSeatBody } from './circles-admin.schemas.js';
import { MODE_WORD, type Kind } from './draft.js';
import type { MatchMode } from './engine/index.js';
import { isBelonging } from './membership.js';
import { z } from 'zod';

/** Meetings as the health check needs them; app.ts wires it to the meetings module when there is one. */
export interface MeetingsProbe {
  /** The circles among `circleIds` with a meeting scheduled from now on. */
  hasUpcoming(circleIds: readonly string[]): Promise<Set<string>>;
}

export interface CirclesAdminDeps {
  database: Database;
  config: Pick<Config, 'CIRCLE_INACTIVE_WEEKS' | 'NO_REPEAT_ROUNDS' | 'COMPETITOR_RADIUS_KM' | 'ALLIANCE_RADIUS_KM'>;
  events: EventHub;
  notifier?: Notifier;
  meetings?: MeetingsProbe;
  /** The newest chat message per circle room (chat's lastMessageAt); without it only seat changes count as activity. */
  lastMessageAt?: (circleIds: readonly string[]) => Promise<Map<string, Date>>;
}

/** Every seat of the circles (all statuses), grouped by circle. */
async function circleMembersOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, CircleMemberView[]>> {
  const out = new Map<string, CircleMemberView[]>();
  for (const p of await seatsOf(db, ids, { onlyHolding: false })) {
    const list = out.get(p.circleId) ?? [];
    list.push(p);
    out.set(p.circleId, list);
  }
  return out;
}

const KIND_MODE: Record<Kind, MatchMode> = { pair: 'pairs', circle: 'circles', alliance: 'alliances' };
const listCursor = z.object({ createdAt: z.string(), id: z.uuid() });

export function createCirclesAdminService(deps: CirclesAdminDeps) {
  const { db } = deps.database;

  async function signals(ids: readonly string[]): Promise<HealthSignals> {
    const [upcoming, lastMessageAt] = await Promise.all([
      deps.meetings && ids.length ? deps.meetings.hasUpcoming(ids) : Promise.resolve(deps.meetings ? new Set<string>() : undefined),
      deps.lastMessageAt && ids.length ? deps.lastMessageAt(ids) : Promise.resolve(new Map<string, Date>()),
    ]);
    return { upcoming, lastMessageAt };
  }

  async function present(tx: DbOrTx, list: readonly AdminCircleRow[], given?: HealthSignals): Promise<AdminCircleOut[]> {
    const ids = list.map((r) => r.id);
    const [people, sig] = await Promise.all([circleMembersOf(tx, ids), given ? Promise.resolve(given) : signals(ids)]);
    const now = new Date();
    return list.map((r) => {
      const size = sizesOf(r);
      const seated = r.proposed + r.accepted;
      return {
        id: r.id,
        kind: r.kind,
        mode: KIND_MODE[r.kind],
        name: r.name,
        roundId: r.roundId,
        facilitatorId: r.facilitatorId,
        term: { start: r.termStart, end: r.termEnd },
        status: r.closedAt ? 'closed' : 'open',
        closedAt: r.closedAt,
        closedReason: r.closedReason,
        size: { min: size.min, max: size.max, seated, openSeats: r.closedAt ? 0 : Math.max(0, size.max - seated) },
        counts: { proposed: r.proposed, accepted: r.accepted, declined: r.declined, removed: r.removed },
        members: (people.get(r.id) ?? []).map((p) => ({ id: p.memberId, displayName: p.displayName, status: p.status, memberStatus: p.memberStatus })),
        health: healthOf(r, sig, { inactiveWeeks: deps.config.CIRCLE_INACTIVE_WEEKS, now }),
        lastActivityAt: lastActivity(r, sig).toISOString(),
        createdAt: r.createdAt,
      };
    });
  }

  /** With a health filter, pages are scanned until enough circles match (health needs other modules' data, so it is not SQL). */
  async function list(query: { mode?: MatchMode; health?: HealthState; status?: 'open' | 'closed'; limit: number; cursor?: string }) {
    const kind = query.mode ? MODE_WORD[query.mode] : undefined;
    let after = decodeCursor(query.cursor, listCursor);
    const picked: AdminCircleOut[] = [];
    const batch = query.health ? Math.max(100, query.limit * 3) : query.limit + 1;
    for (;;) {
      const page = await listAdminCircles(db, { kind, status: query.health ? 'open' : query.status, limit: batch, after });
      const shown = await present(db, page);
      for (const c of shown) if (!query.health || c.health.includes(query.health)) picked.push(c);
      const last = page[page.length - 1];
      if (picked.length > query.limit || page.length < batch || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const items = picked.slice(0, query.limit);
    const tail = items[items.length - 1];
    return { items, nextCursor: picked.length > query.limit && tail ? encodeCursor({ createdAt: tail.createdAt, id: tail.id }) : null };
  }

  /** Open circles counted by health state (a circle in two states counts in both), and closed circles: the network overview. */
  async function healthCounts(): Promise<{ open: number; closed: number; byHealth: Record<HealthState, number> }> {
    const byHealth = Object.fromEntries(HEALTH_STATES.map((h) => [h, 0])) as Record<HealthState, number>;
    let open = 0;
    let after: { createdAt: string; id: string } | undefined;
    const now = new Date();
    for (;;) {
      const page = await listAdminCircles(db, { status: 'open', limit: 500, after });
      const sig = await signals(page.map((r) => r.id));
      for (const r of page) for (const h of healthOf(r, sig, { inactiveWeeks: deps.config.CIRCLE_INACTIVE_WEEKS, now })) byHealth[h] += 1;
      open += page.length;
      const last = page[page.length - 1];
      if (page.length < 500 || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    return { open, closed: await countClosedCircles(db), byHealth };
  }

  async function get(id: string): Promise<AdminCircleOut> {
    const row = await findAdminCircle(db, id);
    if (!row) throw Errors.notFound('Circle');
    return (await present(db, [row]))[0]!;
  }

  async function update(adminId: string, id: string, body: PatchCircleBody): Promise<AdminCircleOut> {
    const term = body.term ? { start: new Date(body.term.start), end: new Date(body.term.end) } : undefined;
    if (term && term.end.getTime() <= term.start.getTime()) throw Errors.badRequest('INVALID_TERM', 'The term must end after it starts');
    await db.transaction(async (tx) => {
      const row = await findAdminCircle(tx, id, { lock: true });
      if (!row) throw Errors.notFound('Circle');
      if (row.closedAt) throw Errors.conflict('This circle is closed; its history is kept as it was', 'CIRCLE_CLOSED');
      if (body.facilitatorId) {
        const seat = (await circleMembersOf(tx, [id])).get(id)?.find((p) => p.memberId === body.facilitatorId);
        if (!seat || !isBelonging(seat.status) || seat.memberStatus !== 'active') {
          throw Errors.unprocessable('NOT_A_MEMBER', 'The facilitator must be an active member holding a seat in this circle');
        }
      }
      await updateCircleRow(tx, id, { name: body.name, facilitatorId: body.facilitatorId, termStart: term?.start, termEnd: term?.end });
      await recordAudit(tx, {
        actorId: adminId,
        action: 'circle.update',
        targetType: 'circle',
        targetId: id,
        details: {
          ...(body.name !== undefined ? { name: { from: row.name, to: body.name } } : {}),
          ...(body.facilitatorId !== undefined ? { facilitatorId: { from: row.facilitatorId, to: body.facilitatorId } } : {}),
          ...(term ? { term: { from: { start: row.termStart, end: row.termEnd }, to: { start: term.start.toISOString(), end: term.end.toISOString() } } } : {}),
        },
      });
    });
    return get(id);
  }

  async function close(adminId: string, id: string, reason: string | undefined): Promise<AdminCircleOut> {
    await db.transaction(async (tx) => {
      const row = await findAdminCircle(tx, id, { lock: true });
      if (!row) throw Errors.notFound('Circle');
      if (row.closedAt) throw Errors.conflict('This circle is already closed', 'ALREADY_CLOSED');
      const early = new Date(row.termEnd).getTime() > Date.now();
      if (early && !reason) throw Errors.badRequest('REASON_REQUIRED', `The term runs until ${row.termEnd}; closing it early needs a reason (audited)`);
      await closeCircleRow(tx, id, adminId, reason ?? null);
      await recordAudit(tx, { actorId: adminId, action: 'circle.close', targetType: 'circle', targetId: id, reason: reason ?? null, details: { early, termEnd: row.termEnd } });
    });
    // After the commit: chat makes the room read-only (history kept).
    deps.events.emit('circle.closed', { circleId: id });
    return get(id);
  }

  /**
   * Closes circles whose term has ended (the timer sweep): each in its own transaction, audited with no actor,
   * circle.closed after each commit. Several processes may sweep at once: the conditional update closes each once.
   */
  async function closeExpired(): Promise<string[]> {
    const closed: string[] = [];
    for (const id of await expiredCircleIds(db, 100)) {
      const done = await db.transaction(async (tx) => {
        if (!(await closeCircleRow(tx, id, null, 'the term ended'))) return false;
        await recordAudit(tx, { actorId: null, action: 'circle.close', targetType: 'circle', targetId: id, reason: 'The term ended', details: { auto: true } });
        return true;
      });
      if (done) {
        closed.push(id);
        deps.events.emit('circle.closed', { circleId: id });
      }
    }
    return closed;
  }

  return {
    closeExpired,
    list,
    healthCounts,
    get,
    update,
    close,
    backfill: (id: string, limit?: number) => backfillSuggestions(deps, id, limit),
    proposeSeat: async (adminId: string, id: string, body: ProposeSeatBody) => {
      await proposeSeatIn(deps, adminId, id, body);
      return get(id);
    },
  };
}

export type CirclesAdminService = ReturnType<typeof createCirclesAdminService>;
