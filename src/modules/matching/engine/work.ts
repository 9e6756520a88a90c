// Work budgets: counted operations in place of wall-clock deadlines, so a seed gives the same result on any machine and under any load.

/**
 * A budget of abstract operations (one ≈ an edge scanned, a pair scored or checked). Solvers spend
 * as they go and stop where a deadline used to stop them; the count, not the clock, decides.
 */
export class Work {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts n operations; true while the budget lasts. */
  spend(n: number): boolean {
    this.used += n;
    return this.used <= this.limit;
  }

  get out(): boolean {
    return this.used > this.limit;
  }

  get spent(): number {
    return this.used;
  }
}

/** No limit: for tests and tools that want every search to run to its end. */
export const unlimited = (): Work => new Work(Infinity);

/**
 * Operations per millisecond of `timeBudgetMs` (an operation ≈ one edge scanned by the blossom,
 * about 30 ns on one core of the development machine): the option keeps its meaning, but is
 * counted, not timed.
 */
export const OPS_PER_MS = 35_000;
/** Scoring a pair and checking its rules, in operations. */
export const SCORE_OPS = 8;
/** Checking a pair's rules alone. */
export const CHECK_OPS = 3;

export const opsFor = (ms: number): number => ms * OPS_PER_MS;
