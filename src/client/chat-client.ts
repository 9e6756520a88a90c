// A small typed chat client: reconnects with backoff, resumes each room from its last seq, resends unacked messages
// with the same clientMsgId (the server stores each once), and pages history over HTTP when told to resync.
import type { AckFrame, ClientFrame, ErrorFrame, ResumeRoom, ServerFrame } from './protocol.js';
import { CloseCodes } from './protocol.js';
import type { ChatClientOptions, ClientEvents, SocketLike } from './client-types.js';
import { Emitter } from './emitter.js';
import { pageHistory } from './history.js';
import { Outbox } from './outbox.js';

export { ChatError, type ChatClientOptions, type ClientEvents, type SocketFactory, type SocketLike } from './client-types.js';

/** Errors after which resending cannot help. */
const PERMANENT = new Set(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'INVALID_JSON', 'UNKNOWN_TYPE', 'ROOM_CLOSED', 'CONFLICT']);
const OPEN = 1;

export class ChatClient extends Emitter<ClientEvents> {
  private ws: SocketLike | null = null;
  private readonly rooms = new Map<string, { lastSeq: number | undefined; resyncing: boolean; subscribed: boolean }>();
  private readonly outbox: Outbox;
  private attempt = 0;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: ChatClientOptions) {
    super();
    this.outbox = new Outbox(opts.maxInFlight ?? 16);
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
    const acked = this.outbox.add(roomId, body, clientMsgId);
    this.pump();
    return acked;
  }

  private pump(): void {
    if (this.connected) this.outbox.pump((frame) => this.write(frame));
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
      // One frame resumes every room (from its cursor), however many there are.
      for (const room of this.rooms.values()) room.subscribed = false;
      this.sendResume();
      this.outbox.unsendAll();
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
      const willReconnect = !this.stopped && ev.code !== CloseCodes.suspended && ev.code !== CloseCodes.sessionEnded;
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

  /** Resumes every room not subscribed yet, in frames of at most 500 rooms. */
  private sendResume(): void {
    const rooms: ResumeRoom[] = [];
    for (const [roomId, room] of this.rooms) {
      if (room.subscribed || room.resyncing) continue;
      rooms.push(room.lastSeq === undefined ? { roomId } : { roomId, sinceSeq: room.lastSeq });
    }
    for (let i = 0; i < rooms.length; i += 500) this.write({ type: 'resume', rooms: rooms.slice(i, i + 500), ref: 'resume' });
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
        this.outbox.ack(frame);
        this.pump();
        return this.emit('ack', frame);
      }
      case 'error':
        return this.onError(frame);
      case 'unsubscribed':
        if (frame.reason === 'removed') this.rooms.delete(frame.roomId);
        return this.emit('unsubscribed', { roomId: frame.roomId, reason: frame.reason });
      case 'message_updated':
      case 'message_deleted': {
        // A change has its own place in the room's log: the cursor moves past it, and a repeat is dropped.
        const room = this.rooms.get(frame.roomId);
        if (!room) return;
        if (room.lastSeq !== undefined && frame.eventSeq <= room.lastSeq) return;
        room.lastSeq = frame.eventSeq;
        return this.emit(frame.type, frame as never);
      }
      case 'resumed':
        for (const r of frame.rooms) if (r.status === 'not_found') this.rooms.delete(r.roomId);
        return this.emit('resumed', frame);
      case 'read':
      case 'notification':
      case 'room_closed': {
        const { type: _type, ...payload } = frame;
        return this.emit(frame.type, payload as never);
      }
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
      this.outbox.unsendAll();
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        for (const [roomId, room] of this.rooms) if (!room.subscribed) this.sendSubscribe(roomId);
        this.pump();
      }, 1000);
      return this.emit('error', frame);
    }
    if (frame.ref === 'resume') {
      // Refused as a whole (rate or a hiccup): resume again shortly.
      setTimeout(() => this.sendResume(), 1000);
      return this.emit('error', frame);
    }
    if (frame.ref?.startsWith('sub:')) {
      const roomId = frame.ref.slice(4);
      if (PERMANENT.has(frame.code)) this.rooms.delete(roomId);
      else setTimeout(() => this.sendSubscribe(roomId), 1000); // rate limited or a hiccup: subscribe again shortly
      return this.emit('error', frame);
    }
    const permanent = PERMANENT.has(frame.code);
    if (this.outbox.refused(frame.ref, frame.code, frame.message, permanent)) {
      if (permanent) this.pump();
      // Rate limited or a server hiccup: send it again a little later, with the same clientMsgId.
      else
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
      await pageHistory(this.opts, roomId, room.lastSeq ?? 0, lastSeq, (items) => {
        for (const m of items) this.onMessage({ type: 'message', ...m });
      });
      // The pages showed every message in its current state up to the log position the server named: resume after it.
      if (room.lastSeq === undefined || room.lastSeq < lastSeq) room.lastSeq = lastSeq;
    } catch (err) {
      this.emit('error', { type: 'error', code: 'RESYNC_FAILED', message: (err as Error).message });
    } finally {
      room.resyncing = false;
    }
    this.sendSubscribe(roomId);
  }
}
