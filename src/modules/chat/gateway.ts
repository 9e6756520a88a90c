// The realtime side of chat in one process: sockets by member and session, the service's committed events, the bus, shutdown.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { NotificationFrame } from '../../client/protocol.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { DomainEvents } from '../../lib/events.js';
import type { SessionIdentity } from '../auth/index.js';
import { createBus, type ChatBus, type Envelope } from './bus/index.js';
import type { ChatService, Committed } from './chat.service.js';
import { Cluster } from './cluster.js';
import { WriteCoalescer, type Corkable } from './coalesce.js';
import { CLOSE, Connection, type ConnectionHost } from './connection.js';
import type { Frame } from './frames.js';
import { FrameHandlers } from './handlers.js';
import { Hub } from './hub.js';
import { TokenBucket } from './rate-limit.js';
import { stillBelonging } from './rooms.repo.js';
import { MemberSockets } from './sockets.js';

const REVALIDATE_EVERY = 15; // catch-up ticks
// A notification over the bus stays well under the NOTIFY payload limit; a bigger one goes out without its data.
const MAX_NOTIFICATION_BYTES = 6000;
/** A nudge without a known seq: "read this room's last seq". */
const LOOK = Number.MAX_SAFE_INTEGER;

export interface GatewayDeps {
  config: Config;
  database: Database;
  service: ChatService;
  log: FastifyBaseLogger;
  /** Observes the bus lag in seconds (metrics). */
  onBusLag?: (seconds: number) => void;
}

export class Gateway implements ConnectionHost {
  readonly nodeId = randomUUID();
  readonly hub: Hub;
  readonly bus: ChatBus;
  readonly cluster: Cluster;
  readonly sockets = new MemberSockets();
  readonly maxBufferedBytes: number;
  readonly typingIntervalMs: number;
  readonly coalescer = new WriteCoalescer();
  private readonly handlers: FrameHandlers;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly offCommitted: () => void;
  private ticks = 0;
  private shuttingDown = false;

  constructor(private readonly deps: GatewayDeps) {
    const { config, database, service, log } = deps;
    this.maxBufferedBytes = config.CHAT_MAX_BUFFERED_BYTES;
    this.typingIntervalMs = config.CHAT_TYPING_INTERVAL_MS;
    this.bus = createBus(this.nodeId, config, database, log);
    this.hub = new Hub(database, log, {
      replayCap: config.CHAT_REPLAY_CAP,
      publishPresence: (r, m, on) => this.bus.publish({ t: 'p', r, m, on }),
    });
    this.cluster = new Cluster(this.bus, this.hub.presence, {
      instanceId: config.CHAT_INSTANCE_ID,
      nodeTimeoutMs: config.CHAT_NODE_TIMEOUT_MS,
      log,
      onEvent: (e) => this.onBusEvent(e),
      onLag: deps.onBusLag,
    });
    this.handlers = new FrameHandlers(service, this.hub, database.db);
    this.offCommitted = service.onCommitted((c) => this.onCommitted(c));
    service.setProcessCount(() => this.cluster.processCount());
    this.bus.onResync(() => void this.catchUp(true));
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.cluster.start();
    const { config } = this.deps;
    this.every(config.CHAT_PING_INTERVAL_MS, () => this.sockets.heartbeat());
    this.every(config.CHAT_CATCHUP_MS, () => void this.catchUp(++this.ticks % REVALIDATE_EVERY === 0));
    this.every(10_000, () => this.deps.service.sweep());
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Sockets one member may hold on this process: the configured cap shared evenly by the live processes (at least one). */
  socketLimit(): number {
    return Math.max(1, Math.floor(this.deps.config.CHAT_MAX_SOCKETS_PER_MEMBER / this.cluster.processCount()));
  }

  /** Members with an open socket on this process (notifications: unread chat is mailed only to members away for a while). */
  connectedMemberIds(): string[] {
    return this.sockets.memberIds();
  }

  socketsOf(memberId: string): number {
    return this.sockets.of(memberId).size;
  }

  /** A socket that passed authentication before the upgrade. */
  accept(ws: WebSocket, identity: SessionIdentity, transport?: Partial<Corkable & { write(data: Buffer): unknown }>): Connection {
    const rate = this.deps.config.CHAT_FRAME_RATE;
    const conn = new Connection(ws, identity, new TokenBucket(rate, rate * 2), this, transport);
    if (this.shuttingDown) {
      conn.close(CLOSE.restart, 'server restarting');
      return conn;
    }
    if (this.socketsOf(conn.memberId) >= this.socketLimit()) {
      conn.close(CLOSE.tooManySockets, 'too many open sockets for this member');
      return conn;
    }
    this.sockets.add(conn);
    return conn;
  }

  get connectionCount(): number {
    return this.sockets.count;
  }

  closed(conn: Connection): void {
    for (const sub of conn.subs.values()) this.hub.unsubscribe(sub);
    conn.subs.clear();
    this.sockets.delete(conn);
  }

  logError(err: unknown, conn: Connection): void {
    this.deps.log.error({ err, memberId: conn.memberId }, 'chat: frame failed');
  }

  handle(conn: Connection, frame: Frame): Promise<void> {
    return this.handlers.handle(conn, frame);
  }

  typing(conn: Connection, roomId: string): void {
    this.hub.typing(roomId, conn.memberId);
    if (this.cluster.hasPeers()) this.bus.publish({ t: 'ty', r: roomId, m: conn.memberId });
  }

  /** The service committed something: this process's sockets first, then the others through the bus. */
  private onCommitted(c: Committed): void {
    switch (c.type) {
      case 'event':
        this.hub.committed(c.event);
        if (this.cluster.hasPeers()) this.bus.publish({ t: 'm', r: c.event.row.roomId, s: c.event.seq });
        return;
      case 'read':
        this.readLocal(c.memberId, c.roomId, c.seq, c.unread);
        this.bus.publish({ t: 'rd', m: c.memberId, r: c.roomId, s: c.seq, u: c.unread });
        return;
      case 'closed':
        this.closedLocal(c.roomId);
        this.bus.publish({ t: 'cl', r: c.roomId });
        return;
    }
  }

  /** A change committed elsewhere (moderation's own transaction): look at the room's log now, here and everywhere. */
  async roomChanged(roomId: string): Promise<void> {
    await this.hub.catchUp([roomId]);
    if (this.cluster.hasPeers()) this.bus.publish({ t: 'm', r: roomId, s: LOOK });
  }

  /** Suspension: every socket of the member, in every process. */
  kickMember(memberId: string): void {
    this.sockets.kick(memberId);
    this.bus.publish({ t: 'kick', m: memberId });
  }

  /** Removal from a circle: the member's subscription to its room ends in every process. */
  removeFromRoom(roomId: string, memberId: string): void {
    this.removeLocal(roomId, memberId);
    this.bus.publish({ t: 'rm', r: roomId, m: memberId });
  }

  /** A session ended: the sockets opened with it close (4001) in every process; without a session id, all of the member's. */
  endSession({ memberId, sessionId }: DomainEvents['session.ended']): void {
    this.sockets.endSession(memberId, sessionId);
    this.bus.publish(sessionId === undefined ? { t: 'se', m: memberId } : { t: 'se', m: memberId, s: sessionId });
  }

  /** A committed notification: a `notification` frame to each open socket of the member, in every process. */
  notify({ memberId, notification }: DomainEvents['notification.created']): void {
    const frame: NotificationFrame = { type: 'notification', ...notification };
    this.sockets.sendTo(memberId, frame);
    const { type: _type, ...n } = frame;
    const small = JSON.stringify(n).length <= MAX_NOTIFICATION_BYTES ? n : { ...n, data: {}, truncated: true as const };
    this.bus.publish({ t: 'n', m: memberId, n: small });
  }

  private readLocal(memberId: string, roomId: string, seq: number, unread: number): void {
    this.sockets.sendTo(memberId, { type: 'read', roomId, seq, unread });
  }

  private closedLocal(roomId: string): void {
    this.hub.broadcast(roomId, { type: 'room_closed', roomId });
  }

  private removeLocal(roomId: string, memberId: string): void {
    for (const conn of this.sockets.of(memberId)) {
      const sub = conn.subs.get(roomId);
      if (!sub) continue;
      this.hub.unsubscribe(sub);
      conn.subs.delete(roomId);
      conn.send({ type: 'unsubscribed', roomId, reason: 'removed' });
    }
  }

  private onBusEvent(e: Envelope): void {
    switch (e.t) {
      case 'm':
        if (e.s === LOOK) return void this.hub.catchUp([e.r]).catch((err) => this.deps.log.warn({ err }, 'chat: catch-up failed'));
        return this.hub.nudge(e.r, e.s);
      case 'ty':
        return this.hub.typing(e.r, e.m);
      case 'kick':
        return this.sockets.kick(e.m);
      case 'rm':
        return this.removeLocal(e.r, e.m);
      case 'se':
        return this.sockets.endSession(e.m, e.s);
      case 'n':
        return this.sockets.sendTo(e.m, { type: 'notification', ...e.n });
      case 'cl':
        return this.closedLocal(e.r);
      case 'rd':
        return this.readLocal(e.m, e.r, e.s, e.u);
      default:
        return;
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
    const pairs = this.sockets.subscriptions();
    for (let i = 0; i < pairs.length; i += 1000) {
      const chunk = pairs.slice(i, i + 1000);
      const valid = await stillBelonging(this.deps.database.db, chunk);
      for (const p of chunk) if (!valid.has(`${p.roomId}:${p.memberId}`)) this.removeLocal(p.roomId, p.memberId);
    }
  }

  /** Graceful shutdown: every socket gets 1012 (reconnect elsewhere and resume), then the bus says goodbye. */
  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.offCommitted();
    for (const timer of this.timers) clearInterval(timer);
    await this.sockets.closeAll(1000);
    this.cluster.stop();
    await this.bus.close();
  }
}
