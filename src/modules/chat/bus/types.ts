// The chat bus: small nudges between server processes. Never the truth (that is the stored seq), so losing one costs latency only.
export type BusEvent =
  /** An event of the room's log (a message, or an edit/delete/hide/restore) took this seq. */
  | { t: 'm'; r: string; s: number }
  /** Someone is typing (ephemeral). */
  | { t: 'ty'; r: string; m: string }
  /** A member's presence in a room on the origin node changed. */
  | { t: 'p'; r: string; m: string; on: boolean }
  /** The origin node's full presence (sent periodically; repairs a lost change). */
  | { t: 'pa'; rooms: [string, string[]][] }
  /** The origin node started; `inst` (CHAT_INSTANCE_ID) lets others drop what a former run of that instance left. */
  | { t: 'hello'; inst?: string }
  /** The origin node is alive (every few seconds); `ts` its clock, for the bus lag. */
  | { t: 'hb'; ts: number; inst?: string }
  /** The origin node is going away: forget its presence. */
  | { t: 'bye' }
  /** Close every socket of a member (suspended). */
  | { t: 'kick'; m: string }
  /** End a member's subscription to a room (removed from the circle). */
  | { t: 'rm'; r: string; m: string }
  /** A session ended: close the sockets opened with it (all of the member's without `s`). */
  | { t: 'se'; m: string; s?: string }
  /** A notification for a member's open sockets. */
  | { t: 'n'; m: string; n: { id: string; kind: string; data: Record<string, unknown>; createdAt: string; truncated?: true } }
  /** A room became read-only. */
  | { t: 'cl'; r: string }
  /** A member's read marker moved (with the unread count after it). */
  | { t: 'rd'; m: string; r: string; s: number; u: number };

/** An event as sent: with the origin node's id, so a node skips its own (it acted locally already). */
export type Envelope = BusEvent & { o: string };

export interface ChatBus {
  readonly kind: 'memory' | 'postgres' | 'redis';
  start(): Promise<void>;
  /** Queued and sent in batches shortly after; never throws. */
  publish(event: BusEvent): void;
  onEvent(handler: (event: Envelope) => void): void;
  /** After the bus lost its connection and got it back: anything may have been missed, so catch up. */
  onResync(handler: () => void): void;
  close(): Promise<void>;
}

// NOTIFY payloads must stay under 8000 bytes; Redis has no such limit but small messages are kinder.
export const MAX_BATCH_BYTES = 7000;

/** Packs queued events into JSON arrays under the size limit; message nudges for one room collapse to the highest seq. */
export function packBatches(origin: string, events: BusEvent[]): string[] {
  const highest = new Map<string, number>();
  const rest: BusEvent[] = [];
  for (const e of events) {
    if (e.t === 'm') highest.set(e.r, Math.max(highest.get(e.r) ?? 0, e.s));
    else rest.push(e);
  }
  const all: BusEvent[] = [...[...highest].map(([r, s]) => ({ t: 'm' as const, r, s })), ...rest];
  const batches: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const e of all) {
    const text = JSON.stringify({ ...e, o: origin });
    if (current.length && size + text.length + 1 > MAX_BATCH_BYTES) {
      batches.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(text);
    size += text.length + 1;
  }
  if (current.length) batches.push(`[${current.join(',')}]`);
  return batches;
}

export function unpack(payload: string): Envelope[] {
  try {
    const parsed: unknown = JSON.parse(payload);
    return Array.isArray(parsed) ? (parsed.filter((e) => e && typeof e === 'object' && typeof e.t === 'string' && typeof e.o === 'string') as Envelope[]) : [];
  } catch {
    return [];
  }
}

/**
 * Shared batching: one send in flight at a time; whatever is published meanwhile goes out together in the next one
 * (message nudges for a room collapsing to its highest seq), so a burst costs a few sends, not one per event.
 */
export abstract class BatchingBus implements ChatBus {
  abstract readonly kind: 'memory' | 'postgres' | 'redis';
  protected readonly handlers: ((event: Envelope) => void)[] = [];
  protected readonly resyncHandlers: (() => void)[] = [];
  private queue: BusEvent[] = [];
  private scheduled = false;
  private flushing: Promise<void> | null = null;
  protected closed = false;

  constructor(protected readonly nodeId: string) {}

  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract send(payload: string): Promise<void>;

  publish(event: BusEvent): void {
    if (this.closed) return;
    this.queue.push(event);
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Sends everything queued (also on close, so a goodbye still goes out); resolves when the queue is empty. */
  protected flush(): Promise<void> {
    this.scheduled = false;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    for (let round = 0; round < 1000 && this.queue.length; round++) {
      const events = this.queue;
      this.queue = [];
      for (const payload of packBatches(this.nodeId, events)) {
        try {
          await this.send(payload);
        } catch {
          // Receivers catch up from the database on their timer; presence and typing are ephemeral anyway.
        }
      }
    }
  }

  protected deliver(payload: string): void {
    for (const event of unpack(payload)) {
      if (event.o === this.nodeId) continue;
      for (const handler of this.handlers) handler(event);
    }
  }

  protected resync(): void {
    for (const handler of this.resyncHandlers) handler();
  }

  onEvent(handler: (event: Envelope) => void): void {
    this.handlers.push(handler);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }
}
