// Token buckets: a steady rate with a burst allowance, refilled lazily on each take (no timers per key).
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.updated = performance.now();
  }

  /** `share` (0–1] scales rate and burst: this process's part of a budget shared by several processes. */
  take(now = performance.now(), share = 1): boolean {
    const burst = Math.max(1, this.burst * share);
    this.tokens = Math.min(burst, this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond * share);
    this.updated = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Full again: nothing to remember for this key. */
  idle(now = performance.now()): boolean {
    return this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond >= this.burst;
  }
}

/**
 * One bucket per key (a member id), swept when full so idle members cost nothing. With `processes()` > 1 each process
 * keeps 1/N of the rate and burst, so the member's total across N processes stays within the configured budget.
 */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly processes: () => number = () => 1,
  ) {}

  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.ratePerSecond, this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket.take(performance.now(), 1 / Math.max(1, this.processes()));
  }

  sweep(): void {
    const now = performance.now();
    for (const [key, bucket] of this.buckets) if (bucket.idle(now)) this.buckets.delete(key);
  }
}
