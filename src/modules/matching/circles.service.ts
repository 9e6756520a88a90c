// Circles as members see them: my circles with their members and reasons, one circle, accept and decline.
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import type { EventHub } from '../../lib/events.js';
import type { SessionIdentity } from '../auth/sessions.repo.js';
import {
  HOLDING,
  circleMembersOf,
  findCircle,
  findMembership,
  listMyCircles,
  transitionMembership,
  type MembershipRow,
  type MembershipStatus,
} from './circles.repo.js';
import type { MatchingHooks } from './hooks.js';
import { toCircleOut } from './matching.mapper.js';
import type { CircleOut } from './matching.schemas.js';

export interface CirclesDeps {
  database: Database;
  events: EventHub;
  /** Unread messages per circle room (the chat module's unreadCounts), when chat is there. */
  unreadCounts?: (memberId: string) => Promise<Map<string, number>>;
  log?: { warn(obj: object, msg: string): void };
  /** Other modules' hooks (e.g. the alliance ledger confirms an alliance when its circle is accepted), run in the answer's transaction. */
  hooks?: MatchingHooks;
}

export function createCirclesService({ database, events, unreadCounts, log, hooks }: CirclesDeps) {
  const { db } = database;

  /** Moves a seat and tells the hooks in the same transaction. */
  const answer = (circleId: string, memberId: string, from: MembershipStatus[], to: 'accepted' | 'declined') =>
    db.transaction(async (tx) => {
      const moved = await transitionMembership(tx, circleId, memberId, from, to);
      if (moved) await hooks?.onSeatAnswered?.(tx, { circleId, memberId, status: to });
      return moved;
    });

  async function unreadFor(memberId: string): Promise<Map<string, number> | null> {
    if (!unreadCounts) return null;
    try {
      return await unreadCounts(memberId);
    } catch (err) {
      // Unread counts are a convenience: a chat failure must not take the circles list down.
      log?.warn({ err }, 'circles: unread counts unavailable');
      return null;
    }
  }

  async function myCircles(memberId: string, filter: { statuses: MembershipStatus[]; limit: number; after?: { createdAt: string; id: string } }) {
    const rows = await listMyCircles(db, memberId, filter);
    const [people, unread] = await Promise.all([circleMembersOf(db, rows.map((r) => r.id), { onlyHolding: true }), unreadFor(memberId)]);
    return rows.map((r) => toCircleOut(r, r.myStatus, people.filter((p) => p.circleId === r.id), unread ? (unread.get(r.id) ?? 0) : undefined));
  }

  /** Members of the circle (proposed or accepted) and admins see it; anyone else gets 404, as for a circle that does not exist. */
  async function getCircle(viewer: Pick<SessionIdentity, 'memberId' | 'role'>, id: string): Promise<CircleOut> {
    const circle = await findCircle(db, id);
    const mine = circle ? await findMembership(db, id, viewer.memberId) : undefined;
    const isAdmin = viewer.role === 'admin';
    const holding = mine !== undefined && HOLDING.includes(mine.status);
    if (!circle || (!isAdmin && !holding)) throw Errors.notFound('Circle');
    // Admins see everyone with their status (declined, removed, suspended too); members see the current circle.
    const people = await circleMembersOf(db, [id], { onlyHolding: !isAdmin });
    const unread = holding ? await unreadFor(viewer.memberId) : null;
    return toCircleOut(circle, mine?.status ?? null, people, unread ? (unread.get(id) ?? 0) : undefined);
  }

  async function accept(memberId: string, circleId: string): Promise<MembershipRow> {
    const moved = await answer(circleId, memberId, ['proposed'], 'accepted');
    if (moved) return moved;
    const now = await findMembership(db, circleId, memberId);
    if (!now || now.status === 'removed') throw Errors.notFound('Circle');
    if (now.status === 'accepted') return now;
    throw Errors.conflict('You declined this circle; a declined match cannot be accepted again', 'ALREADY_DECLINED');
  }

  async function decline(memberId: string, circleId: string): Promise<MembershipRow> {
    const moved = await answer(circleId, memberId, HOLDING, 'declined');
    if (moved) {
      events.emit('circle.member_removed', { circleId, memberId });
      return moved;
    }
    const now = await findMembership(db, circleId, memberId);
    if (!now || now.status === 'removed') throw Errors.notFound('Circle');
    return now;
  }

  return { myCircles, getCircle, accept, decline };
}

export type CirclesService = ReturnType<typeof createCirclesService>;
