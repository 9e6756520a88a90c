// This process among the others on the bus: heartbeats, who is alive (and so how many share a budget), crash-aware presence.
import type { FastifyBaseLogger } from 'fastify';
import type { ChatBus, Envelope } from './bus/index.js';
import type { Presence } from './presence.js';

/** Every process says it is alive this often… */
export const HEARTBEAT_MS = 3000;
/** …and one not heard from for this long is gone (the default of CHAT_NODE_TIMEOUT_MS): a SIGKILLed process's members go offline within ~13 s. */
const NODE_TIMEOUT_MS = 12_000;
/** Full presence is re-announced this often, repairing a lost change. */
const ANNOUNCE_MS = 30_000;

export interface ClusterOptions {
  /** A stable name for this instance across restarts (CHAT_INSTANCE_ID): a restarted instance clears its former entries at once. */
  instanceId?: string;
  /** Silence after which a peer is taken for dead; NODE_TIMEOUT_MS by default. */
  nodeTimeoutMs?: number;
  log: FastifyBaseLogger;
  /** Bus events that are not the cluster's own (nudges, kicks, notifications…). */
  onEvent(event: Envelope): void;
  /** Observes the bus lag of each heartbeat, in seconds. */
  onLag?(seconds: number): void;
}

export class Cluster {
  /** Other processes and when each was last heard from. */
  private readonly peers = new Map<string, number>();
  private readonly instances = new Map<string, string>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly bus: ChatBus,
    private readonly presence: Presence,
    private readonly opts: ClusterOptions,
  ) {
    bus.onEvent((e) => this.onBus(e));
  }

  start(): void {
    const inst = this.opts.instanceId;
    this.bus.publish(inst ? { t: 'hello', inst } : { t: 'hello' });
    this.every(HEARTBEAT_MS, () => this.bus.publish(inst ? { t: 'hb', ts: Date.now(), inst } : { t: 'hb', ts: Date.now() }));
    this.every(1000, () => this.expire());
    this.every(ANNOUNCE_MS, () => this.announce());
  }

  /** Other processes are listening: worth publishing nudges to. */
  hasPeers(): boolean {
    return this.peers.size > 0;
  }

  /** Processes alive now, this one included: per-member budgets are divided by it. */
  processCount(): number {
    return 1 + this.peers.size;
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    this.bus.publish({ t: 'bye' });
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private onBus(e: Envelope): void {
    if (e.t === 'bye') {
      this.forget(e.o);
      return;
    }
    const isNew = !this.peers.has(e.o);
    this.peers.set(e.o, Date.now());
    switch (e.t) {
      case 'hello':
      case 'hb': {
        if (e.inst) this.sameInstance(e.inst, e.o);
        if (e.t === 'hb') this.opts.onLag?.(Math.max(0, Date.now() - e.ts) / 1000);
        // A newcomer learns our presence now rather than at the next announcement.
        if (e.t === 'hello' || isNew) this.announce();
        return;
      }
      case 'p':
        return this.presence.remoteSet(e.o, e.r, e.m, e.on);
      case 'pa':
        return this.presence.remoteAnnounce(e.o, e.rooms);
      default:
        return this.opts.onEvent(e);
    }
  }

  /** A new run of an instance replaces the former one: whatever the old node left is dropped at once. */
  private sameInstance(inst: string, node: string): void {
    const former = this.instances.get(inst);
    this.instances.set(inst, node);
    if (former && former !== node) {
      this.opts.log.info({ instance: inst, former, node }, 'chat: instance restarted; dropping its former presence');
      this.forget(former);
    }
  }

  private forget(node: string): void {
    this.peers.delete(node);
    this.presence.remoteBye(node);
  }

  private expire(): void {
    const cutoff = Date.now() - (this.opts.nodeTimeoutMs ?? NODE_TIMEOUT_MS);
    for (const [node, heard] of this.peers) {
      if (heard < cutoff) {
        this.opts.log.warn({ node }, 'chat: a process went silent; its members are offline');
        this.forget(node);
      }
    }
    this.presence.expire();
  }

  /** This process's presence, in pieces well under the NOTIFY payload limit. */
  private announce(): void {
    let piece: [string, string[]][] = [];
    let size = 0;
    for (const entry of this.presence.localSnapshot()) {
      piece.push(entry);
      size += 40 + entry[1].length * 39;
      if (size > 4000) {
        this.bus.publish({ t: 'pa', rooms: piece });
        piece = [];
        size = 0;
      }
    }
    if (piece.length) this.bus.publish({ t: 'pa', rooms: piece });
  }
}
