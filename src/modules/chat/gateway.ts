// The realtime side of chat in one process: sockets by member, frame handlers, the hub, the bus, timers, shutdown.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { SessionIdentity } from '../auth/index.js';
import { createBus, type ChatBus, type Envelope } from './bus/index.js';
import { stillBelonging } from './chat.repo.js';
import type { ChatService } from './chat.service.js';
import { CLOSE, Connection, type ConnectionHost } from './connection.js';
import type { Frame } from './frames.js';
import { Hub } from './hub.js';
import { TokenBucket } from './rate-limit.js';

const PRESENCE_REFRESH_MS = 10_000;
const REVALIDATE_EVERY = 15; // catch-up ticks

export class Gateway implements ConnectionHost {
  readonly nodeId = randomUUID();
  readonly hub: Hub;
  readonly bus: ChatBus;
  readonly byMember = new Map<string, Set<Connection>>();
  readonly maxBufferedBytes: number;
  readonly typingIntervalMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private ticks = 0;
  private shuttingDown = false;

  constructor(
    private readonly deps: { config: Config; database: Database; service: ChatService; log: FastifyBaseLogger },
  ) {
    const { config, database, service, log } = deps;
    this.maxBufferedBytes = config.CHAT_MAX_BUFFERED_BYTES;
    this.typingIntervalMs = config.CHAT_TYPING_INTERVAL_MS;
    this.bus = createBus(this.nodeId, config, database, log);
    this.hub = new Hub(database.db, log, {
      replayCap: config.CHAT_REPLAY_CAP,
      publishPresence: (r, m, on) => this.bus.publish({ t: 'p', r, m, on }),
    });
    service.hooks.stored = (row) => {
      this.hub.messageStored(row);
      if (this.hasPeers()) this.bus.publish({ t: 'm', r: row.roomId, s: row.seq });
    };
    service.hooks.changed = (roomId, id) => this.messageChanged(roomId, id);
    service.realtime.nodeId = this.nodeId;
    this.bus.onEvent((e) => this.onBusEvent(e));
    this.bus.onResync(() => {
      void this.catchUp(true);
    });
  }

  /**
   * Other processes heard from lately (any bus event; every process with subscribers announces its presence every
   * 10 s and on each change). Alone, a process publishes no message nudges: nobody would read them.
   */
  private readonly peers = new Map<string, number>();

  private hasPeers(): boolean {
    const cutoff = Date.now() - 3 * PRESENCE_REFRESH_MS;
    for (const [node, heard] of this.peers) {
      if (heard >= cutoff) return true;
      this.peers.delete(node);
    }
    return false;
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.bus.publish({ t: 'hello' });
    const { config } = this.deps;
    this.every(config.CHAT_PING_INTERVAL_MS, () => this.heartbeat());
    this.every(config.CHAT_CATCHUP_MS, () => void this.catchUp(++this.ticks % REVALIDATE_EVERY === 0));
    this.every(PRESENCE_REFRESH_MS, () => {
      this.hub.presence.expire();
      // In pieces well under the NOTIFY payload limit.
      let piece: [string, string[]][] = [];
      let size = 0;
      for (const entry of this.hub.presence.localSnapshot()) {
        piece.push(entry);
        size += 40 + entry[1].length * 39;
        if (size > 4000) {
          this.bus.publish({ t: 'pa', rooms: piece });
          piece = [];
          size = 0;
        }
      }
      if (piece.length) this.bus.publish({ t: 'pa', rooms: piece });
      this.deps.service.sweep();
    });
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** A socket that passed authentication before the upgrade. */
  accept(ws: WebSocket, identity: SessionIdentity): Connection {
    const rate = this.deps.config.CHAT_FRAME_RATE;
    const conn = new Connection(ws, identity, new TokenBucket(rate, rate * 2), this);
    if (this.shuttingDown) {
      conn.close(CLOSE.restart, 'server restarting');
      return conn;
    }
    let set = this.byMember.get(conn.memberId);
    if (!set) this.byMember.set(conn.memberId, (set = new Set()));
    set.add(conn);
    return conn;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byMember.values()) n += set.size;
    return n;
  }

  closed(conn: Connection): void {
    for (const sub of conn.subs.values()) this.hub.unsubscribe(sub);
    conn.subs.clear();
    const set = this.byMember.get(conn.memberId);
    set?.delete(conn);
    if (set && !set.size) this.byMember.delete(conn.memberId);
  }

  logError(err: unknown, conn: Connection): void {
    this.deps.log.error({ err, memberId: conn.memberId }, 'chat: frame failed');
  }

  async handle(conn: Connection, frame: Frame): Promise<void> {
    const { service } = this.deps;
    switch (frame.type) {
      case 'subscribe': {
        const room = await service.requireRoom(conn.memberId, frame.roomId);
        const existing = conn.subs.get(frame.roomId);
        if (existing) {
          this.hub.unsubscribe(existing);
          conn.subs.delete(frame.roomId);
        }
        const outcome = await this.hub.subscribe(conn, frame.roomId, frame.sinceSeq, room.lastSeq);
        if (outcome.kind === 'resync') conn.send({ type: 'resync_required', roomId: frame.roomId, lastSeq: outcome.lastSeq });
        else if (outcome.kind === 'subscribed') {
          if (conn.closed) this.hub.unsubscribe(outcome.sub);
          else conn.subs.set(frame.roomId, outcome.sub);
        }
        return;
      }
      case 'unsubscribe': {
        const sub = conn.subs.get(frame.roomId);
        if (!sub) return conn.error('NOT_SUBSCRIBED', 'Not subscribed to this room', frame.ref);
        this.hub.unsubscribe(sub);
        conn.subs.delete(frame.roomId);
        return conn.send({ type: 'unsubscribed', roomId: frame.roomId, ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
      }
      case 'send': {
        await service.send(conn.memberId, frame, ({ row }) =>
          conn.send({
            type: 'ack',
            roomId: row.roomId,
            clientMsgId: row.clientMsgId,
            id: row.id,
            seq: row.seq,
            createdAt: row.createdAt.toISOString(),
            ...(frame.ref === undefined ? {} : { ref: frame.ref }),
          }),
        );
        return;
      }
      case 'edit': {
        const row = await service.edit(conn.memberId, frame.roomId, frame.id, frame.body);
        return conn.send({ type: 'ok', op: 'edit', roomId: row.roomId, id: row.id, seq: row.seq, ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
      }
      case 'delete': {
        const row = await service.remove(conn.memberId, frame.roomId, frame.id);
        return conn.send({ type: 'ok', op: 'delete', roomId: row.roomId, id: row.id, seq: row.seq, ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
      }
      case 'read': {
        const seq = await service.markRead(conn.memberId, frame.roomId, frame.seq);
        return conn.send({ type: 'ok', op: 'read', roomId: frame.roomId, seq, ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
      }
      default:
        return conn.error('UNKNOWN_TYPE', 'Unknown frame type');
    }
  }

  typing(conn: Connection, roomId: string): void {
    this.hub.typing(roomId, conn.memberId);
    if (this.hasPeers()) this.bus.publish({ t: 'ty', r: roomId, m: conn.memberId });
  }

  messageChanged(roomId: string, messageId: string): void {
    this.hub.changed(roomId, messageId);
    if (this.hasPeers()) this.bus.publish({ t: 'u', r: roomId, id: messageId });
  }

  /** Suspension: every socket of the member, in every process. */
  kickMember(memberId: string): void {
    this.kickLocal(memberId);
    this.bus.publish({ t: 'kick', m: memberId });
  }

  /** Removal from a circle: the member's subscription to its room ends in every process. */
  removeFromRoom(roomId: string, memberId: string): void {
    this.removeLocal(roomId, memberId);
    this.bus.publish({ t: 'rm', r: roomId, m: memberId });
  }

  private kickLocal(memberId: string): void {
    for (const conn of [...(this.byMember.get(memberId) ?? [])]) conn.close(CLOSE.suspended, 'member suspended');
  }

  private removeLocal(roomId: string, memberId: string): void {
    for (const conn of this.byMember.get(memberId) ?? []) {
      const sub = conn.subs.get(roomId);
      if (!sub) continue;
      this.hub.unsubscribe(sub);
      conn.subs.delete(roomId);
      conn.send({ type: 'unsubscribed', roomId, reason: 'removed' });
    }
  }

  private onBusEvent(e: Envelope): void {
    if (e.t === 'bye') this.peers.delete(e.o);
    else this.peers.set(e.o, Date.now());
    switch (e.t) {
      case 'm':
        return this.hub.nudge(e.r, e.s);
      case 'u':
        return this.hub.changed(e.r, e.id);
      case 'ty':
        return this.hub.typing(e.r, e.m);
      case 'p':
        return this.hub.presence.remoteSet(e.o, e.r, e.m, e.on);
      case 'pa':
        return this.hub.presence.remoteAnnounce(e.o, e.rooms);
      case 'bye':
        return this.hub.presence.remoteBye(e.o);
      case 'hello':
        return;
      case 'kick':
        return this.kickLocal(e.m);
      case 'rm':
        return this.removeLocal(e.r, e.m);
    }
  }

  /** Missed nudges cost nothing but latency: look at each live room's last seq; now and then re-check memberships too. */
  private async catchUp(revalidate: boolean): Promise<void> {
    try {
      await this.hub.catchUp();
      if (revalidate) await this.revalidate();
    } catch (err) {
      this.deps.log.warn({ err }, 'chat: catch-up failed');
    }
  }

  private async revalidate(): Promise<void> {
    const pairs: { roomId: string; memberId: string }[] = [];
    const seen = new Set<string>();
    for (const [memberId, conns] of this.byMember) {
      for (const conn of conns) {
        for (const roomId of conn.subs.keys()) {
          const key = `${roomId}:${memberId}`;
          if (!seen.has(key)) {
            seen.add(key);
            pairs.push({ roomId, memberId });
          }
        }
      }
    }
    for (let i = 0; i < pairs.length; i += 1000) {
      const chunk = pairs.slice(i, i + 1000);
      const valid = await stillBelonging(this.deps.database.db, chunk);
      for (const p of chunk) if (!valid.has(`${p.roomId}:${p.memberId}`)) this.removeLocal(p.roomId, p.memberId);
    }
  }

  /** Ends sockets that did not answer the last ping. */
  private heartbeat(): void {
    for (const conns of this.byMember.values()) {
      for (const conn of conns) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }

  /** Graceful shutdown: every socket gets 1012 (reconnect elsewhere and resume), then the bus says goodbye. */
  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const timer of this.timers) clearInterval(timer);
    const sockets: WebSocket[] = [];
    for (const conns of [...this.byMember.values()]) {
      for (const conn of [...conns]) {
        sockets.push(conn.ws);
        conn.close(CLOSE.restart, 'server restarting');
      }
    }
    await waitClosed(sockets, 1000);
    this.bus.publish({ t: 'bye' });
    await this.bus.close();
  }
}

async function waitClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== ws.CLOSED);
  if (!open.length) return;
  await new Promise<void>((resolve) => {
    let left = open.length;
    const timer = setTimeout(() => {
      for (const ws of open) ws.terminate();
      resolve();
    }, timeoutMs);
    for (const ws of open) {
      ws.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
