// The client's unacknowledged sends: kept in order, at most maxInFlight on the wire, sent again with the same
// clientMsgId after a reconnect or a passing refusal, settled by their ack or by a permanent error.
import { ChatError, type Outgoing } from './client-types.js';
import type { AckFrame, ClientFrame } from './protocol.js';

export class Outbox {
  private readonly items = new Map<string, Outgoing>();

  constructor(private readonly maxInFlight: number) {}

  get size(): number {
    return this.items.size;
  }

  add(roomId: string, body: string, clientMsgId: string): Promise<AckFrame> {
    return new Promise((resolve, reject) => {
      this.items.set(clientMsgId, { sent: false, roomId, clientMsgId, body, resolve, reject });
    });
  }

  /** Writes queued sends, oldest first, keeping at most maxInFlight unacknowledged on the wire. */
  pump(write: (frame: ClientFrame) => void): void {
    let inFlight = 0;
    for (const out of this.items.values()) if (out.sent) inFlight++;
    for (const out of this.items.values()) {
      if (inFlight >= this.maxInFlight) break;
      if (out.sent) continue;
      out.sent = true;
      inFlight++;
      write({ type: 'send', roomId: out.roomId, clientMsgId: out.clientMsgId, body: out.body });
    }
  }

  /** Whatever was unacked may or may not have been stored: all of it goes out again (same clientMsgIds). */
  unsendAll(): void {
    for (const out of this.items.values()) out.sent = false;
  }

  ack(frame: AckFrame): void {
    const out = this.items.get(frame.clientMsgId);
    this.items.delete(frame.clientMsgId);
    out?.resolve(frame);
  }

  /** An error answered a send (by its ref): a permanent one rejects it, any other sends it again later. False: not a send. */
  refused(ref: string | undefined, code: string, message: string, permanent: boolean): boolean {
    const out = ref === undefined ? undefined : this.items.get(ref);
    if (!out) return false;
    if (permanent) {
      this.items.delete(out.clientMsgId);
      out.reject(new ChatError(code, message));
    } else {
      out.sent = false;
    }
    return true;
  }
}
