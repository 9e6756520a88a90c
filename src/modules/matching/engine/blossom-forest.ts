// Keeping the forest across augmentations: only the two trees an augmenting path joined are taken apart.
import { expandBlossom } from './blossom-augment.js';
import type { BlossomState } from './blossom-state.js';

/**
 * The textbook stage ends at each augmentation and relabels every single vertex, scanning all their
 * edges again: O(n · m) over a solve, nearly all of it for trees the path never touched. Here the
 * trees stay. After augmenting along edge k, the two trees it joined (every blossom whose label
 * chain leads to either root) lose their labels; S-blossoms among them with a zero dual are
 * expanded as at a stage's end; their edges lose `allowEdge`; and every S vertex next to them is
 * scanned again, so edges into them are seen in their new role. Best edges that pointed into them
 * are refreshed lazily (`validBest*`). Every other tree, label and dual is as the stage left it,
 * which is what the next stage would rebuild: single vertices are still roots at the common dual.
 */
export class Forest {
  private readonly rootOf: Int32Array;
  private readonly rootStamp: Int32Array;
  private readonly queued: Int32Array;
  private stamp = 0;

  constructor(private readonly s: BlossomState) {
    this.rootOf = new Int32Array(2 * s.nv);
    this.rootStamp = new Int32Array(2 * s.nv);
    this.queued = new Int32Array(s.nv);
  }

  /** The root blossom of the tree holding top-level blossom b (memoised for this stamp). */
  private root(b0: number): number {
    const { s, rootOf, rootStamp } = this;
    const path: number[] = [];
    let b = b0;
    while (rootStamp[b] !== this.stamp && s.labelEnd[b] !== -1) {
      path.push(b);
      b = s.inBlossom[s.endpoint[s.labelEnd[b]!]!]!;
    }
    const r = rootStamp[b] === this.stamp ? rootOf[b]! : b;
    for (const x of [...path, b]) {
      rootStamp[x] = this.stamp;
      rootOf[x] = r;
    }
    return r;
  }

  /** After augmenting along edge k: unlabels the two trees it joined and queues their S neighbours for a rescan. Returns the work done. */
  dissolve(k: number): number {
    const s = this.s;
    const { label, labelEnd, inBlossom, bestEdge, nbStart, nbEnd, endpoint, allowEdge } = s;
    this.stamp++;
    const ra = this.root(inBlossom[s.eu[k]!]!);
    const rb = this.root(inBlossom[s.ev[k]!]!);
    const tops: number[] = [];
    for (const x of s.active) {
      const b = inBlossom[x]!;
      if (label[b] === 0 || labelEnd[b] === -2) continue;
      const r = this.root(b);
      if (r === ra || r === rb) {
        labelEnd[b] = -2;
        tops.push(b);
      }
    }
    const freed: number[] = [];
    // Sub-blossoms keep the labels they had when their blossom formed: cleared too, as a new stage would.
    const clear = (b: number): void => {
      label[b] = 0;
      labelEnd[b] = -1;
      bestEdge[b] = -1;
      if (b < s.nv) freed.push(b);
      else {
        s.blossomBestEdges[b] = null;
        for (const c of s.blossomChilds[b]!) clear(c);
      }
    };
    for (const b of tops) {
      const wasS = label[b] === 1;
      clear(b);
      if (wasS && b >= s.nv && s.dualVar[b] === 0) expandBlossom(s, b, true);
    }
    let work = tops.length;
    for (const x of freed) {
      for (let q = nbStart[x]!; q < nbStart[x + 1]!; q++) {
        const p = nbEnd[q]!;
        allowEdge[p >> 1] = 0;
        const y = endpoint[p]!;
        if (label[inBlossom[y]!] === 1 && this.queued[y] !== this.stamp) {
          this.queued[y] = this.stamp;
          s.queue.push(y);
        }
      }
      work += nbStart[x + 1]! - nbStart[x]!;
    }
    s.compact();
    return work + s.active.length + s.bestList.length;
  }
}

const isS = (s: BlossomState, v: number): boolean => s.label[s.inBlossom[v]!] === 1;

/** An unlabelled vertex's best edge to an S-blossom, recomputed if the one kept no longer leads to one (-1 for none). */
export function validBestUnlabelled(s: BlossomState, v: number): number {
  const e = s.bestEdge[v]!;
  if (e === -1) return -1;
  if (isS(s, s.eu[e] === v ? s.ev[e]! : s.eu[e]!)) return e;
  let best = -1;
  for (let q = s.nbStart[v]!; q < s.nbStart[v + 1]!; q++) {
    const p = s.nbEnd[q]!;
    if (!isS(s, s.endpoint[p]!)) continue;
    const k = p >> 1;
    if (best === -1 || s.slack(k) < s.slack(best)) best = k;
  }
  s.bestEdge[v] = best;
  return best;
}

/** An S-blossom's best edge to another S-blossom, recomputed from its vertices' edges if the one kept went stale (-1 for none). */
export function validBestS(s: BlossomState, b: number): number {
  const e = s.bestEdge[b]!;
  if (e === -1) return -1;
  const bu = s.inBlossom[s.eu[e]!]!;
  const bv = s.inBlossom[s.ev[e]!]!;
  if (bu !== bv && s.label[bu] === 1 && s.label[bv] === 1) return e;
  let best = -1;
  for (const x of s.leaves(b)) {
    for (let q = s.nbStart[x]!; q < s.nbStart[x + 1]!; q++) {
      const p = s.nbEnd[q]!;
      const y = s.endpoint[p]!;
      const by = s.inBlossom[y]!;
      if (by === b || s.label[by] !== 1) continue;
      const k = p >> 1;
      if (best === -1 || s.slack(k) < s.slack(best)) best = k;
    }
  }
  if (b >= s.nv) s.blossomBestEdges[b] = null;
  s.bestEdge[b] = best;
  return best;
}
