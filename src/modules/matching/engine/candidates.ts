// Peer candidate edges without an N×N matrix: a full scan for top K up to SCAN_N, else blocks, random and two-hop picks.
import { TYPE_AFFINITY, TYPE_STRIDE } from './config.js';
import { buildGraph, emptyEdgeList, pushEdge, type Graph } from './graph.js';
import type { Prepared } from './prepared.js';
import type { Rng } from './prng.js';
import { peerFeasible, recentIdx } from './rules.js';
import { scoreIdx } from './score.js';
import { SCORE_OPS, type Work } from './work.js';
// Imports read once into module constants: under CommonJS (tsx: tests, bench) each read of an imported binding is a getter call.
const score = scoreIdx;
const feasible = peerFeasible;
const recent = recentIdx;

/** Below this many members every feasible pair is a candidate. */
export const EXHAUSTIVE_N = 600;
/** Up to this many members every pair is scored for each member's best K (no blocks). */
export const SCAN_N = 3_000;
const K = 24;
const K_REPEAT = 4;
const WINDOW = 5;
const RANDOM_PER_BLOCK = 5;
const HOP = 10;

export interface Candidates {
  graph: Graph;
  timedOut: boolean;
}

export function exhaustiveGraph(n: number, feasible: (i: number, j: number) => boolean, score: (i: number, j: number) => number, repeat: (i: number, j: number) => boolean): Graph {
  const list = emptyEdgeList();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (feasible(i, j)) pushEdge(list, i, j, score(i, j), repeat(i, j));
  }
  return buildGraph(n, list);
}

function complementaryTypes(t: number): number[] {
  const out: Array<[number, number]> = [];
  for (let u = 0; u < 15; u++) {
    const v = TYPE_AFFINITY[t * TYPE_STRIDE + u]!;
    if (u !== t && v > 0) out.push([u, v]);
  }
  return out.sort((a, b) => b[1] - a[1]).slice(0, 3).map((x) => x[0]);
}

export function peerCandidates(p: Prepared, rng: Rng, work: Work): Candidates {
  const n = p.n;
  if (n <= EXHAUSTIVE_N) {
    const graph = exhaustiveGraph(n, (i, j) => feasible(p, i, j), (i, j) => score(p, i, j), (i, j) => recent(p, i, j));
    return { graph, timedOut: false };
  }
  // Blocks: (practice type, goal) with members sorted by size then stage, so a window is "similar size".
  const sortKey = new Float64Array(n);
  for (let i = 0; i < n; i++) sortKey[i] = p.logClin[i]! * 4 + p.sqrtYears[i]! * 0.25;
  const blockLists = new Map<number, number[]>();
  const typeLists: number[][] = Array.from({ length: 15 }, () => []);
  for (let i = 0; i < n; i++) {
    const t = p.type[i]!;
    typeLists[t]!.push(i);
    const g = p.goals[i]!;
    const keys: number[] = [];
    for (let b = 0; b < 15; b++) if (g & (1 << b)) keys.push(t * 16 + b);
    if (keys.length === 0) keys.push(t * 16 + 15);
    for (const key of keys) {
      let l = blockLists.get(key);
      if (!l) blockLists.set(key, (l = []));
      l.push(i);
    }
  }
  const blocks = new Map<number, Int32Array>();
  for (const [key, l] of blockLists) blocks.set(key, Int32Array.from(l.sort((a, b) => sortKey[a]! - sortKey[b]! || a - b)));
  const compl = Array.from({ length: 15 }, (_, t) => complementaryTypes(t));
  // Large networks have dense blocks: fewer random and two-hop picks find as good candidates.
  const randomPerBlock = n > 30_000 ? 3 : RANDOM_PER_BLOCK;
  const hop = n > 30_000 ? 8 : HOP;

  const cand = new Int32Array(n * K).fill(-1);
  const candW = new Float64Array(n * K).fill(-1);
  const reps: number[][] = Array.from({ length: n }, () => []);
  const stamp = new Int32Array(n).fill(-1);
  let self = 0;
  const consider = (j: number): void => {
    const i = self;
    if (j === i || stamp[j] === i) return;
    stamp[j] = i;
    const s = score(p, i, j);
    const base = i * K;
    if (s <= candW[base + K - 1]! || !feasible(p, i, j)) return;
    if (recent(p, i, j)) {
      if (reps[i]!.length < K_REPEAT) reps[i]!.push(j);
      return;
    }
    let m = base + K - 1;
    while (m > base && candW[m - 1]! < s) {
      cand[m] = cand[m - 1]!;
      candW[m] = candW[m - 1]!;
      m--;
    }
    cand[m] = j;
    candW[m] = s;
  };

  for (let i = 0; i < n; i++) {
    self = i;
    for (let k = p.recent.start[i]!; k < p.recent.start[i + 1]!; k++) {
      // Recent partners bypass the top-K cut: they are the fallback when nobody else is left.
      const j = p.recent.list[k]!;
      if (feasible(p, i, j) && reps[i]!.length < K_REPEAT) reps[i]!.push(j);
      stamp[j] = i;
    }
    const t = p.type[i]!;
    const g = p.goals[i]!;
    for (let b = 0; b < 16; b++) {
      if (b < 15 ? !(g & (1 << b)) : g !== 0) continue;
      const block = blocks.get(t * 16 + b)!;
      let lo = 0;
      let hi = block.length;
      const key = sortKey[i]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sortKey[block[mid]!]! < key) lo = mid + 1;
        else hi = mid;
      }
      for (let d = Math.max(0, lo - WINDOW); d < Math.min(block.length, lo + WINDOW + 1); d++) consider(block[d]!);
      for (let r = 0; r < randomPerBlock; r++) consider(block[rng.int(block.length)]!);
    }
    for (const u of compl[t]!) {
      const l = typeLists[u]!;
      if (l.length > 0) for (let r = 0; r < 2; r++) consider(l[rng.int(l.length)]!);
    }
    for (let r = 0; r < 4; r++) consider(rng.int(n));
  }
  let timedOut = false;
  if (n <= SCAN_N) {
    // Small enough to scan every pair: each member's true best K feasible partners.
    for (let i = 0; i < n; i++) {
      if (!work.spend(n * SCORE_OPS)) {
        timedOut = true;
        break;
      }
      self = i;
      for (let j = 0; j < n; j++) consider(j);
    }
    return { graph: collect(), timedOut };
  }
  // Two hops: a candidate's best candidates are often good for me too.
  for (let i = 0; i < n; i++) {
    if (!work.spend(hop * hop * SCORE_OPS)) {
      timedOut = true;
      break;
    }
    self = i;
    for (let a = 0; a < K && cand[i * K + a]! >= 0; a++) stamp[cand[i * K + a]!] = i;
    for (const j of reps[i]!) stamp[j] = i;
    for (let a = 0; a < hop; a++) {
      const j = cand[i * K + a]!;
      if (j < 0) break;
      for (let b = 0; b < hop; b++) {
        const l = cand[j * K + b]!;
        if (l < 0) break;
        consider(l);
      }
    }
  }
  // Members whose row is not full may have few feasible partners at all: scan the whole network
  // for them, so every feasible edge of a hard-to-place member is a candidate.
  for (let i = 0; i < n && !timedOut; i++) {
    if (cand[i * K + K - 1]! >= 0) continue;
    if (!work.spend(n * SCORE_OPS)) {
      timedOut = true;
      break;
    }
    self = i;
    for (let j = 0; j < n; j++) consider(j);
  }
  return { graph: collect(), timedOut };

  function collect(): Graph {
    const list = emptyEdgeList();
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < K; a++) {
        const j = cand[i * K + a]!;
        if (j < 0) break;
        pushEdge(list, i, j, candW[i * K + a]!, false);
      }
      for (const j of reps[i]!) pushEdge(list, i, j, score(p, i, j), true);
    }
    return buildGraph(n, list);
  }
}
