// Edmonds' cardinality search (augmenting paths, blossoms shrunk on the fly): one engine for the candidate-graph and full-graph steps.

/**
 * Search state over n members and a matching (`mate`, -1 for single). A search starts at a single
 * root; the caller scans each vertex `next()` hands out and reports its edges to `visit`, which
 * grows the tree, shrinks blossoms, and returns the free end of an augmenting path when it meets one.
 * Only what a search touched is reset before the next, so many short searches stay cheap.
 */
export class Edmonds {
  readonly base: Int32Array;
  readonly parent: Int32Array;
  readonly used: Uint8Array;
  readonly touched: number[] = [];
  private readonly blossom: Int32Array;
  private readonly lcaMark: Int32Array;
  private readonly queue: Int32Array;
  private stamp = 0;
  private qh = 0;
  private qt = 0;
  private root = -1;

  constructor(
    readonly n: number,
    readonly mate: Int32Array,
  ) {
    this.base = Int32Array.from({ length: n }, (_, i) => i);
    this.parent = new Int32Array(n).fill(-1);
    this.used = new Uint8Array(n);
    this.blossom = new Int32Array(n);
    this.lcaMark = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  start(root: number): void {
    const { used, parent, base } = this;
    for (const t of this.touched) {
      used[t] = 0;
      parent[t] = -1;
      base[t] = t;
    }
    this.touched.length = 0;
    this.root = root;
    used[root] = 1;
    this.touched.push(root);
    this.qh = 0;
    this.qt = 0;
    this.queue[this.qt++] = root;
  }

  /** The next vertex whose edges the caller should visit, or -1 when the tree is exhausted. */
  next(): number {
    return this.qh < this.qt ? this.queue[this.qh++]! : -1;
  }

  /** Edge v–to from a vertex of the tree: -1, or the free end of an augmenting path. */
  visit(v: number, to: number): number {
    const { base, mate, parent, used } = this;
    if (base[v] === base[to] || mate[v] === to) return -1;
    if (to === this.root || (mate[to] !== -1 && parent[mate[to]!] !== -1)) {
      const cb = this.lca(v, to);
      this.markPath(v, cb, to);
      this.markPath(to, cb, v);
      const len = this.touched.length;
      for (let x = 0; x < len; x++) {
        const t = this.touched[x]!;
        if (this.blossom[base[t]!] === this.stamp) {
          base[t] = cb;
          if (!used[t]) {
            used[t] = 1;
            this.queue[this.qt++] = t;
          }
        }
      }
    } else if (parent[to] === -1) {
      parent[to] = v;
      this.touched.push(to);
      if (mate[to] === -1) return to;
      const m = mate[to]!;
      used[m] = 1;
      this.touched.push(m);
      this.queue[this.qt++] = m;
    }
    return -1;
  }

  /** Flips the augmenting path that ends at the free vertex v: one more pair. */
  augment(end: number): void {
    const { mate, parent } = this;
    let v = end;
    while (v !== -1) {
      const pv = parent[v]!;
      const next = mate[pv]!;
      mate[v] = pv;
      mate[pv] = v;
      v = next;
    }
  }

  private lca(a0: number, b0: number): number {
    const { base, mate, parent, lcaMark } = this;
    this.stamp++;
    let a = a0;
    for (;;) {
      a = base[a]!;
      lcaMark[a] = this.stamp;
      if (mate[a] === -1) break;
      a = parent[mate[a]!]!;
    }
    let b = b0;
    for (;;) {
      b = base[b]!;
      if (lcaMark[b] === this.stamp) return b;
      b = parent[mate[b]!]!;
    }
  }

  private markPath(v0: number, b: number, child0: number): void {
    const { base, mate, parent, blossom } = this;
    let v = v0;
    let child = child0;
    while (base[v] !== b) {
      blossom[base[v]!] = this.stamp;
      blossom[base[mate[v]!]!] = this.stamp;
      parent[v] = child;
      child = mate[v]!;
      v = parent[mate[v]!]!;
    }
  }
}
