// Group commit for sends: while a write is in flight, new sends queue and go together in the next one statement.
// Alone, a send takes the one-message statement (lowest latency); under load, one commit carries many messages.
import type { Database } from '../../db/client.js';
import { isUniqueViolation, pgErrorCode } from '../../db/errors.js';
import { insertMessages, type BatchInput } from './batch.repo.js';
import { insertMessage, type InsertResult } from './messages.repo.js';
import { retryTransient } from './retry.js';

interface Pending {
  input: BatchInput;
  resolve: (result: InsertResult | null) => void;
  reject: (err: unknown) => void;
}

/**
 * One write in flight: everything sent meanwhile waits and goes in the next batch, so batches grow with the load (one
 * round trip and one commit for many messages) and a process commits each room's messages in seq order.
 */
const WRITER_DEFAULTS = { maxBatch: 500, maxConcurrent: 1 };

export class MessageWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Same (room, author, clientMsgId) while queued or being written: share one result (a resend racing its original). */
  private readonly byKey = new Map<string, Promise<InsertResult | null>>();

  constructor(
    private readonly database: Database,
    private readonly opts: { maxBatch: number; maxConcurrent: number } = WRITER_DEFAULTS,
  ) {}

  write(input: BatchInput): Promise<InsertResult | null> {
    const key = `${input.roomId}|${input.authorId}|${input.clientMsgId}`;
    const existing = this.byKey.get(key);
    if (existing) return existing.then((r) => (r ? { row: r.row, created: false } : r));
    const promise = new Promise<InsertResult | null>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.kick();
    }).finally(() => this.byKey.delete(key));
    this.byKey.set(key, promise);
    return promise;
  }

  private kick(): void {
    while (this.inFlight < this.opts.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.kick();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.single(batch[0]!);
    try {
      // Idempotent (clientMsgId): a transient failure is retried as a whole before anyone hears of it.
      const results = await retryTransient(() => insertMessages(this.database, batch.map((p) => p.input)));
      batch.forEach((p, i) => p.resolve(results[i] ?? null));
    } catch (err) {
      // A duplicate committed elsewhere meanwhile (unique index), a deadlock or serialization failure: one at a time.
      if (isUniqueViolation(err) || pgErrorCode(err) === '40P01' || pgErrorCode(err) === '40001') {
        await Promise.all(batch.map((p) => this.single(p)));
      } else {
        for (const p of batch) p.reject(err);
      }
    }
  }

  private async single(p: Pending): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return p.resolve(await retryTransient(() => insertMessage(this.database, p.input)));
      } catch (err) {
        // A concurrent send of the same clientMsgId committed first: the retry finds it.
        if (isUniqueViolation(err) && attempt < 2) continue;
        return p.reject(err);
      }
    }
  }
}
