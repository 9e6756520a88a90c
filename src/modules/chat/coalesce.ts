// Coalesces the frames one socket gets in one turn of the event loop into one write: a group commit acks and fans out
// many messages at once, and one writev per socket instead of one per frame is most of what a fan-out costs.
/** The transport under a websocket (a net.Socket): writes between cork() and uncork() leave in one system call. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** A socket holds at most this much before it is flushed early (a long replay is written as it goes, not all at once). */
export const FLUSH_BYTES = 64 * 1024;

interface Held {
  transport: Corkable;
  /** Bytes written since the cork; reset on each flush. */
  held: number;
}

export class WriteCoalescer {
  private pending: Held[] = [];
  private scheduled = false;

  /** Called before each write: corks the transport once per turn; flushes early when the turn's writes grow large. */
  hold(h: Held, bytes: number): void {
    if (h.held === 0) {
      h.transport.cork();
      this.pending.push(h);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    }
    h.held += Math.max(1, bytes);
    if (h.held >= FLUSH_BYTES) {
      // Uncorked now; the turn's flush finds it at 0 and leaves it alone.
      h.held = 0;
      h.transport.uncork();
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const list = this.pending;
    this.pending = [];
    for (const h of list) {
      if (h.held === 0) continue;
      h.held = 0;
      h.transport.uncork();
    }
  };
}
