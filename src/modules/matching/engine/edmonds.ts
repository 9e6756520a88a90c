// Edmonds' cardinality search (augmenting paths, blossoms shrunk on the fly): one engine for the candidate-graph and full-graph steps.

/**
 * Search state over n members and a matching (`mate`, -1 for single). A search starts at a single
 * root; the caller scans each vertex `next()` hands out and reports its edges to `visit`, which
 * grows the tree, shrinks blossoms, and returns the free end of an augmenting path when it meets one.
 * Only what a search touched is reset before the next, so many short searches stay cheap.
 */
export class Edmonds {
  readonly parent: Int32Array;
  readonly used: Uint8Array;
  readonly touched: number[] = [];
  /** Blossoms shrunk so far, as disjoint sets: `set` links up to a representative, `baseOf` its base. */
  private readonly set: Int32Array;
  private readonly baseOfSet: Int32Array;
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
    this.set = Int32Array.from({ length: n }, (_, i) => i);
    this.baseOfSet = Int32Array.from({ length: n }, (_, i) => i);
    this.parent = new Int32Array(n).fill(-1);
    this.used = new Uint8Array(n);
    this.lcaMark = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  start(root: number): void {
    const { used, parent, set, baseOfSet } = this;
    for (const t of this.touched) {
      used[t] = 0;
      parent[t] = -1;
      set[t] = t;
      baseOfSet[t] = t;
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
    const { mate, parent, used } = this;
    if (mate[v] === to || this.base(v) === this.base(to)) return -1;
    if (to === this.root || (mate[to] !== -1 && parent[mate[to]!] !== -1)) {
      const cb = this.lca(v, to);
      this.shrink(v, cb, to);
      this.shrink(to, cb, v);
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

  private find(x0: number): number {
    const set = this.set;
    let x = x0;
    while (set[x] !== x) {
      set[x] = set[set[x]!]!;
      x = set[x]!;
    }
    return x;
  }

  private base(x: number): number {
    return this.baseOfSet[this.find(x)]!;
  }

  private lca(a0: number, b0: number): number {
    const { mate, parent, lcaMark } = this;
    this.stamp++;
    let a = a0;
    for (;;) {
      a = this.base(a);
      lcaMark[a] = this.stamp;
      if (mate[a] === -1) break;
      a = parent[mate[a]!]!;
    }
    let b = b0;
    for (;;) {
      b = this.base(b);
      if (lcaMark[b] === this.stamp) return b;
      b = parent[mate[b]!]!;
    }
  }

  /**
   * Walks from v up to the blossom's base b, joining each set met into b's and queueing the odd
   * vertices on the way (they become even inside the blossom). Costs the path, not the tree:
   * vertices already inside shrunk blossoms are even and move with their set.
   */
  private shrink(v0: number, b: number, child0: number): void {
    const { mate, parent, used, set } = this;
    const rb = this.find(b);
    let v = v0;
    let child = child0;
    while (this.base(v) !== b) {
      const m = mate[v]!;
      set[this.find(v)] = rb;
      set[this.find(m)] = rb;
      if (!used[m]) {
        used[m] = 1;
        this.queue[this.qt++] = m;
      }
      parent[v] = child;
      child = m;
      v = parent[m]!;
    }
  }
}
