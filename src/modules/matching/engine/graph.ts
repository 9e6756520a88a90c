// Candidate graph in compressed rows: each member's feasible candidates with score and a recent-repeat flag.
export interface Graph {
  n: number;
  /** Row i is start[i]..start[i+1], ordered by score, best first. */
  start: Int32Array;
  nbr: Int32Array;
  w: Float64Array;
  rep: Uint8Array;
  /** Undirected edge count. */
  edges: number;
}

/** Directed candidate entries (either direction may be missing); the graph holds their symmetric union. */
export interface EdgeList {
  u: number[];
  v: number[];
  w: number[];
  rep: number[];
}

export function emptyEdgeList(): EdgeList {
  return { u: [], v: [], w: [], rep: [] };
}

export function pushEdge(e: EdgeList, u: number, v: number, w: number, rep: boolean): void {
  e.u.push(u);
  e.v.push(v);
  e.w.push(w);
  e.rep.push(rep ? 1 : 0);
}

function sortRow(g: Graph, a: number, b: number): void {
  if (b - a > 32) {
    const idx = Array.from({ length: b - a }, (_, k) => a + k);
    idx.sort((x, y) => g.w[y]! - g.w[x]! || g.nbr[x]! - g.nbr[y]!);
    const nbr = idx.map((k) => g.nbr[k]!);
    const w = idx.map((k) => g.w[k]!);
    const rep = idx.map((k) => g.rep[k]!);
    g.nbr.set(nbr, a);
    g.w.set(w, a);
    g.rep.set(rep, a);
    return;
  }
  // Insertion sort for the usual short rows.
  for (let k = a + 1; k < b; k++) {
    const nb = g.nbr[k]!;
    const w = g.w[k]!;
    const r = g.rep[k]!;
    let m = k - 1;
    while (m >= a && (g.w[m]! < w || (g.w[m] === w && g.nbr[m]! > nb))) {
      g.nbr[m + 1] = g.nbr[m]!;
      g.w[m + 1] = g.w[m]!;
      g.rep[m + 1] = g.rep[m]!;
      m--;
    }
    g.nbr[m + 1] = nb;
    g.w[m + 1] = w;
    g.rep[m + 1] = r;
  }
}

export function buildGraph(n: number, list: EdgeList): Graph {
  const m = list.u.length;
  const deg = new Int32Array(n);
  for (let k = 0; k < m; k++) {
    deg[list.u[k]!]!++;
    deg[list.v[k]!]!++;
  }
  const rawStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rawStart[i + 1] = rawStart[i]! + deg[i]!;
  const fill = rawStart.slice(0, n);
  const rawNbr = new Int32Array(2 * m);
  const rawEdge = new Int32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const u = list.u[k]!;
    const v = list.v[k]!;
    rawNbr[fill[u]!] = v;
    rawEdge[fill[u]!++] = k;
    rawNbr[fill[v]!] = u;
    rawEdge[fill[v]!++] = k;
  }
  const stamp = new Int32Array(n).fill(-1);
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let k = rawStart[i]!; k < rawStart[i + 1]!; k++) {
      const j = rawNbr[k]!;
      if (stamp[j] !== i && j !== i) {
        stamp[j] = i;
        total++;
      }
    }
    start[i + 1] = total;
  }
  stamp.fill(-1);
  const g: Graph = {
    n,
    start,
    nbr: new Int32Array(total),
    w: new Float64Array(total),
    rep: new Uint8Array(total),
    edges: total / 2,
  };
  let pos = 0;
  for (let i = 0; i < n; i++) {
    for (let k = rawStart[i]!; k < rawStart[i + 1]!; k++) {
      const j = rawNbr[k]!;
      if (stamp[j] === i || j === i) continue;
      stamp[j] = i;
      const e = rawEdge[k]!;
      g.nbr[pos] = j;
      g.w[pos] = list.w[e]!;
      g.rep[pos] = list.rep[e]!;
      pos++;
    }
    sortRow(g, start[i]!, start[i + 1]!);
  }
  return g;
}

/** Position of edge (u, v) in row u, or -1. Rows are short, so a scan beats a hash here. */
export function findEdge(g: Graph, u: number, v: number): number {
  const nbr = g.nbr;
  for (let k = g.start[u]!, e = g.start[u + 1]!; k < e; k++) if (nbr[k] === v) return k;
  return -1;
}

/** Adds edges to an existing graph (used when a left-out member's full scan finds partners). */
export function extendGraph(g: Graph, extra: EdgeList): Graph {
  const add: Array<Array<[number, number, number]>> = Array.from({ length: g.n }, () => []);
  let added = 0;
  for (let k = 0; k < extra.u.length; k++) {
    const u = extra.u[k]!;
    const v = extra.v[k]!;
    if (u === v || findEdge(g, u, v) >= 0 || add[u]!.some((e) => e[0] === v)) continue;
    add[u]!.push([v, extra.w[k]!, extra.rep[k]!]);
    add[v]!.push([u, extra.w[k]!, extra.rep[k]!]);
    added++;
  }
  if (added === 0) return g;
  // Rows are copied as they are; only rows that gained edges are sorted again.
  const start = new Int32Array(g.n + 1);
  for (let i = 0; i < g.n; i++) start[i + 1] = start[i]! + (g.start[i + 1]! - g.start[i]!) + add[i]!.length;
  const out: Graph = { n: g.n, start, nbr: new Int32Array(start[g.n]!), w: new Float64Array(start[g.n]!), rep: new Uint8Array(start[g.n]!), edges: g.edges + added };
  for (let i = 0; i < g.n; i++) {
    const a = g.start[i]!;
    const len = g.start[i + 1]! - a;
    out.nbr.set(g.nbr.subarray(a, a + len), start[i]!);
    out.w.set(g.w.subarray(a, a + len), start[i]!);
    out.rep.set(g.rep.subarray(a, a + len), start[i]!);
    let at = start[i]! + len;
    for (const [v, w, r] of add[i]!) {
      out.nbr[at] = v;
      out.w[at] = w;
      out.rep[at++] = r;
    }
    if (add[i]!.length > 0) sortRow(out, start[i]!, start[i + 1]!);
  }
  return out;
}
