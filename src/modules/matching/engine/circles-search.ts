// Local search for circles: moves and swaps between circles guided by candidate edges, plus small-network restarts.
import { circleValue, compatible, relocate, totalValue, type CircleState } from './circles.js';
import type { Rng } from './prng.js';
import { permutation } from './prng.js';

const EPS = 1e-12;
/** Below this size every member is a neighbour of every other: the search is then exhaustive per member. */
const ALL_NEIGHBOURS_N = 60;

/** Neighbour lists used to propose target circles: best candidate edges without recent repeats. */
function neighbourLists(st: CircleState, limit: number): Int32Array[] {
  const { n, graph: g } = st.pr;
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    if (n <= ALL_NEIGHBOURS_N) {
      out.push(Int32Array.from({ length: n - 1 }, (_, k) => (k < i ? k : k + 1)));
      continue;
    }
    const row: number[] = [];
    for (let k = g.start[i]!; k < g.start[i + 1]! && row.length < limit; k++) if (!g.rep[k]) row.push(g.nbr[k]!);
    out.push(Int32Array.from(row));
  }
  return out;
}

/**
 * Hill climbing until no member can improve the objective by moving to, or swapping into, a circle
 * holding one of its neighbours. A member is looked at again only when its circle or a neighbour's
 * circle changed since its last look, for at most `maxPasses` passes (work, not time: a seed gives
 * one result on any machine). Returns false when the pass cap stopped it before convergence.
 */
export function improveCircles(st: CircleState, rng: Rng, limit = 16, maxPasses = 10_000): boolean {
  const n = st.pr.n;
  const score = st.pr.score;
  const nbrs = neighbourLists(st, limit);
  const changedAt = new Float64Array(st.circles.length);
  const evalAt = new Float64Array(n).fill(-1);
  const seen = new Int32Array(st.circles.length).fill(-1);
  let clock = 1;
  let stamp = 0;
  const tmp: number[] = [];
  const dirty = (i: number): boolean => {
    const t = evalAt[i]!;
    if (t < 0 || changedAt[st.of[i]!]! > t) return true;
    for (const j of nbrs[i]!) {
      const c = st.of[j]!;
      if (c >= 0 && changedAt[c]! > t) return true;
    }
    return false;
  };
  const tryMember = (i: number): boolean => {
    const A = st.of[i]!;
    const ca = st.circles[A]!;
    const sA = ca.length;
    const wA = st.W[A]!;
    const vA = circleValue(wA, sA);
    let best = EPS;
    let bestB = -1;
    let bestK = -1;
    seen[A] = ++stamp;
    for (const j of nbrs[i]!) {
      const B = st.of[j]!;
      if (B < 0 || seen[B] === stamp) continue;
      seen[B] = stamp;
      const cb = st.circles[B]!;
      const sB = cb.length;
      const vB = circleValue(st.W[B]!, sB);
      let sumIB = 0;
      let blockers = 0;
      let blocker = -1;
      for (let x = 0; x < sB; x++) {
        const b = cb[x]!;
        const s = score(i, b);
        tmp[x] = s;
        sumIB += s;
        if (!compatible(st, i, b)) {
          blockers++;
          blocker = b;
        }
      }
      if (blockers > 1) continue;
      if (blockers === 0 && sA > st.min && sB < st.max) {
        const d = circleValue(wA - st.row[i]!, sA - 1) + circleValue(st.W[B]! + sumIB, sB + 1) - vA - vB;
        if (d > best) [best, bestB, bestK] = [d, B, -1];
      }
      for (let x = 0; x < sB; x++) {
        const k = cb[x]!;
        if (blockers === 1 && k !== blocker) continue;
        let sumKA = 0;
        let ok = true;
        for (const a of ca) {
          if (a === i) continue;
          if (!compatible(st, k, a)) {
            ok = false;
            break;
          }
          sumKA += score(k, a);
        }
        if (!ok) continue;
        const d = circleValue(wA - st.row[i]! + sumKA, sA) + circleValue(st.W[B]! - st.row[k]! + sumIB - tmp[x]!, sB) - vA - vB;
        if (d > best) [best, bestB, bestK] = [d, B, k];
      }
    }
    if (bestB < 0) return false;
    relocate(st, i, bestB);
    if (bestK >= 0) relocate(st, bestK, A);
    clock++;
    changedAt[A] = clock;
    changedAt[bestB] = clock;
    return true;
  };
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    const order = permutation(n, rng);
    for (let x = 0; x < n; x++) {
      const i = order[x]!;
      if (st.of[i]! < 0 || !dirty(i)) continue;
      evalAt[i] = clock;
      while (tryMember(i)) {
        improved = true;
        evalAt[i] = clock;
      }
    }
    if (!improved) return true;
  }
  return false;
}

/** Rebuilds circles from a member → circle map (used to restore the best state after a restart). */
export function restore(st: CircleState, of: Int32Array): void {
  for (let i = 0; i < st.pr.n; i++) relocate(st, i, -1);
  for (let i = 0; i < st.pr.n; i++) if (of[i]! >= 0) relocate(st, i, of[i]!);
}

/**
 * Iterated local search for small networks: kick a few members across circles (feasibly), climb
 * again, keep the best. A fixed number of kicks keeps the result the same for a seed.
 */
export function iteratedSearch(st: CircleState, rng: Rng, kicks: number): void {
  let bestOf = st.of.slice();
  let bestValue = totalValue(st);
  for (let it = 0; it < kicks; it++) {
    const strength = 2 + (it % 3);
    for (let s = 0; s < strength; s++) {
      const i = rng.int(st.pr.n);
      const A = st.of[i]!;
      const k = rng.int(st.pr.n);
      const B = st.of[k]!;
      if (A < 0 || B < 0 || A === B) continue;
      const ca = st.circles[A]!;
      const cb = st.circles[B]!;
      if (ca.every((a) => a === i || compatible(st, k, a)) && cb.every((b) => b === k || compatible(st, i, b))) {
        relocate(st, i, B);
        relocate(st, k, A);
      }
    }
    improveCircles(st, rng);
    const v = totalValue(st);
    if (v > bestValue + EPS) {
      bestValue = v;
      bestOf = st.of.slice();
    } else {
      restore(st, bestOf);
    }
  }
}
