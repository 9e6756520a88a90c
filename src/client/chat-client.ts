// A small typed chat client: reconnects with backoff, resumes each room from its last seq, resends unacked messages
// with the same clientMsgId (the server stores each once), and pages history over HTTP when told to resync.
import type { AckFrame, ChatMessage, ClientFrame, ErrorFrame, ServerFrame } from './protocol.js';
import { CloseCodes } from './protocol.js';

/** The part of a WebSocket the client uses (the browser's, or `ws` in Node). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface ChatClientOptions {
  /** e.g. ws://localhost:3000/api/v1/ws */
  url: string;
  /** The bearer token; leave it out in a browser logged in with the session cookie (the upgrade carries it). */
  token?: string;
  /** How to open a socket; defaults to the global WebSocket (browsers, Node ≥ 22). */
  socket?: SocketFactory;
  /** HTTP base for history paging after resync_required; defaults to the ws URL's origin + /api/v1. */
  httpBase?: string;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Application ping to notice a dead connection; 0 turns it off. */
  pingIntervalMs?: number;
  /** Makes clientMsgIds; defaults to crypto.randomUUID. */
  newId?: () => string;
  /** Sends awaiting their ack at once (the server answers frames in order and refuses more than 128 waiting). Default 16. */
  maxInFlight?: number;
}

export interface ClientEvents {
  open: void;
  close: { code: number; reason: string; willReconnect: boolean };
  message: ChatMessage;
  message_updated: Extract<ServerFrame, { type: 'message_updated' }>;
  message_deleted: Extract<ServerFrame, { type: 'message_deleted' }>;
  subscribed: { roomId: string; lastSeq: number };
  unsubscribed: { roomId: string; reason?: string };
  typing: { roomId: string; memberId: string };
  presence: { roomId: string; online: string[] };
  ack: AckFrame;
  error: ErrorFrame;
  frame: ServerFrame;
}

interface Outgoing {
  sent: boolean;
  roomId: string;
  clientMsgId: string;
  body: string;
  resolve: (ack: AckFrame) => void;
  reject: (err: ChatError) => void;
}

export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Errors after which resending cannot help. */
const PERMANENT = new Set(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'INVALID_JSON', 'UNKNOWN_TYPE']);
const OPEN = 1;

export class ChatClient {
  private ws: SocketLike | null = null;
  private readonly rooms = new Map<string, { lastSeq: number | undefined; resyncing: boolean; subscribed: boolean }>();
  private readonly outbox = new Map<string, Outgoing>();
  private readonly listeners = new Map<keyof ClientEvents, Set<(payload: never) => void>>();
  private attempt = 0;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: ChatClientOptions) {}

  on<K extends keyof ClientEvents>(event: K, fn: (payload: ClientEvents[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as (payload: never) => void);
    return () => set.delete(fn as (payload: never) => void);
  }

  private emit<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    for (const fn of this.listeners.get(event) ?? []) (fn as (p: ClientEvents[K]) => void)(payload);
  }

  get connected(): boolean {
    return this.ws?.readyState === OPEN;
  }

  /** The highest seq received in a room (resume point). */
  lastSeq(roomId: string): number | undefined {
    return this.rooms.get(roomId)?.lastSeq;
  }

  /** Messages sent but not yet acknowledged (resent after every reconnect). */
  get unacked(): number {
    return this.outbox.size;
  }

  connect(): void {
    this.stopped = false;
    this.open();
  }

  /** Closes for good (no reconnect); unacked sends stay queued and go out if connect() is called again. */
  close(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopPing();
    this.ws?.close(1000, 'bye');
  }

  /** Follows a room; sinceSeq resumes after that seq (default: where this client left it, else live from now). */
  subscribe(roomId: string, sinceSeq?: number): void {
    const known = this.rooms.get(roomId);
    this.rooms.set(roomId, { lastSeq: sinceSeq ?? known?.lastSeq, resyncing: false, subscribed: false });
    if (this.connected) this.sendSubscribe(roomId);
  }

  unsubscribe(roomId: string): void {
    this.rooms.delete(roomId);
    this.write({ type: 'unsubscribe', roomId });
  }

  /** Resolves with the ack once the server has stored the message; survives reconnects (same clientMsgId). */
  send(roomId: string, body: string, clientMsgId: string = (this.opts.newId ?? (() => crypto.randomUUID()))()): Promise<AckFrame> {
    return new Promise((resolve, reject) => {
      this.outbox.set(clientMsgId, { sent: false, roomId, clientMsgId, body, resolve, reject });
      this.pump();
    });
  }

  /** Sends queued messages, oldest first, keeping at most maxInFlight unacknowledged on the wire. */
  private pump(): void {
    if (!this.connected) return;
    const max = this.opts.maxInFlight ?? 16;
    let inFlight = 0;
    for (const out of this.outbox.values()) if (out.sent) inFlight++;
    for (const out of this.outbox.values()) {
      if (inFlight >= max) break;
      if (out.sent) continue;
      out.sent = true;
      inFlight++;
      this.write({ type: 'send', roomId: out.roomId, clientMsgId: out.clientMsgId, body: out.body });
    }
  }

  edit(roomId: string, id: string, body: string): void {
    this.write({ type: 'edit', roomId, id, body });
  }

  delete(roomId: string, id: string): void {
    this.write({ type: 'delete', roomId, id });
  }

  read(roomId: string, seq: number): void {
    this.write({ type: 'read', roomId, seq });
  }

  /** Call on keystrokes; the server throttles, so this does too (one per 3 s per room). */
  private typingAt = new Map<string, number>();
  typing(roomId: string): void {
    const now = Date.now();
    if (now - (this.typingAt.get(roomId) ?? 0) < 3000) return;
    this.typingAt.set(roomId, now);
    this.write({ type: 'typing', roomId });
  }

  private write(frame: ClientFrame): void {
    if (this.connected) this.ws!.send(JSON.stringify(frame));
  }

  private open(): void {
    const url = this.opts.token === undefined ? this.opts.url : `${this.opts.url}${this.opts.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(this.opts.token)}`;
    const factory = this.opts.socket ?? ((u: string) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(u));
    const ws = factory(url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      this.startPing();
      this.emit('open', undefined);
      for (const [roomId, room] of this.rooms) {
        room.subscribed = false;
        this.sendSubscribe(roomId);
      }
      // Whatever was unacked may or may not have been stored: resend with the same clientMsgIds.
      for (const out of this.outbox.values()) out.sent = false;
      this.pump();
    };
    ws.onmessage = (ev) => {
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    ws.onerror = () => {
      // onclose follows and decides about reconnecting.
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopPing();
      const willReconnect = !this.stopped && ev.code !== CloseCodes.suspended;
      this.emit('close', { code: ev.code, reason: ev.reason, willReconnect });
      if (willReconnect) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const initial = this.opts.backoff?.initialMs ?? 250;
    const max = this.opts.backoff?.maxMs ?? 10_000;
    const delay = Math.min(max, initial * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private startPing(): void {
    const every = this.opts.pingIntervalMs ?? 25_000;
    if (!every) return;
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > every * 2) this.ws?.close(4000, 'no answer from server');
      else this.write({ type: 'ping' });
    }, every);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private sendSubscribe(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room || room.resyncing) return;
    const ref = `sub:${roomId}`;
    this.write(room.lastSeq === undefined ? { type: 'subscribe', roomId, ref } : { type: 'subscribe', roomId, sinceSeq: room.lastSeq, ref });
  }

  private onFrame(frame: ServerFrame): void {
    this.emit('frame', frame);
    switch (frame.type) {
      case 'message':
        return this.onMessage(frame);
      case 'subscribed': {
        const room = this.rooms.get(frame.roomId);
        if (room) room.subscribed = true;
        if (room && (room.lastSeq === undefined || frame.lastSeq > room.lastSeq)) room.lastSeq = frame.lastSeq;
        return this.emit('subscribed', { roomId: frame.roomId, lastSeq: frame.lastSeq });
      }
      case 'resync_required':
        return void this.resync(frame.roomId, frame.lastSeq);
      case 'ack': {
        const out = this.outbox.get(frame.clientMsgId);
        this.outbox.delete(frame.clientMsgId);
        out?.resolve(frame);
        this.pump();
        return this.emit('ack', frame);
      }
      case 'error':
        return this.onError(frame);
      case 'unsubscribed':
        if (frame.reason === 'removed') this.rooms.delete(frame.roomId);
        return this.emit('unsubscribed', { roomId: frame.roomId, reason: frame.reason });
      case 'message_updated':
      case 'message_deleted':
      case 'typing':
      case 'presence':
        return this.emit(frame.type, frame as never);
    }
  }

  private onMessage(frame: Extract<ServerFrame, { type: 'message' }>): void {
    const room = this.rooms.get(frame.roomId);
    if (!room) return;
    if (room.lastSeq !== undefined && frame.seq <= room.lastSeq) return; // already seen (never expected; cheap to guard)
    room.lastSeq = frame.seq;
    const { type: _type, ...message } = frame;
    this.emit('message', message);
  }

  private onError(frame: ErrorFrame): void {
    if (frame.ref === undefined && frame.code === 'RATE_LIMITED') {
      // Refused before the server read it: whatever is unanswered may be the one; repeat it all shortly.
      for (const out of this.outbox.values()) out.sent = false;
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        for (const [roomId, room] of this.rooms) if (!room.subscribed) this.sendSubscribe(roomId);
        this.pump();
      }, 1000);
      return this.emit('error', frame);
    }
    if (frame.ref?.startsWith('sub:')) {
      const roomId = frame.ref.slice(4);
      if (PERMANENT.has(frame.code)) this.rooms.delete(roomId);
      else setTimeout(() => this.sendSubscribe(roomId), 1000); // rate limited or a hiccup: subscribe again shortly
      return this.emit('error', frame);
    }
    const out = frame.ref === undefined ? undefined : this.outbox.get(frame.ref);
    if (out && PERMANENT.has(frame.code)) {
      this.outbox.delete(out.clientMsgId);
      out.reject(new ChatError(frame.code, frame.message));
      this.pump();
    } else if (out) {
      // Rate limited or a server hiccup: send it again a little later, with the same clientMsgId.
      out.sent = false;
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, 1000);
    }
    this.emit('error', frame);
  }

  /** Too far behind for a replay: page the gap over HTTP, then subscribe from where the pages ended. */
  private async resync(roomId: string, lastSeq: number): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room || room.resyncing) return;
    room.resyncing = true;
    try {
      const base = this.opts.httpBase ?? `${this.opts.url.replace(/^ws/, 'http').replace(/\/ws(\?.*)?$/, '')}`;
      let after = room.lastSeq ?? 0;
      for (let page = 0; page < 10_000 && after < lastSeq; page++) {
        const res = await fetch(`${base}/rooms/${roomId}/messages?afterSeq=${after}&limit=100`, this.opts.token === undefined ? { credentials: 'same-origin' } : { headers: { authorization: `Bearer ${this.opts.token}` } });
        if (!res.ok) throw new ChatError('RESYNC_FAILED', `history answered ${res.status}`);
        const { items } = (await res.json()) as { items: ChatMessage[] };
        if (!items.length) break;
        for (const m of items) this.onMessage({ type: 'message', ...m });
        after = items[items.length - 1]!.seq;
      }
    } catch (err) {
      this.emit('error', { type: 'error', code: 'RESYNC_FAILED', message: (err as Error).message });
    } finally {
      room.resyncing = false;
    }
    this.sendSubscribe(roomId);
  }
}
