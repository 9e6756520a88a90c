// Blossom state of the exact matcher (labels, blossoms, duals, scans that grow the forest): typed arrays, after mwmatching.py.
export class BlossomState {
  readonly nv: number;
  readonly eu: Int32Array;
  readonly ev: Int32Array;
  /** Edge weights; even integers keep every dual exact. */
  readonly ew: Float64Array;
  readonly endpoint: Int32Array;
  /** Endpoints p (edge p >> 1) seen from each vertex, in compressed rows. */
  readonly nbStart: Int32Array;
  readonly nbEnd: Int32Array;
  readonly mate: Int32Array;
  readonly label: Int32Array;
  readonly labelEnd: Int32Array;
  readonly inBlossom: Int32Array;
  readonly blossomParent: Int32Array;
  readonly blossomChilds: Array<number[] | null>;
  readonly blossomBase: Int32Array;
  readonly blossomEndps: Array<number[] | null>;
  readonly bestEdge: Int32Array;
  readonly blossomBestEdges: Array<number[] | null>;
  readonly unusedBlossoms: number[];
  /** Vertex duals (twice u) for v < nv, blossom duals z above. */
  readonly dualVar: Float64Array;
  readonly allowEdge: Uint8Array;
  readonly queue: number[] = [];
  /**
   * Vertices in the stage's forest (every leaf of a blossom labelled this stage) and unlabelled
   * vertices given a best edge: delta and dual updates visit only these, not all n vertices.
   */
  readonly active: number[] = [];
  readonly bestList: number[] = [];
  private readonly activeMark: Int32Array;
  private stamp = 0;
  private readonly listMark: Int32Array;
  private listStamp = 0;
  private readonly bestTo: Int32Array;

  constructor(nv: number, eu: Int32Array, ev: Int32Array, ew: Float64Array) {
    this.nv = nv;
    this.eu = eu;
    this.ev = ev;
    this.ew = ew;
    const ne = eu.length;
    let maxWeight = 0;
    for (let k = 0; k < ne; k++) if (ew[k]! > maxWeight) maxWeight = ew[k]!;
    this.endpoint = new Int32Array(2 * ne);
    const deg = new Int32Array(nv + 1);
    for (let k = 0; k < ne; k++) {
      this.endpoint[2 * k] = eu[k]!;
      this.endpoint[2 * k + 1] = ev[k]!;
      deg[eu[k]!]!++;
      deg[ev[k]!]!++;
    }
    this.nbStart = new Int32Array(nv + 1);
    for (let v = 0; v < nv; v++) this.nbStart[v + 1] = this.nbStart[v]! + deg[v]!;
    this.nbEnd = new Int32Array(2 * ne);
    const fill = this.nbStart.slice(0, nv);
    for (let k = 0; k < ne; k++) {
      this.nbEnd[fill[eu[k]!]!++] = 2 * k + 1;
      this.nbEnd[fill[ev[k]!]!++] = 2 * k;
    }
    this.mate = new Int32Array(nv).fill(-1);
    this.label = new Int32Array(2 * nv);
    this.labelEnd = new Int32Array(2 * nv).fill(-1);
    this.inBlossom = Int32Array.from({ length: nv }, (_, i) => i);
    this.blossomParent = new Int32Array(2 * nv).fill(-1);
    this.blossomChilds = new Array(2 * nv).fill(null);
    this.blossomBase = Int32Array.from({ length: 2 * nv }, (_, i) => (i < nv ? i : -1));
    this.blossomEndps = new Array(2 * nv).fill(null);
    this.bestEdge = new Int32Array(2 * nv).fill(-1);
    this.blossomBestEdges = new Array(2 * nv).fill(null);
    this.unusedBlossoms = Array.from({ length: nv }, (_, i) => nv + i);
    this.dualVar = Float64Array.from({ length: 2 * nv }, (_, i) => (i < nv ? maxWeight : 0));
    this.allowEdge = new Uint8Array(ne);
    this.bestTo = new Int32Array(2 * nv).fill(-1);
    this.activeMark = new Int32Array(nv);
    this.listMark = new Int32Array(nv);
  }

  /** Twice the slack of edge k. */
  slack(k: number): number {
    return this.dualVar[this.eu[k]!]! + this.dualVar[this.ev[k]!]! - 2 * this.ew[k]!;
  }

  leaves(b: number, out: number[] = []): number[] {
    if (b < this.nv) out.push(b);
    else for (const t of this.blossomChilds[b]!) this.leaves(t, out);
    return out;
  }

  /** Starts a stage: no vertex is in the forest yet. */
  newStage(): void {
    this.stamp++;
    this.active.length = 0;
    this.bestList.length = 0;
  }

  /** Drops vertices that left the forest from `active`, and S vertices or repeats from `bestList`. */
  compact(): void {
    const { active, bestList, label, inBlossom, bestEdge, activeMark } = this;
    let w = 0;
    for (const x of active) {
      if (label[inBlossom[x]!] !== 0) active[w++] = x;
      else activeMark[x] = 0;
    }
    active.length = w;
    this.listStamp++;
    w = 0;
    for (const x of bestList) {
      // Unreached vertices inside a T-blossom keep theirs: they count once the blossom is expanded.
      if (label[inBlossom[x]!] !== 1 && bestEdge[x] !== -1 && this.listMark[x] !== this.listStamp) {
        this.listMark[x] = this.listStamp;
        bestList[w++] = x;
      }
    }
    bestList.length = w;
  }

  /** Records a vertex as part of the stage's forest (its dual may move). */
  mark(x: number): void {
    if (this.activeMark[x] !== this.stamp) {
      this.activeMark[x] = this.stamp;
      this.active.push(x);
    }
  }

  assignLabel(w0: number, t0: number, p0: number): void {
    let [w, t, p] = [w0, t0, p0];
    for (;;) {
      const b = this.inBlossom[w]!;
      this.label[w] = this.label[b] = t;
      this.labelEnd[w] = this.labelEnd[b] = p;
      this.bestEdge[w] = this.bestEdge[b] = -1;
      if (t === 1) {
        if (b < this.nv) {
          this.queue.push(b);
          this.mark(b);
        } else {
          for (const x of this.leaves(b)) {
            this.queue.push(x);
            this.mark(x);
          }
        }
        return;
      }
      if (b < this.nv) this.mark(b);
      else for (const x of this.leaves(b)) this.mark(x);
      const base = this.blossomBase[b]!;
      [w, t, p] = [this.endpoint[this.mate[base]!]!, 1, this.mate[base]! ^ 1];
    }
  }

  scanBlossom(v0: number, w0: number): number {
    let [v, w] = [v0, w0];
    const path: number[] = [];
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = this.inBlossom[v]!;
      if (this.label[b]! & 4) {
        base = this.blossomBase[b]!;
        break;
      }
      path.push(b);
      this.label[b] = 5;
      if (this.labelEnd[b] === -1) v = -1;
      else {
        v = this.endpoint[this.labelEnd[b]!]!;
        b = this.inBlossom[v]!;
        v = this.endpoint[this.labelEnd[b]!]!;
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) this.label[b] = 1;
    return base;
  }

  addBlossom(base: number, k: number): void {
    let v = this.eu[k]!;
    let w = this.ev[k]!;
    const bb = this.inBlossom[base]!;
    let bv = this.inBlossom[v]!;
    let bw = this.inBlossom[w]!;
    const b = this.unusedBlossoms.pop()!;
    this.blossomBase[b] = base;
    this.blossomParent[b] = -1;
    this.blossomParent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      this.blossomParent[bv] = b;
      path.push(bv);
      endps.push(this.labelEnd[bv]!);
      v = this.endpoint[this.labelEnd[bv]!]!;
      bv = this.inBlossom[v]!;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      this.blossomParent[bw] = b;
      path.push(bw);
      endps.push(this.labelEnd[bw]! ^ 1);
      w = this.endpoint[this.labelEnd[bw]!]!;
      bw = this.inBlossom[w]!;
    }
    this.blossomChilds[b] = path;
    this.blossomEndps[b] = endps;
    this.label[b] = 1;
    this.labelEnd[b] = this.labelEnd[bb]!;
    this.dualVar[b] = 0;
    for (const x of this.leaves(b)) {
      if (this.label[this.inBlossom[x]!] === 2) this.queue.push(x);
      this.inBlossom[x] = b;
    }
    const bestTo = this.bestTo;
    const touched: number[] = [];
    const consider = (kk: number): void => {
      let j = this.ev[kk]!;
      if (this.inBlossom[j] === b) j = this.eu[kk]!;
      const bj = this.inBlossom[j]!;
      if (bj !== b && this.label[bj] === 1) {
        if (bestTo[bj] === -1) {
          touched.push(bj);
          bestTo[bj] = kk;
        } else if (this.slack(kk) < this.slack(bestTo[bj]!)) bestTo[bj] = kk;
      }
    };
    for (const sub of path) {
      const own = this.blossomBestEdges[sub];
      if (own) for (const kk of own) consider(kk);
      else {
        for (const x of this.leaves(sub)) {
          for (let q = this.nbStart[x]!; q < this.nbStart[x + 1]!; q++) consider(this.nbEnd[q]! >> 1);
        }
      }
      this.blossomBestEdges[sub] = null;
      this.bestEdge[sub] = -1;
    }
    // Same order as a scan of every blossom id: the result does not depend on visiting order.
    touched.sort((x, y) => x - y);
    const best = touched.map((x) => bestTo[x]!);
    for (const x of touched) bestTo[x] = -1;
    this.blossomBestEdges[b] = best;
    this.bestEdge[b] = -1;
    for (const kk of best) if (this.bestEdge[b] === -1 || this.slack(kk) < this.slack(this.bestEdge[b]!)) this.bestEdge[b] = kk;
  }
}
