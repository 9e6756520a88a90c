// One authenticated socket: frames handled in arrival order, errors answered as frames, abuse and slow readers closed.
import type { WebSocket } from 'ws';
import { AppError } from '../../errors.js';
import type { SessionIdentity } from '../auth/index.js';
import { CloseCodes } from '../../client/protocol.js';
import { ackFrame } from './chat.views.js';
import { FrameError, parseFrame, type Frame } from './frames.js';
import type { Corkable, WriteCoalescer } from './coalesce.js';
import type { Outgoing, Subscriber, Subscription } from './subscription.js';
import type { MessageRow } from './messages.repo.js';
import { TokenBucket } from './rate-limit.js';

export const CLOSE = {
  /** Graceful shutdown: reconnect (to another process) and resume. */
  restart: CloseCodes.serviceRestart,
  /** Too much queued for a slow reader: resume later. */
  slow: CloseCodes.tryAgainLater,
  abuse: CloseCodes.policyViolation,
  /** The session this socket authenticated with ended: log in again. */
  sessionEnded: CloseCodes.sessionEnded,
  /** The member was suspended: do not reconnect with this token. */
  suspended: CloseCodes.suspended,
  /** Over the per-member socket cap. */
  tooManySockets: CloseCodes.tooManySockets,
} as const;

const TEXT = { binary: false } as const;
const OPEN = 1;

/** The socket under a websocket: corked per turn, and written to directly with prebuilt frames. */
type Transport = Corkable & { write(data: Buffer): unknown };
// Room for a reconnecting client's subscribes (one per room) plus its unacked sends.
const MAX_IN_FLIGHT = 128;
const MAX_VIOLATIONS = 50;
const VIOLATION_WINDOW_MS = 10_000;

export interface ConnectionHost {
  readonly maxBufferedBytes: number;
  /** Batches each socket's writes per turn of the event loop. */
  readonly coalescer: WriteCoalescer;
  readonly typingIntervalMs: number;
  handle(conn: Connection, frame: Frame): Promise<void>;
  typing(conn: Connection, roomId: string): void;
  closed(conn: Connection): void;
  logError(err: unknown, conn: Connection): void;
}

export class Connection implements Subscriber {
  readonly memberId: string;
  readonly sessionId: string;
  readonly role: 'member' | 'admin';
  /** Sends in flight on this socket (room|clientMsgId → ref): whichever path delivers the message first acks it first. */
  private readonly pendingAcks = new Map<string, string | undefined>();
  readonly subs = new Map<string, Subscription>();
  closed = false;
  alive = true;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private violations = 0;
  private windowStart = 0;
  private typingAt: Map<string, number> | null = null;
  private typingDropped = 0;
  /** The socket under the websocket, corked while a turn's frames pile up (null: written one by one through ws). */
  private readonly held: { transport: Transport; held: number } | null;

  constructor(
    readonly ws: WebSocket,
    identity: SessionIdentity,
    private readonly frames: TokenBucket,
    private readonly host: ConnectionHost,
    transport?: Partial<Transport>,
  ) {
    const usable = typeof transport?.cork === 'function' && typeof transport.uncork === 'function' && typeof transport.write === 'function';
    this.held = usable ? { transport: transport as Transport, held: 0 } : null;
    this.memberId = identity.memberId;
    this.sessionId = identity.sessionId;
    this.role = identity.role;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.onClose());
  }

  /** A text frame; a Buffer is the UTF-8 of a frame serialised once for many sockets. */
  sendRaw(data: string | Buffer): void {
    if (this.closed) return;
    if (this.held) this.host.coalescer.hold(this.held, data.length);
    this.ws.send(data, TEXT);
    if (this.ws.bufferedAmount > this.host.maxBufferedBytes) this.close(CLOSE.slow, 'slow consumer: resume later');
  }

  /** A frame of a room's log; the sender's own message is preceded by its ack, on every path (live, nudge, replay). */
  push(item: Outgoing): void {
    if (item.own && this.pendingAcks.size && item.own.authorId === this.memberId) this.ackOnce(item.own);
    if (this.closed) return;
    const { held } = this;
    // The frame shared by every subscriber goes straight onto the socket ws writes to (ws itself never queues here:
    // no compression), in order with ws's own writes; a socket that is closing gets nothing, as ws.send would do.
    if (!held) return this.sendRaw(item.data);
    if (this.ws.readyState !== OPEN) return;
    this.host.coalescer.hold(held, item.wire.length);
    held.transport.write(item.wire);
    if (this.ws.bufferedAmount > this.host.maxBufferedBytes) this.close(CLOSE.slow, 'slow consumer: resume later');
  }

  /** Registers a send before it is written, so its ack can never come after its message. */
  expectAck(roomId: string, clientMsgId: string, ref: string | undefined): void {
    this.pendingAcks.set(`${roomId}|${clientMsgId}`, ref);
  }

  /** Acks a send once: the first of the commit path and the delivery path wins; later calls do nothing. */
  ackOnce(row: Pick<MessageRow, 'roomId' | 'clientMsgId' | 'id' | 'seq' | 'createdAt'>): void {
    const key = `${row.roomId}|${row.clientMsgId}`;
    if (!this.pendingAcks.has(key)) return;
    const ref = this.pendingAcks.get(key);
    this.pendingAcks.delete(key);
    this.send(ackFrame(row, ref));
  }

  /** The send failed: nothing to ack. */
  dropAck(roomId: string, clientMsgId: string): void {
    this.pendingAcks.delete(`${roomId}|${clientMsgId}`);
  }

  send(frame: object): void {
    this.sendRaw(JSON.stringify(frame));
  }

  error(code: string, message: string, ref?: string): void {
    this.send(ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref });
  }

  /** Closes with a code; a peer that does not answer the close handshake is cut off shortly after. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.onClose();
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.closed(this);
  }

  /** Counts a misbehaviour; enough of them in a window and the socket is closed as abusive. */
  private violation(code: string, message: string, ref?: string): void {
    const now = performance.now();
    if (now - this.windowStart > VIOLATION_WINDOW_MS) {
      this.windowStart = now;
      this.violations = 0;
    }
    if (++this.violations > MAX_VIOLATIONS) this.close(CLOSE.abuse, 'too many rejected frames');
    else this.error(code, message, ref);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    this.alive = true;
    if (this.closed) return;
    if (!this.frames.take()) return this.violation('RATE_LIMITED', 'Too many frames; slow down', cheapRef(data));
    if (isBinary) return this.violation('INVALID_FRAME', 'Binary frames are not supported; send JSON text');
    let frame: Frame;
    try {
      frame = parseFrame(data.toString('utf8'));
    } catch (err) {
      const fe = err as FrameError;
      return this.violation(fe.code ?? 'VALIDATION_FAILED', fe.message, fe.ref);
    }
    if (frame.type === 'ping') return this.send(frame.ref === undefined ? { type: 'pong' } : { type: 'pong', ref: frame.ref });
    if (frame.type === 'typing') return this.onTyping(frame.roomId, frame.ref);
    if (this.inFlight >= MAX_IN_FLIGHT) return this.violation('RATE_LIMITED', 'Too many frames waiting; wait for answers', refOf(frame));
    this.inFlight++;
    this.chain = this.chain
      .then(() => (this.closed ? undefined : this.host.handle(this, frame)))
      .catch((err) => this.fail(err, frame))
      .finally(() => {
        this.inFlight--;
      });
  }

  private fail(err: unknown, frame: Frame): void {
    if (err instanceof AppError) return this.error(err.code, err.message, refOf(frame));
    this.host.logError(err, this);
    this.error('INTERNAL', 'Internal server error', refOf(frame));
  }

  /** Typing is throttled per room: repeats inside the interval are dropped; a flood is an error, then abuse. */
  private onTyping(roomId: string, ref?: string): void {
    if (!this.subs.has(roomId)) return this.violation('NOT_SUBSCRIBED', 'Subscribe to the room first', ref);
    const now = performance.now();
    this.typingAt ??= new Map();
    const last = this.typingAt.get(roomId);
    if (last !== undefined && now - last < this.host.typingIntervalMs) {
      if (++this.typingDropped > 20) {
        this.typingDropped = 0;
        this.violation('RATE_LIMITED', 'Typing frames are throttled; send one every few seconds', ref);
      }
      return;
    }
    this.typingDropped = 0;
    this.typingAt.set(roomId, now);
    this.host.typing(this, roomId);
  }
}

function refOf(frame: Frame): string | undefined {
  if (frame.ref !== undefined) return frame.ref;
  return frame.type === 'send' ? frame.clientMsgId : undefined;
}

/** The ref (or a send's clientMsgId) of a refused small frame, so the client knows which one to repeat; never throws. */
function cheapRef(data: Buffer): string | undefined {
  if (data.length > 4096) return undefined;
  try {
    const obj = JSON.parse(data.toString('utf8')) as { ref?: unknown; clientMsgId?: unknown };
    const ref = typeof obj.ref === 'string' ? obj.ref : obj.clientMsgId;
    return typeof ref === 'string' && ref.length <= 64 ? ref : undefined;
  } catch {
    return undefined;
  }
}
