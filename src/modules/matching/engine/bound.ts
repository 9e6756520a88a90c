// Provable upper bounds: each member's best k feasible scores over everyone, by exact search over goal-set buckets.
import { TYPE_AFFINITY, TYPE_STRIDE } from './config.js';
import type { Graph } from './graph.js';
import { buildBucketIndex, subsetsBySize, type BucketIndex } from './bound-index.js';
import { POPCOUNT, type Prepared } from './prepared.js';
import { peerFeasible } from './rules.js';
import { INV_SQRT, nearRange, scoreIdx, SPANS } from './score.js';
import { opsFor, SCORE_OPS, type Work } from './work.js';
// Imports read once into module constants: under CommonJS (tsx: tests, bench) each read of an imported binding is a getter call.
const AFFINITY = TYPE_AFFINITY;
const STRIDE = TYPE_STRIDE;
const POP = POPCOUNT;
const ISQRT = INV_SQRT;
const near = nearRange;
const score = scoreIdx;
const feasible = peerFeasible;
const SPAN = SPANS;

/** Mean of each member's k best scores in a graph that holds every feasible edge (0 with fewer than k). */
export function topKMeansFromGraph(g: Graph, k: number): Float64Array {
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    const a = g.start[i]!;
    if (g.start[i + 1]! - a < k) continue;
    let s = 0;
    for (let x = 0; x < k; x++) s += g.w[a + x]!;
    out[i] = s / k;
  }
  return out;
}

/** The member whose bound is being searched, unpacked once. */
class Probe {
  i = 0;
  type = 0;
  goals = 0;
  strengths = 0;
  nGoals = 0;
  lc = 0;
  ll = 0;
  sy = 0;
  tz = 0;
  set(p: Prepared, i: number): void {
    this.i = i;
    this.type = p.type[i]!;
    this.goals = p.goals[i]!;
    this.strengths = p.strengths[i]!;
    this.nGoals = p.nGoals[i]!;
    this.lc = p.logClin[i]!;
    this.ll = p.logLoc[i]!;
    this.sy = p.sqrtYears[i]!;
    this.tz = p.tz[i]!;
  }
}

/** Highest score the probe could reach with anyone in a node (same normalisation as score). */
function nodeBound(w: Float64Array, ix: BucketIndex, node: number, m: Probe): number {
  const mask = ix.mask[node]!;
  let num = w[0]! * AFFINITY[m.type * STRIDE + ix.type[node]!]!;
  let den = w[0]!;
  const nm = POP[mask]!;
  if (m.nGoals > 0 && nm > 0) {
    num += w[1]! * POP[m.goals & mask]! * ISQRT[m.nGoals * 16 + nm]!;
    den += w[1]!;
  }
  if (m.nGoals > 0 || nm > 0) {
    let s = 0;
    let c = 0;
    if (nm > 0) {
      s += POP[m.strengths & mask]! / nm;
      c++;
    }
    if (m.nGoals > 0) {
      s += POP[ix.orStrengths[node]! & m.goals]! / m.nGoals;
      c++;
    }
    num += (w[2]! * s) / c;
    den += w[2]!;
  }
  const r = ix.ranges;
  const o = node * 8;
  num +=
    w[3]! * (0.7 * near(m.lc, r[o]!, r[o + 1]!, SPAN.clin) + 0.3 * near(m.ll, r[o + 2]!, r[o + 3]!, SPAN.loc)) +
    w[4]! * near(m.sy, r[o + 4]!, r[o + 5]!, SPAN.stage);
  den += w[3]! + w[4]!;
  if (den <= 0) return 0;
  const known = ix.knownTz[node]!;
  let ub = -Infinity;
  if (m.tz === m.tz && known > 0) ub = (num + w[5]! * near(m.tz, r[o + 6]!, r[o + 7]!, SPAN.tz)) / (den + w[5]!);
  if (m.tz !== m.tz || known < ix.to[node]! - ix.from[node]!) ub = Math.max(ub, num / den);
  return ub;
}

export interface TopK {
  means: Float64Array;
  /** False when the work budget made some members use node bounds in place of exact scores (still valid). */
  exact: boolean;
}

/** Bound work per member for pairs: about 1.5 s of search at 10,000 members (past it the bound is looser, still valid). */
const PAIR_BOUND_OPS = 5_000;

/** Work for the bound search: a third of the time budget, and for pairs (k = 1) at most PAIR_BOUND_OPS a member. */
export function boundOps(n: number, k: number, timeBudgetMs: number): number {
  const share = opsFor(timeBudgetMs / 3);
  return k === 1 ? Math.min(share, PAIR_BOUND_OPS * n) : share;
}

/**
 * For every member, the mean of its k best scores over ALL feasible peers, not only candidates.
 * The candidate row gives a first k-th best (τ). Goal sets are then taken by how many of the
 * member's goals (c) and other strengths (d) they hold, best first; a class whose best case cannot
 * beat τ is skipped whole, a bucket or chunk is checked against its own bound, and only then are
 * members scored exactly. Past the work budget a class's best case stands in for its buckets:
 * looser, still an upper bound.
 */
export function peerTopKMeans(p: Prepared, g: Graph, k: number, work: Work): TopK {
  const search = new TopKSearch(p, k, work);
  const means = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    if (search.exact && work.out) search.exact = false;
    means[i] = search.member(i, g);
  }
  return { means, exact: search.exact };
}

/** The search state, kept in fields rather than closures so the hot paths stay monomorphic. */
class TopKSearch {
  readonly ix: BucketIndex;
  readonly w: Float64Array;
  readonly wSum: number;
  readonly contMax: number;
  readonly typeOrder: number[][];
  readonly top: Float64Array;
  readonly inRow: Int32Array;
  readonly carried: Float64Array;
  readonly m = new Probe();
  exact = true;
  filled = 0;
  sgCount = 0;

  constructor(
    readonly p: Prepared,
    readonly k: number,
    readonly work: Work,
  ) {
    this.ix = buildBucketIndex(p);
    this.w = p.w;
    this.wSum = p.w.reduce((a, b) => a + b, 0);
    this.contMax = p.w[3]! + p.w[4]! + p.w[5]!;
    this.typeOrder = Array.from({ length: 15 }, (_, t) =>
      Array.from({ length: 15 }, (_, u) => u).sort((a, b) => AFFINITY[t * STRIDE + b]! - AFFINITY[t * STRIDE + a]!),
    );
    this.top = new Float64Array(k);
    this.inRow = new Int32Array(p.n).fill(-1);
    this.carried = new Float64Array(k === 1 ? p.n : 0).fill(-Infinity);
  }

  insert(s: number): void {
    const top = this.top;
    let x = this.k - 1;
    if (s <= top[x]!) return;
    while (x > 0 && top[x - 1]! < s) {
      top[x] = top[x - 1]!;
      x--;
    }
    top[x] = s;
    this.filled++;
  }

  /** Best case of goal sets holding c of the member's goals, d of its other strengths, q goals in all. */
  classBound(affinity: number, c: number, d: number, q: number): number {
    const w = this.w;
    // A bucket without goals: the goal weight drops out and only j→i strengths can count.
    if (q === 0) return this.wSum > w[1]! ? (affinity + w[2]! + this.contMax) / (this.wSum - w[1]!) : 0;
    const cover = (d + Math.min(c, this.sgCount)) / q;
    return (affinity + w[1]! * c * ISQRT[this.m.nGoals * 16 + q]! + (w[2]! * (cover + 1)) / 2 + this.contMax) / this.wSum;
  }

  visit(b: number): void {
    const { ix, m, top, p } = this;
    const k = this.k;
    const bucketUb = nodeBound(this.w, ix, b, m);
    if (bucketUb <= top[k - 1]!) return;
    // Counted per bucket opened: its chunks' bounds and, at most, every member scored.
    if (this.exact && !this.work.spend(ix.chunkTo[b]! - ix.chunkFrom[b]! + (ix.to[b]! - ix.from[b]!) * SCORE_OPS)) this.exact = false;
    if (!this.exact) {
      for (let c = Math.min(k, ix.to[b]! - ix.from[b]!); c > 0; c--) this.insert(bucketUb);
      return;
    }
    const single = ix.chunkTo[b]! - ix.chunkFrom[b]! === 1;
    for (let ch = ix.chunkFrom[b]!; ch < ix.chunkTo[b]!; ch++) {
      // A bucket of one chunk has the chunk's very ranges: no need to bound it twice.
      if (!single && nodeBound(this.w, ix, ch, m) <= top[k - 1]!) continue;
      for (let x = ix.from[ch]!; x < ix.to[ch]!; x++) {
        const j = ix.members[x]!;
        if (j === m.i || this.inRow[j] === m.i) continue;
        const s = score(p, m.i, j);
        if (s > top[k - 1]! && feasible(p, m.i, j)) {
          this.insert(s);
          // For k = 1 a score may be shared: counting a partner twice cannot raise a maximum.
          if (k === 1 && j > m.i && s > this.carried[j]!) this.carried[j] = s;
        }
      }
    }
  }

  /** Mean of member i's k best feasible scores (0 with fewer than k). */
  member(i: number, g: Graph): number {
    const { ix, m, top, w, k } = this;
    m.set(this.p, i);
    top.fill(-Infinity);
    this.filled = 0;
    for (let x = g.start[i]!; x < g.start[i + 1]!; x++) {
      this.inRow[g.nbr[x]!] = i;
      this.insert(g.w[x]!);
    }
    if (k === 1 && this.carried[i]! > top[0]!) this.insert(this.carried[i]!);
    this.sgCount = POP[m.strengths & m.goals]!;
    const goalSets = subsetsBySize(m.goals);
    const strengthSets = subsetsBySize(m.strengths & ~m.goals);
    const known = m.goals | m.strengths;
    for (const t of this.typeOrder[m.type]!) {
      const affinity = w[0]! * AFFINITY[m.type * STRIDE + t]!;
      if (this.wSum <= 0 || (affinity + this.wSum - w[0]!) / this.wSum <= top[k - 1]!) continue;
      if (m.nGoals === 0) {
        for (const b of ix.byType[t]!) this.visit(b);
        continue;
      }
      for (const b of ix.wide[t]!) this.visit(b);
      for (let c = goalSets.length - 1; c >= 0; c--) {
        for (let d = strengthSets.length - 1; d >= 0; d--) {
          if (this.classBound(affinity, c, d, c + d) <= top[k - 1]!) continue;
          for (const gs of goalSets[c]!) {
            for (const ss of strengthSets[d]!) {
              const core = gs | ss;
              const key = (t << 15) | core;
              const end = ix.containingStart[key + 1]!;
              if (!this.exact) {
                // Out of time: the class's best case, k times, stands in for its buckets (cheap, looser, valid).
                const first = ix.containingStart[key]!;
                if (first < end) {
                  const ub = this.classBound(affinity, c, d, Math.max(c + d, POP[ix.mask[ix.containingList[first]!]!]!));
                  for (let r = 0; r < k; r++) this.insert(ub);
                }
                continue;
              }
              for (let x = ix.containingStart[key]!; x < end; x++) {
                const b = ix.containingList[x]!;
                const mask = ix.mask[b]!;
                // Fewest goals first: once this class's best case fails, larger goal sets fail too.
                if (this.classBound(affinity, c, d, POP[mask]!) <= top[k - 1]!) break;
                if ((mask & known) === core) this.visit(b);
              }
            }
          }
        }
      }
    }
    if (this.filled < k) return 0;
    let s = 0;
    for (let x = 0; x < k; x++) s += top[x]!;
    return s / k;
  }
}
