// The process's live rooms: reads each room's ordered log (messages and changes) from the database in seq order and fans
// each frame out, serialised once, to every subscriber. A nudge (local commit, the bus, the catch-up timer) only says "look again".
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { eventsAfterMany, type RoomEvent } from './messages.repo.js';
import { Presence } from './presence.js';
import { lastSeqs } from './rooms.repo.js';
import { groupByRoom, LocalRoom, Subscription, toOutgoing, type Outgoing, type SubscribeOutcome, type SubscribeRequest, type Subscriber } from './subscription.js';

const PAGE = 200;
const PUMP_PAGE = 500;
const MAX_PAGES = 100;

export class Hub {
  readonly rooms = new Map<string, LocalRoom>();
  readonly presence: Presence;
  /** Frames written to sockets from rooms' logs (for the deliveries metric). */
  deliveries = 0;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly opts: { replayCap: number; publishPresence: (roomId: string, memberId: string, on: boolean) => void },
  ) {
    this.presence = new Presence((roomId, online) => this.broadcastPresence(roomId, online));
  }

  /**
   * Registers first (so live traffic is buffered), then replays seq > sinceSeq from the database, says `subscribed`,
   * then drains the buffer deduplicated by seq: no gap and no duplicate at the seam. Many rooms (a resume) cost one query.
   */
  async subscribeMany(conn: Subscriber, requests: readonly SubscribeRequest[]): Promise<SubscribeOutcome[]> {
    const outcomes: SubscribeOutcome[] = requests.map(() => ({ kind: 'aborted' }));
    const started: { index: number; sub: Subscription; since: number }[] = [];
    requests.forEach((req, index) => {
      const since = req.sinceSeq ?? req.roomLastSeq;
      if (since > req.roomLastSeq || req.roomLastSeq - since > this.opts.replayCap) {
        outcomes[index] = { kind: 'resync', lastSeq: req.roomLastSeq };
        return;
      }
      let room = this.rooms.get(req.roomId);
      if (!room) this.rooms.set(req.roomId, (room = new LocalRoom(req.roomId)));
      const sub = new Subscription(conn, room);
      room.subs.add(sub);
      started.push({ index, sub, since });
    });
    // Rooms with nothing new since the cursor cost no query; a room already live here may have moved on since it was read.
    const replaying = started.filter((s) => s.since < requests[s.index]!.roomLastSeq || (s.sub.room.fetchedSeq ?? -1) > s.since);
    let events: RoomEvent[] = [];
    try {
      if (replaying.length) events = await eventsAfterMany(this.database, replaying.map((s) => ({ roomId: s.sub.room.id, after: s.since })), this.opts.replayCap);
    } catch (err) {
      for (const s of started) this.unsubscribe(s.sub);
      throw err;
    }
    const byRoom = groupByRoom(events);
    for (const { index, sub, since } of started) {
      if (sub.ended || conn.closed) {
        this.unsubscribe(sub);
        continue;
      }
      let cursor = since;
      for (const event of byRoom.get(sub.room.id) ?? []) {
        conn.push(toOutgoing(event));
        cursor = event.seq;
      }
      const room = sub.room;
      if (room.fetchedSeq === null) room.fetchedSeq = cursor;
      conn.sendRaw(JSON.stringify({ type: 'subscribed', roomId: room.id, lastSeq: cursor }));
      this.finishReplay(sub, cursor);
      if (room.wantedSeq > room.fetchedSeq) this.markDirty(room);
      const before = this.presence.online(room.id).join(',');
      if (this.presence.join(room.id, conn.memberId)) this.opts.publishPresence(room.id, conn.memberId, true);
      const online = this.presence.online(room.id);
      // When the list changed, the broadcast already reached this subscriber.
      if (online.join(',') === before) conn.sendRaw(JSON.stringify({ type: 'presence', roomId: room.id, online }));
      outcomes[index] = { kind: 'subscribed', sub, lastSeq: cursor };
    }
    return outcomes;
  }

  async subscribe(conn: Subscriber, roomId: string, sinceSeq: number | undefined, roomLastSeq: number): Promise<SubscribeOutcome> {
    const [outcome] = await this.subscribeMany(conn, [{ roomId, sinceSeq, roomLastSeq }]);
    return outcome!;
  }

  unsubscribe(sub: Subscription): void {
    if (sub.ended) return;
    sub.ended = true;
    const { room } = sub;
    room.subs.delete(sub);
    if (this.presence.leave(room.id, sub.conn.memberId)) this.opts.publishPresence(room.id, sub.conn.memberId, false);
    if (!room.subs.size && this.rooms.get(room.id) === room) this.rooms.delete(room.id);
  }

  /** Sends every event with seq > fromSeq, in order, to one subscriber (healing a gap); returns the last seq sent. */
  private async replay(sub: Subscription, fromSeq: number): Promise<number> {
    let cursor = fromSeq;
    for (let page = 0; page < MAX_PAGES; page++) {
      const events = await eventsAfterMany(this.database, [{ roomId: sub.room.id, after: cursor }], PAGE);
      if (sub.ended || sub.conn.closed) return cursor;
      for (const event of events) {
        sub.conn.push(toOutgoing(event));
        cursor = event.seq;
      }
      if (events.length < PAGE) break;
    }
    return cursor;
  }

  private finishReplay(sub: Subscription, cursor: number): void {
    sub.lastSeq = cursor;
    const buffered = sub.buffer;
    sub.buffer = [];
    sub.state = 'live';
    for (let i = 0; i < buffered.length; i++) {
      if (!this.deliver(sub, buffered[i]!)) {
        // A gap opened; the healing replay buffers from here on, so hand it the rest.
        sub.buffer.push(...buffered.slice(i + 1));
        return;
      }
    }
  }

  /** Live delivery to one subscription, deduplicated by seq; a gap (should not happen) heals by replaying from the database. */
  private deliver(sub: Subscription, item: Outgoing): boolean {
    if (sub.state === 'replaying') {
      sub.buffer.push(item);
      return true;
    }
    if (item.seq <= sub.lastSeq) return true;
    if (item.seq === sub.lastSeq + 1) {
      sub.lastSeq = item.seq;
      sub.conn.push(item);
      this.deliveries++;
      return true;
    }
    this.log.warn({ roomId: sub.room.id, expected: sub.lastSeq + 1, got: item.seq }, 'chat: gap in live delivery, replaying from the database');
    sub.state = 'replaying';
    sub.buffer.push(item);
    void this.replay(sub, sub.lastSeq)
      .then((cursor) => {
        if (!sub.ended && !sub.conn.closed) this.finishReplay(sub, cursor);
      })
      .catch((err) => this.log.error({ err }, 'chat: healing replay failed'));
    return false;
  }

  private fanout(room: LocalRoom, events: RoomEvent[]): void {
    for (const event of events) {
      const item = toOutgoing(event); // serialised once for every subscriber
      for (const sub of room.subs) this.deliver(sub, item);
      room.fetchedSeq = event.seq;
    }
    if (room.wantedSeq < (room.fetchedSeq ?? 0)) room.wantedSeq = room.fetchedSeq ?? 0;
  }

  /** An event committed in this process: fan it out without reading it back when it is the next one. */
  committed(event: RoomEvent): void {
    const room = this.rooms.get(event.row.roomId);
    if (!room) return;
    if (!room.running && room.fetchedSeq === event.seq - 1) this.fanout(room, [event]);
    else this.nudge(room.id, event.seq);
  }

  nudge(roomId: string, seq: number): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    if (seq > room.wantedSeq) room.wantedSeq = seq;
    if (room.fetchedSeq !== null && room.wantedSeq > room.fetchedSeq) this.markDirty(room);
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
   * One worker for all rooms: each round reads the new events of every room that needs it in one query (so a burst of
   * nudges costs one round trip, not one per room) and fans them out in seq order. Nudges arriving meanwhile wait.
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
        let events: RoomEvent[];
        try {
          events = await eventsAfterMany(this.database, behind.map((r) => ({ roomId: r.id, after: r.fetchedSeq! })), PUMP_PAGE);
        } finally {
          for (const r of behind) r.running = false;
        }
        const byRoom = groupByRoom(events);
        for (const room of behind) {
          const list = byRoom.get(room.id) ?? [];
          if (list.length) this.fanout(room, list);
          else room.wantedSeq = room.fetchedSeq!; // nothing newer is visible: the nudge was stale
          if (list.length === PUMP_PAGE) this.dirty.add(room);
        }
      }
    } catch (err) {
      this.log.error({ err }, 'chat: reading new events failed; retrying');
      setTimeout(() => {
        for (const room of this.rooms.values()) if (room.fetchedSeq !== null && room.wantedSeq > room.fetchedSeq) this.markDirty(room);
      }, 500).unref();
    } finally {
      this.pumping = false;
      const next = this.dirty.values().next();
      if (!next.done) this.markDirty(next.value);
    }
  }

  /** Looks for events a missed nudge would have announced (timer, and after the bus reconnects). */
  async catchUp(roomIds?: readonly string[]): Promise<void> {
    const ids = roomIds ?? [...this.rooms.values()].filter((r) => r.fetchedSeq !== null).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const seqs = await lastSeqs(this.database.db, ids.slice(i, i + 1000));
      for (const [roomId, seq] of seqs) this.nudge(roomId, seq);
    }
  }

  typing(roomId: string, memberId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const data = JSON.stringify({ type: 'typing', roomId, memberId });
    for (const sub of room.subs) if (sub.state === 'live' && sub.conn.memberId !== memberId) sub.conn.sendRaw(data);
  }

  /** A frame to every subscriber of a room (e.g. `room_closed`). */
  broadcast(roomId: string, frame: object): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const data = JSON.stringify(frame);
    for (const sub of room.subs) sub.conn.sendRaw(data);
  }

  private broadcastPresence(roomId: string, online: string[]): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const data = JSON.stringify({ type: 'presence', roomId, online });
    for (const sub of room.subs) if (sub.state === 'live') sub.conn.sendRaw(data);
  }
}
