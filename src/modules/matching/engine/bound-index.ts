// Buckets of members by (practice type, goal set), split into chunks, each with score-relevant ranges for pruning.
import { POPCOUNT, type Prepared } from './prepared.js';

const CHUNK = 16;

/**
 * Nodes are buckets (same type and goal set) followed by their chunks (16 members alike in time
 * zone and size). Each node keeps what bounds a score against it: OR of strengths, ranges of the
 * continuous features, how many know their time zone, and its slice of `members`.
 */
export interface BucketIndex {
  buckets: number;
  /** (type << 15 | goal mask) → bucket, -1 for none. */
  lookup: Int32Array;
  /** Buckets whose goal set contains a core (at most 6 goals), fewest goals first: entries of (type << 15 | core) in containingList from containingStart. */
  containingStart: Int32Array;
  containingList: Int32Array;
  /** Buckets with more than 6 goals, per type: checked one by one. */
  wide: number[][];
  byType: number[][];
  type: Uint8Array;
  mask: Uint16Array;
  orStrengths: Uint16Array;
  knownTz: Int32Array;
  /** Per node 8 numbers: lo/hi of log clinicians, log locations, sqrt years, tz. */
  ranges: Float64Array;
  from: Int32Array;
  to: Int32Array;
  /** For a bucket: its chunk nodes are chunkFrom..chunkTo-1. */
  chunkFrom: Int32Array;
  chunkTo: Int32Array;
  members: Int32Array;
}

export function buildBucketIndex(p: Prepared): BucketIndex {
  const groups = new Map<number, number[]>();
  for (let j = 0; j < p.n; j++) {
    const key = (p.type[j]! << 15) | (p.goals[j]! & 0x7fff);
    const l = groups.get(key);
    if (l) l.push(j);
    else groups.set(key, [j]);
  }
  const nb = groups.size;
  let nodes = nb;
  for (const l of groups.values()) nodes += Math.ceil(l.length / CHUNK);
  const ix: BucketIndex = {
    buckets: nb,
    lookup: new Int32Array(15 << 15).fill(-1),
    containingStart: new Int32Array((15 << 15) + 1),
    containingList: new Int32Array(0),
    wide: Array.from({ length: 15 }, () => []),
    byType: Array.from({ length: 15 }, () => []),
    type: new Uint8Array(nodes),
    mask: new Uint16Array(nodes),
    orStrengths: new Uint16Array(nodes),
    knownTz: new Int32Array(nodes),
    ranges: new Float64Array(nodes * 8),
    from: new Int32Array(nodes),
    to: new Int32Array(nodes),
    chunkFrom: new Int32Array(nb),
    chunkTo: new Int32Array(nb),
    members: new Int32Array(p.n),
  };
  const tzKey = (j: number): number => (p.tz[j] === p.tz[j] ? p.tz[j]! : 99);
  let b = 0;
  let chunk = nb;
  let pos = 0;
  for (const [key, list] of groups) {
    list.sort((x, y) => tzKey(x) - tzKey(y) || p.logClin[x]! - p.logClin[y]! || p.sqrtYears[x]! - p.sqrtYears[y]! || x - y);
    ix.lookup[key] = b;
    ix.byType[key >>> 15]!.push(b);
    ix.from[b] = pos;
    ix.chunkFrom[b] = chunk;
    for (let c = 0; c < list.length; c += CHUNK) {
      ix.from[chunk] = pos + c;
      ix.to[chunk] = pos + Math.min(list.length, c + CHUNK);
      chunk++;
    }
    ix.chunkTo[b] = chunk;
    for (const j of list) ix.members[pos++] = j;
    ix.to[b] = pos;
    b++;
  }
  for (let node = 0; node < nodes; node++) {
    const first = ix.members[ix.from[node]!]!;
    ix.type[node] = p.type[first]!;
    ix.mask[node] = p.goals[first]!;
    const o = node * 8;
    for (let r = 0; r < 8; r += 2) {
      ix.ranges[o + r] = Infinity;
      ix.ranges[o + r + 1] = -Infinity;
    }
    for (let x = ix.from[node]!; x < ix.to[node]!; x++) {
      const j = ix.members[x]!;
      ix.orStrengths[node] = ix.orStrengths[node]! | p.strengths[j]!;
      const vals = [p.logClin[j]!, p.logLoc[j]!, p.sqrtYears[j]!, p.tz[j]!];
      for (let r = 0; r < 4; r++) {
        const v = vals[r]!;
        if (v !== v) continue;
        if (v < ix.ranges[o + 2 * r]!) ix.ranges[o + 2 * r] = v;
        if (v > ix.ranges[o + 2 * r + 1]!) ix.ranges[o + 2 * r + 1] = v;
      }
      if (p.tz[j] === p.tz[j]) ix.knownTz[node]!++;
    }
  }
  const lists = new Map<number, number[]>();
  for (let bk = 0; bk < nb; bk++) {
    const t = ix.type[bk]!;
    const mask = ix.mask[bk]!;
    if (POPCOUNT[mask]! > 6) {
      ix.wide[t]!.push(bk);
      continue;
    }
    for (let sub = mask; ; sub = (sub - 1) & mask) {
      const key = (t << 15) | sub;
      const l = lists.get(key);
      if (l) l.push(bk);
      else lists.set(key, [bk]);
      if (sub === 0) break;
    }
  }
  let total = 0;
  for (const l of lists.values()) total += l.length;
  ix.containingList = new Int32Array(total);
  const keys = [...lists.keys()].sort((a, c) => a - c);
  let at = 0;
  let next = 0;
  for (const key of keys) {
    while (next <= key) ix.containingStart[next++] = at;
    const l = lists.get(key)!.sort((a, c) => POPCOUNT[ix.mask[a]!]! - POPCOUNT[ix.mask[c]!]! || a - c);
    ix.containingList.set(l, at);
    at += l.length;
  }
  while (next <= 15 << 15) ix.containingStart[next++] = at;
  return ix;
}

const subsetCache = new Map<number, number[][]>();

/** Subsets of a mask's bits grouped by size: out[k] lists every sub-mask with exactly k bits. Cached per mask. */
export function subsetsBySize(mask: number): number[][] {
  const cached = subsetCache.get(mask);
  if (cached) return cached;
  const bits = Array.from({ length: 15 }, (_, b) => 1 << b).filter((x) => mask & x);
  const out: number[][] = Array.from({ length: bits.length + 1 }, () => []);
  for (let s = 0; s < 1 << bits.length; s++) {
    let m = 0;
    let c = 0;
    for (let x = 0; x < bits.length; x++) {
      if (s & (1 << x)) {
        m |= bits[x]!;
        c++;
      }
    }
    out[c]!.push(m);
  }
  if (subsetCache.size < 100_000) subsetCache.set(mask, out);
  return out;
}
