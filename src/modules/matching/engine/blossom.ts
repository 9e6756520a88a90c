// Exact maximum-weight matching (Galil's O(n³) primal-dual blossom algorithm, after van Rantwijk's mwmatching.py).
// Typed arrays and loops in place of the baseline's tuples; the vertex duals come back so callers can price edges.
import { augmentMatching, expandBlossom } from './blossom-augment.js';
import { Forest, validBestS, validBestUnlabelled } from './blossom-forest.js';
import { greedyStart } from './blossom-start.js';
import { BlossomState } from './blossom-state.js';
import type { Work } from './work.js';
// Imports read once into module constants: under CommonJS (tsx: tests, bench) each read of an imported binding is a getter call.
const bestS = validBestS;
const bestUnlabelled = validBestUnlabelled;
const augment = augmentMatching;
const expand = expandBlossom;

export interface Matched {
  /** Partner vertex, or -1. */
  mate: Int32Array;
  /**
   * Twice each vertex's dual u(v) ≥ 0, for v < n. With the matched weight, u(i) + u(j) ≥ w(i, j)
   * for every edge not given to the solver proves the matching optimal on the larger graph too.
   */
  dual2: Float64Array;
  /** The dual objective Σ u(v) + Σ z(B)·⌊|B|/2⌋: an upper bound on any matching's weight. */
  dualObjective: number;
  /** True when the work budget ran out first: the matching and duals are then not optimal. */
  stopped: boolean;
  /**
   * Blossoms at the end, for pricing: `blossomParent[x]` is the blossom holding vertex or blossom x
   * (-1 at the top), `blossomDual[b]` its dual z (b ≥ n). An edge inside blossoms counts twice their z.
   */
  blossomParent: Int32Array;
  blossomDual: Float64Array;
}

/**
 * n vertices, edges (u[k], v[k], w[k]) with u ≠ v and at most one edge per pair. Integer weights
 * (even, ideally) keep the arithmetic exact. maxCardinality: the heaviest among maximum matchings.
 * work: counts edges scanned and vertices visited; when it runs out the result says `stopped`.
 * greedy: start from the greedy stages at once (`blossom-start.ts`; not with maxCardinality).
 */
export function maxWeightMatching(n: number, eu: Int32Array, ev: Int32Array, ew: Float64Array, maxCardinality = false, work?: Work, greedy = false): Matched {
  const s = new BlossomState(n, eu, ev, ew);
  if (greedy && !maxCardinality) greedyStart(s);
  const nv = n;
  const label = s.label;
  const inBlossom = s.inBlossom;
  const dual = s.dualVar;
  const minVertexDual = (): number => {
    let m = Infinity;
    for (let v = 0; v < nv; v++) if (dual[v]! < m) m = dual[v]!;
    return m;
  };
  const { nbStart, nbEnd, endpoint, allowEdge, bestEdge } = s;
  const topMark = new Int32Array(2 * nv);
  const tops: number[] = [];
  let subStamp = 0;
  let stopped = false;
  let scanned = 0;
  // One stage for the whole solve: after each augmentation only the two trees joined are taken apart.
  const forest = new Forest(s);
  let joined = -1;
  label.fill(0);
  s.newStage();
  for (let v = 0; v < nv; v++) if (s.mate[v] === -1 && label[inBlossom[v]!] === 0) s.assignLabel(v, 1, -1);
  const C=(globalThis as any).__bc ??= {solves:0,stages:0,deltas:0,act:0,scans:0,diss:0,types:[0,0,0,0,0]};C.solves++;
  for (let stage = 0; stage < nv; stage++) {C.stages++;
    if (work && !work.spend(1)) {
      stopped = true;
      break;
    }
    if (joined >= 0) {const d= forest.dissolve(joined);scanned+=d;C.diss+=d;}
    let augmented = false;
    for (;;) {
      while (s.queue.length > 0 && !augmented) {
        const v = s.queue.pop()!;
        // A vertex queued before its tree was taken apart is no longer S.
        if (label[inBlossom[v]!] !== 1) continue;C.scans+=nbStart[v+1]!-nbStart[v]!;
        scanned += nbStart[v + 1]! - nbStart[v]! + 1;
        const dv = dual[v]!;
        for (let q = nbStart[v]!, qe = nbStart[v + 1]!; q < qe; q++) {
          const p = nbEnd[q]!;
          const k = p >> 1;
          const w = endpoint[p]!;
          const bw = inBlossom[w]!;
          // Read afresh: a blossom formed by this scan changes v's top-level blossom.
          if (inBlossom[v] === bw) continue;
          let kslack = 0;
          if (!allowEdge[k]) {
            kslack = dv + dual[w]! - 2 * ew[k]!;
            if (kslack <= 0) allowEdge[k] = 1;
          }
          const lw = label[bw]!;
          if (allowEdge[k]) {
            if (lw === 0) s.assignLabel(w, 2, p ^ 1);
            else if (lw === 1) {
              const base = s.scanBlossom(v, w);
              if (base >= 0) s.addBlossom(base, k);
              else {
                augment(s, k);
                joined = k;
                augmented = true;
                break;
              }
            } else if (label[w] === 0) {
              label[w] = 2;
              s.labelEnd[w] = p ^ 1;
            }
          } else if (lw === 1) {
            const b = inBlossom[v]!;
            const e = bestEdge[b]!;
            if (e === -1 || kslack < dual[eu[e]!]! + dual[ev[e]!]! - 2 * ew[e]!) bestEdge[b] = k;
          } else if (label[w] === 0) {
            const e = bestEdge[w]!;
            if (e === -1) {
              bestEdge[w] = k;
              s.bestList.push(w);
            } else if (kslack < dual[eu[e]!]! + dual[ev[e]!]! - 2 * ew[e]!) bestEdge[w] = k;
          }
        }
      }
      if (work && !work.spend(scanned + s.active.length + s.bestList.length)) {
        stopped = true;
        break;
      }
      scanned = 0;
      if (augmented) break;
      let deltaType = -1;
      let delta = 0;
      let deltaEdge = -1;
      let deltaBlossom = -1;
      const active = s.active;C.deltas++;C.act+=active.length+s.bestList.length;
      if (!maxCardinality) {
        // Free vertices are always S and move together, so they hold the smallest vertex dual.
        deltaType = 1;
        delta = Infinity;
        for (const v of active) if (dual[v]! < delta) delta = dual[v]!;
      }
      for (const v of s.bestList) {
        if (label[inBlossom[v]!] === 0 && s.bestEdge[v] !== -1) {
          const e = bestUnlabelled(s, v);
          if (e === -1) continue;
          const d = s.slack(e);
          if (deltaType === -1 || d < delta) {
            delta = d;
            deltaType = 2;
            deltaEdge = e;
          }
        }
      }
      subStamp++;
      tops.length = 0;
      for (const v of active) {
        const b = inBlossom[v]!;
        if (topMark[b] !== subStamp) {
          topMark[b] = subStamp;
          tops.push(b);
        }
      }
      for (const b of tops) {
        if (label[b] === 1 && s.bestEdge[b] !== -1) {
          const e = bestS(s, b);
          if (e === -1) continue;
          const d = s.slack(e) / 2;
          if (deltaType === -1 || d < delta) {
            delta = d;
            deltaType = 3;
            deltaEdge = e;
          }
        }
      }
      for (const b of tops) {
        if (b >= nv && label[b] === 2 && (deltaType === -1 || dual[b]! < delta)) {
          delta = dual[b]!;
          deltaType = 4;
          deltaBlossom = b;
        }
      }
      if (deltaType === -1) {
        deltaType = 1;
        delta = Math.max(0, minVertexDual());
      }
      for (const v of active) {
        const l = label[inBlossom[v]!];
        if (l === 1) dual[v]! -= delta;
        else if (l === 2) dual[v]! += delta;
      }
      for (const b of tops) {
        if (b >= nv) {
          if (label[b] === 1) dual[b]! += delta;
          else if (label[b] === 2) dual[b]! -= delta;
        }
      }
      C.types[deltaType]++;
      if (deltaType === 1) break;
      if (deltaType === 2) {
        s.allowEdge[deltaEdge] = 1;
        let i = eu[deltaEdge]!;
        if (label[inBlossom[i]!] === 0) i = ev[deltaEdge]!;
        s.queue.push(i);
      } else if (deltaType === 3) {
        s.allowEdge[deltaEdge] = 1;
        s.queue.push(eu[deltaEdge]!);
      } else expand(s, deltaBlossom, false);
    }
    if (!augmented || stopped) break;
  }
  const mate = new Int32Array(nv);
  for (let v = 0; v < nv; v++) mate[v] = s.mate[v]! >= 0 ? s.endpoint[s.mate[v]!]! : -1;
  let dualObjective = 0;
  for (let v = 0; v < nv; v++) dualObjective += dual[v]! / 2;
  for (let b = nv; b < 2 * nv; b++) {
    if (s.blossomBase[b]! >= 0) dualObjective += dual[b]! * Math.floor(s.leaves(b).length / 2);
  }
  return { mate, dual2: dual.slice(0, nv), dualObjective, stopped, blossomParent: s.blossomParent.slice(), blossomDual: dual.slice() };
}

/** The baseline's interface: [i, j, weight] edges, vertices numbered from 0 to the largest seen. */
export function maxWeightMatchingEdges(edges: ReadonlyArray<readonly [number, number, number]>, maxCardinality = false): Int32Array {
  if (edges.length === 0) return new Int32Array(0);
  let n = 0;
  for (const [i, j] of edges) n = Math.max(n, i + 1, j + 1);
  const eu = Int32Array.from(edges, (e) => e[0]);
  const ev = Int32Array.from(edges, (e) => e[1]);
  const ew = Float64Array.from(edges, (e) => e[2]);
  return maxWeightMatching(n, eu, ev, ew, maxCardinality).mate;
}
