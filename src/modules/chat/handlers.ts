// Client frames that need the database, each answered on the socket that sent it (frames run one at a time per socket).
import { Errors } from '../../errors.js';
import type { ChatService } from './chat.service.js';
import type { Connection } from './connection.js';
import type { Frame } from './frames.js';
import type { Hub } from './hub.js';
import type { SubscribeOutcome } from './subscription.js';
import type { RoomAccess } from './rooms.repo.js';
import { findRoomsAccess } from './rooms.repo.js';
import type { Db } from '../../db/client.js';

const withRef = <T extends object>(frame: T, ref: string | undefined) => (ref === undefined ? frame : { ...frame, ref });

export class FrameHandlers {
  constructor(
    private readonly service: ChatService,
    private readonly hub: Hub,
    private readonly db: Db,
  ) {}

  async handle(conn: Connection, frame: Frame): Promise<void> {
    switch (frame.type) {
      case 'subscribe': {
        const room = await this.service.requireRoom(conn.memberId, frame.roomId);
        this.dropSubscription(conn, frame.roomId);
        const outcome = await this.hub.subscribe(conn, frame.roomId, frame.sinceSeq, room.lastSeq);
        this.settle(conn, frame.roomId, outcome);
        return;
      }
      case 'resume':
        return this.resume(conn, frame.rooms, frame.ref);
      case 'unsubscribe': {
        if (!conn.subs.has(frame.roomId)) return conn.error('NOT_SUBSCRIBED', 'Not subscribed to this room', frame.ref);
        this.dropSubscription(conn, frame.roomId);
        return conn.send(withRef({ type: 'unsubscribed', roomId: frame.roomId }, frame.ref));
      }
      case 'send': {
        conn.expectAck(frame.roomId, frame.clientMsgId, frame.ref);
        try {
          await this.service.send(conn.memberId, frame, ({ row }) => conn.ackOnce(row));
        } finally {
          conn.dropAck(frame.roomId, frame.clientMsgId);
        }
        return;
      }
      case 'edit': {
        const row = await this.service.edit(conn.memberId, frame.roomId, frame.id, frame.body);
        return conn.send(withRef({ type: 'ok', op: 'edit', roomId: row.roomId, id: row.id, seq: row.seq }, frame.ref));
      }
      case 'delete': {
        const row = await this.service.remove(conn.memberId, frame.roomId, frame.id);
        return conn.send(withRef({ type: 'ok', op: 'delete', roomId: row.roomId, id: row.id, seq: row.seq }, frame.ref));
      }
      case 'read': {
        const marker = await this.service.markRead(conn.memberId, frame.roomId, frame.seq);
        return conn.send(withRef({ type: 'ok', op: 'read', roomId: frame.roomId, seq: marker.seq, unread: marker.unread }, frame.ref));
      }
      default:
        throw Errors.badRequest('UNKNOWN_TYPE', 'Unknown frame type');
    }
  }

  /**
   * One frame for all of a member's rooms: access checked in one query, replays read in one query, then per room the
   * usual `message…` `subscribed` `presence` (or `resync_required`), and a closing `resumed` listing each room's outcome.
   */
  private async resume(conn: Connection, rooms: readonly { roomId: string; sinceSeq?: number }[], ref: string | undefined): Promise<void> {
    const unique = [...new Map(rooms.map((r) => [r.roomId, r])).values()];
    const access = new Map<string, RoomAccess>((await findRoomsAccess(this.db, unique.map((r) => r.roomId), conn.memberId)).map((r) => [r.id, r]));
    // Circle rooms never used yet have no row: the one-room path makes them.
    for (const r of unique) {
      if (access.has(r.roomId)) continue;
      const made = await this.service.requireRoom(conn.memberId, r.roomId).catch(() => null);
      if (made) access.set(r.roomId, made);
    }
    const wanted = unique.filter((r) => access.has(r.roomId));
    for (const r of wanted) this.dropSubscription(conn, r.roomId);
    const outcomes = await this.hub.subscribeMany(
      conn,
      wanted.map((r) => ({ roomId: r.roomId, sinceSeq: r.sinceSeq, roomLastSeq: access.get(r.roomId)!.lastSeq })),
    );
    const byRoom = new Map<string, SubscribeOutcome>();
    wanted.forEach((r, i) => {
      const outcome = outcomes[i]!;
      byRoom.set(r.roomId, outcome);
      this.settle(conn, r.roomId, outcome);
    });
    const summary = unique.map((r) => {
      const outcome = byRoom.get(r.roomId);
      if (!outcome || outcome.kind === 'aborted') return { roomId: r.roomId, status: 'not_found' as const };
      return { roomId: r.roomId, lastSeq: outcome.lastSeq, status: outcome.kind === 'resync' ? ('resync_required' as const) : ('subscribed' as const) };
    });
    conn.send(withRef({ type: 'resumed', rooms: summary }, ref));
  }

  private settle(conn: Connection, roomId: string, outcome: SubscribeOutcome): void {
    if (outcome.kind === 'resync') conn.send({ type: 'resync_required', roomId, lastSeq: outcome.lastSeq });
    else if (outcome.kind === 'subscribed') {
      if (conn.closed) this.hub.unsubscribe(outcome.sub);
      else conn.subs.set(roomId, outcome.sub);
    }
  }

  private dropSubscription(conn: Connection, roomId: string): void {
    const existing = conn.subs.get(roomId);
    if (!existing) return;
    this.hub.unsubscribe(existing);
    conn.subs.delete(roomId);
  }
}
