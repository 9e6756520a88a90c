// The process's live rooms: reads new messages from the database in seq order and fans each frame out once per subscriber.
// Delivery is driven by the stored seq: a nudge (local commit, the bus, or the catch-up timer) only says "look again".
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { findMessages, lastSeqs, messagesAfter, messagesAfterMany, type MessageRow } from './chat.repo.js';
import { changeFrame, messageFrame } from './chat.views.js';
import { Presence } from './presence.js';

/** What the hub needs of a connection. */
export interface Subscriber {
  readonly memberId: string;
  readonly closed: boolean;
  sendRaw(data: string): void;
}

interface Pending {
  seq: number;
  data: string;
  /** An edit/delete frame: sent after the replay when the subscriber already has that seq. */
  update?: boolean;
}

export class Subscription {
  state: 'replaying' | 'live' = 'replaying';
  buffer: Pending[] = [];
  lastSeq = 0;
  ended = false;

  constructor(
    readonly conn: Subscriber,
    readonly room: LocalRoom,
  ) {}
}

export class LocalRoom {
  readonly subs = new Set<Subscription>();
  /** Every message up to this seq has been fanned out to the live subscriptions; null until the first replay sets it. */
  fetchedSeq: number | null = null;
  wantedSeq = 0;
  readonly pendingUpdates = new Set<string>();
  /** Its new messages are being read right now (the local fast path stands aside). */
  running = false;

  constructor(readonly id: string) {}
}

const PAGE = 200;
const PUMP_PAGE = 500;
const MAX_PAGES = 100;

export type SubscribeOutcome = { kind: 'subscribed'; sub: Subscription; lastSeq: number } | { kind: 'resync'; lastSeq: number } | { kind: 'aborted' };

export class Hub {
  readonly rooms = new Map<string, LocalRoom>();
  readonly presence: Presence;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly opts: { replayCap: number; publishPresence: (roomId: string, memberId: string, on: boolean) => void },
  ) {
    this.presence = new Presence((roomId, online) => this.broadcastPresence(roomId, online));
  }

  /**
   * Registers first (so live traffic is buffered), then replays seq > sinceSeq from the database, says `subscribed`,
   * then drains the buffer deduplicated by seq: no gap and no duplicate at the seam.
   */
  async subscribe(conn: Subscriber, roomId: string, sinceSeq: number | undefined, roomLastSeq: number): Promise<SubscribeOutcome> {
    const since = sinceSeq ?? roomLastSeq;
    if (since > roomLastSeq || roomLastSeq - since > this.opts.replayCap) return { kind: 'resync', lastSeq: roomLastSeq };
    let room = this.rooms.get(roomId);
    if (!room) {
      room = new LocalRoom(roomId);
      this.rooms.set(roomId, room);
    }
    const sub = new Subscription(conn, room);
    room.subs.add(sub);
    const cursor = await this.replay(sub, since);
    if (sub.ended || conn.closed) {
      this.unsubscribe(sub);
      return { kind: 'aborted' };
    }
    if (room.fetchedSeq === null) room.fetchedSeq = cursor;
    conn.sendRaw(JSON.stringify({ type: 'subscribed', roomId, lastSeq: cursor }));
    this.finishReplay(sub, cursor);
    if (room.wantedSeq > room.fetchedSeq) this.markDirty(room);
    const before = this.presence.online(roomId).join(',');
    if (this.presence.join(roomId, conn.memberId)) this.opts.publishPresence(roomId, conn.memberId, true);
    const online = this.presence.online(roomId);
    // When the list changed, the broadcast already reached this subscriber.
    if (online.join(',') === before) conn.sendRaw(JSON.stringify({ type: 'presence', roomId, online }));
    return { kind: 'subscribed', sub, lastSeq: cursor };
  }

  unsubscribe(sub: Subscription): void {
    if (sub.ended) return;
    sub.ended = true;
    const { room } = sub;
    room.subs.delete(sub);
    if (this.presence.leave(room.id, sub.conn.memberId)) this.opts.publishPresence(room.id, sub.conn.memberId, false);
    if (!room.subs.size && this.rooms.get(room.id) === room) this.rooms.delete(room.id);
  }

  /** Sends every stored message with seq > fromSeq, in order, to one subscriber; returns the last seq sent. */
  private async replay(sub: Subscription, fromSeq: number): Promise<number> {
    let cursor = fromSeq;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await messagesAfter(this.db, sub.room.id, cursor, PAGE);
      if (sub.ended || sub.conn.closed) return cursor;
      for (const row of rows) {
        sub.conn.sendRaw(messageFrame(row));
        cursor = row.seq;
      }
      if (rows.length < PAGE) break;
    }
    return cursor;
  }

  private finishReplay(sub: Subscription, cursor: number): void {
    sub.lastSeq = cursor;
    const buffered = sub.buffer;
    sub.buffer = [];
    sub.state = 'live';
    for (let i = 0; i < buffered.length; i++) {
      const item = buffered[i]!;
      if (item.update) {
        if (item.seq <= sub.lastSeq) sub.conn.sendRaw(item.data);
        continue;
      }
      if (!this.deliver(sub, item.seq, item.data)) {
        // A gap opened; the healing replay buffers from here on, so hand it the rest.
        sub.buffer.push(...buffered.slice(i + 1));
        return;
      }
    }
  }

  /** Live delivery to one subscription, deduplicated by seq; a gap (should not happen) heals by replaying from the database. */
  private deliver(sub: Subscription, seq: number, data: string): boolean {
    if (sub.state === 'replaying') {
      sub.buffer.push({ seq, data });
      return true;
    }
    if (seq <= sub.lastSeq) return true;
    if (seq === sub.lastSeq + 1) {
      sub.lastSeq = seq;
      sub.conn.sendRaw(data);
      return true;
    }
    this.log.warn({ roomId: sub.room.id, expected: sub.lastSeq + 1, got: seq }, 'chat: gap in live delivery, replaying from the database');
    sub.state = 'replaying';
    sub.buffer.push({ seq, data });
    void this.replay(sub, sub.lastSeq)
      .then((cursor) => {
        if (!sub.ended && !sub.conn.closed) this.finishReplay(sub, cursor);
      })
      .catch((err) => this.log.error({ err }, 'chat: healing replay failed'));
    return false;
  }

  private fanout(room: LocalRoom, rows: MessageRow[]): void {
    for (const row of rows) {
      const data = messageFrame(row);
      for (const sub of room.subs) this.deliver(sub, row.seq, data);
      room.fetchedSeq = row.seq;
    }
    if (room.wantedSeq < (room.fetchedSeq ?? 0)) room.wantedSeq = room.fetchedSeq ?? 0;
  }

  /** A message committed in this process: fan it out without reading it back when it is the next one. */
  messageStored(row: MessageRow): void {
    const room = this.rooms.get(row.roomId);
    if (!room) return;
    if (!room.running && room.fetchedSeq === row.seq - 1) this.fanout(room, [row]);
    else this.nudge(row.roomId, row.seq);
  }

  nudge(roomId: string, seq: number): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    if (seq > room.wantedSeq) room.wantedSeq = seq;
    if (room.fetchedSeq !== null && room.wantedSeq > room.fetchedSeq) this.markDirty(room);
  }

  changed(roomId: string, messageId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    room.pendingUpdates.add(messageId);
    this.markDirty(room);
  }

  private readonly dirty = new Set<LocalRoom>();
  private pumping = false;
  private pumpScheduled = false;

  private markDirty(room: LocalRoom): void {
    this.dirty.add(room);
    if (this.pumping || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  /**
   * One worker for all rooms: each round reads the new messages of every room that needs it in one query (so a burst
   * of nudges costs one round trip, not one per room), fans them out in seq order, then sends edits and deletes, so an
   * edit never overtakes its message. Nudges arriving meanwhile wait for the next round.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let round = 0; round < 10_000 && this.dirty.size; round++) {
        const rooms = [...this.dirty].filter((r) => this.rooms.get(r.id) === r);
        this.dirty.clear();
        const behind = rooms.filter((r) => r.fetchedSeq !== null && r.wantedSeq > r.fetchedSeq);
        for (const r of behind) r.running = true;
        let rows: MessageRow[];
        try {
          rows = await messagesAfterMany(this.db, behind.map((r) => ({ roomId: r.id, after: r.fetchedSeq! })), PUMP_PAGE);
        } finally {
          for (const r of behind) r.running = false;
        }
        const byRoom = new Map<string, MessageRow[]>();
        for (const row of rows) {
          let list = byRoom.get(row.roomId);
          if (!list) byRoom.set(row.roomId, (list = []));
          list.push(row);
        }
        for (const room of behind) {
          const list = (byRoom.get(room.id) ?? []).sort((a, b) => a.seq - b.seq);
          if (list.length) this.fanout(room, list);
          else room.wantedSeq = room.fetchedSeq!; // nothing newer is visible: the nudge was stale
          if (list.length === PUMP_PAGE || room.pendingUpdates.size) this.dirty.add(room);
        }
        const updating = rooms.filter((r) => r.pendingUpdates.size && !(r.wantedSeq > (r.fetchedSeq ?? Infinity)));
        if (updating.length) await this.sendUpdates(updating);
      }
    } catch (err) {
      this.log.error({ err }, 'chat: reading new messages failed; retrying');
      setTimeout(() => {
        for (const room of this.rooms.values()) if (room.pendingUpdates.size || (room.fetchedSeq !== null && room.wantedSeq > room.fetchedSeq)) this.markDirty(room);
      }, 500).unref();
    } finally {
      this.pumping = false;
      if (this.dirty.size) this.markDirty([...this.dirty][0]!);
    }
  }

  private async sendUpdates(rooms: LocalRoom[]): Promise<void> {
    const ids: string[] = [];
    const byId = new Map<string, LocalRoom>();
    for (const room of rooms) {
      for (const id of room.pendingUpdates) {
        ids.push(id);
        byId.set(id, room);
      }
      room.pendingUpdates.clear();
    }
    let rows: MessageRow[];
    try {
      rows = await findMessages(this.db, ids);
    } catch (err) {
      for (const [id, room] of byId) room.pendingUpdates.add(id); // try again with the next round
      throw err;
    }
    for (const row of rows) {
      const room = byId.get(row.id);
      if (!room || row.roomId !== room.id) continue;
      const data = changeFrame(row);
      for (const sub of room.subs) {
        if (sub.state === 'replaying') sub.buffer.push({ seq: row.seq, data, update: true });
        else if (row.seq <= sub.lastSeq) sub.conn.sendRaw(data);
      }
    }
  }

  /** Looks for messages a missed nudge would have announced (timer, and after the bus reconnects). */
  async catchUp(): Promise<void> {
    const ids = [...this.rooms.values()].filter((r) => r.fetchedSeq !== null).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const seqs = await lastSeqs(this.db, ids.slice(i, i + 1000));
      for (const [roomId, seq] of seqs) this.nudge(roomId, seq);
    }
  }

  typing(roomId: string, memberId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const data = JSON.stringify({ type: 'typing', roomId, memberId });
    for (const sub of room.subs) if (sub.state === 'live' && sub.conn.memberId !== memberId) sub.conn.sendRaw(data);
  }

  private broadcastPresence(roomId: string, online: string[]): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const data = JSON.stringify({ type: 'presence', roomId, online });
    for (const sub of room.subs) if (sub.state === 'live') sub.conn.sendRaw(data);
  }
}
