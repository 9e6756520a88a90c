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

  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond);
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

/** One bucket per key (a member id), swept when full so idle members cost nothing. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.ratePerSecond, this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  sweep(): void {
    const now = performance.now();
    for (const [key, bucket] of this.buckets) if (bucket.idle(now)) this.buckets.delete(key);
  }
}
