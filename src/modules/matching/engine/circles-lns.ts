// Placement-first circles: exact packing of small compatible parts, and a large neighbourhood search re-solving circles exactly.
import { addCircle, circleValue, compatible, relocate, type CircleState } from './circles.js';
import { ANCHOR_MAX_N, rivalGroups, type Rivals } from './circles-anchor.js';
import { packCircles, PACK_MAX, type PackLimits } from './circles-exact.js';
import type { Rng } from './prng.js';

const EPS = 1e-9;
/** Members re-solved at once by the neighbourhood search (three or four circles and their leftovers). */
const HOOD = 18;
const HOOD_LIMITS: PackLimits = { maxCircles: 20_000, maxStates: 60_000, maxWork: 400_000 };

/** Replaces the circles of `members` by the exact packing when it places more, or as many for more value. */
function resolveExactly(st: CircleState, members: readonly number[], limits: PackLimits): boolean | null {
  const circles = new Set<number>();
  let curPlaced = 0;
  for (const i of members) if (st.of[i]! >= 0) circles.add(st.of[i]!);
  // Only whole circles may be re-solved: a circle partly outside the set stays as it is.
  for (const c of circles) if (st.circles[c]!.some((x) => !members.includes(x))) return null;
  let curValue = 0;
  for (const c of circles) {
    curPlaced += st.circles[c]!.length;
    curValue += circleValue(st.W[c]!, st.circles[c]!.length);
  }
  const pack = packCircles(members.length, (a, b) => compatible(st, members[a]!, members[b]!), (a, b) => st.pr.score(members[a]!, members[b]!), st.min, st.max, limits);
  if (!pack) return null;
  if (pack.placed < curPlaced || (pack.placed === curPlaced && pack.value <= curValue + EPS)) return false;
  for (const i of members) relocate(st, i, -1);
  for (const c of pack.circles) addCircle(st, c.map((x) => members[x]!));
  return true;
}

/** Connected parts of the compatibility graph (candidate edges without recent repeats), each sorted. */
export function components(st: CircleState): number[][] {
  const { n, graph: g } = st.pr;
  const comp = new Int32Array(n).fill(-1);
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s] !== -1) continue;
    const list = [s];
    comp[s] = out.length;
    for (let h = 0; h < list.length; h++) {
      const v = list[h]!;
      for (let k = g.start[v]!; k < g.start[v + 1]!; k++) {
        const w = g.nbr[k]!;
        if (comp[w] === -1 && (st.allowRepeat || !g.rep[k])) {
          comp[w] = out.length;
          list.push(w);
        }
      }
    }
    out.push(list.sort((a, b) => a - b));
  }
  return out;
}

/**
 * Every part small enough is packed exactly (when the packing fits its limits). Returns true when
 * every part was: parts too small for a circle, or packed exactly (then nothing better exists).
 */
export function packSmallParts(st: CircleState, limits: PackLimits): boolean {
  let all = true;
  for (const part of components(st)) {
    if (part.length < st.min) continue;
    if (part.length > PACK_MAX) {
      all = false;
      continue;
    }
    if (resolveExactly(st, part, limits) === null) all = false;
  }
  return all;
}

/** u's compatible members (candidate row, no repeats) that are not in `skip`. */
function neighbours(st: CircleState, u: number): number[] {
  const g = st.pr.graph;
  const out: number[] = [];
  for (let k = g.start[u]!; k < g.start[u + 1]!; k++) if (st.allowRepeat || !g.rep[k]) out.push(g.nbr[k]!);
  return out;
}

/** A neighbourhood around u: the circles holding most of u's partners, then left-out members near them. */
function hood(st: CircleState, u: number, extraCircle = -1): number[] {
  const counts = new Map<number, number>();
  for (const v of neighbours(st, u)) {
    const c = st.of[v]!;
    if (c >= 0 && c !== st.of[u]) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const picked: number[] = [];
  if (st.of[u]! >= 0) picked.push(st.of[u]!);
  if (extraCircle >= 0 && !picked.includes(extraCircle)) picked.push(extraCircle);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const members = new Set<number>([u]);
  for (const c of picked) for (const x of st.circles[c]!) members.add(x);
  for (const [c] of ranked) {
    if (picked.includes(c)) continue;
    if (members.size + st.circles[c]!.length > HOOD - 2) break;
    picked.push(c);
    for (const x of st.circles[c]!) members.add(x);
    if (picked.length >= 3) break;
  }
  // Left-out members compatible with someone in the neighbourhood, nearest first.
  for (const x of [...members]) {
    for (const v of neighbours(st, x)) {
      if (members.size >= HOOD) break;
      if (st.of[v] === -1) members.add(v);
    }
  }
  return [...members].sort((a, b) => a - b);
}

/**
 * Large neighbourhood search: each left-out member, then (on smaller networks) each circle, gets
 * its neighbourhood re-solved exactly; a change is kept only if it places more members, or as many
 * for more value. Sweeps repeat while they improve, up to `sweeps`. The budget is work (circles
 * enumerated, packing states and checks, summed over every re-solve), not time, so one seed gives
 * one result on any machine. Returns false when the budget ran out first.
 */
export function neighbourhoodSearch(st: CircleState, rng: Rng, maxWork: number, sweeps: number, circlesToo: boolean): boolean {
  const meter = { used: 0 };
  const limits: PackLimits = { ...HOOD_LIMITS, meter };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let improved = false;
    const left: number[] = [];
    for (let i = 0; i < st.pr.n; i++) if (st.of[i] === -1) left.push(i);
    for (const u of left) {
      if (meter.used > maxWork) return false;
      if (st.of[u] !== -1) continue;
      if (resolveExactly(st, hood(st, u), limits)) improved = true;
    }
    if (circlesToo) {
      const ids = st.circles.map((_, c) => c).filter((c) => st.circles[c]!.length > 0);
      for (let k = ids.length - 1; k > 0; k--) {
        const r = rng.int(k + 1);
        [ids[k], ids[r]] = [ids[r]!, ids[k]!];
      }
      for (const c of ids) {
        if (meter.used > maxWork) return false;
        const m = st.circles[c]!;
        if (m.length === 0) continue;
        if (resolveExactly(st, hood(st, m[rng.int(m.length)]!, c), limits)) improved = true;
      }
    }
    if (!improved) break;
  }
  return true;
}

/**
 * How many members could be placed at most. A member counts only if some circle of minSize holding
 * it breaks no hard rule (a clique search among its feasible partners over the whole network; a
 * search cut short, by 20,000 nodes for one member or `maxNodes` in all, counts the member in, so
 * the bound stays valid). Up to 3,000 members, the ones
 * left are also split into rival groups (`rivalGroups`): a circle takes at most one of each group, so k circles place at most
 * Σ min(|group|, k) members, and at most k·maxSize, and need k·minSize.
 */
export function placementUpper(st: CircleState, maxNodes: number, rivals?: Rivals): number {
  const { n } = st.pr;
  const maybe: number[] = [];
  const budget = { left: maxNodes };
  for (let u = 0; u < n; u++) {
    if (st.of[u]! >= 0 || budget.left <= 0 || inSomeCircle(st, u, budget)) maybe.push(u);
  }
  if (n > ANCHOR_MAX_N) return maybe.length;
  // Every member counted: the round's groups of all members (`rivals`) are these, when given.
  const groups = rivals && maybe.length === n ? rivals.groups : rivalGroups(st, maybe);
  const sizes = groups.map((g) => g.length).sort((a, b) => a - b);
  let best = 0;
  for (let k = 1; k * st.min <= maybe.length; k++) {
    let fit = 0;
    for (const size of sizes) fit += Math.min(size, k);
    if (fit < k * st.min) continue;
    best = Math.max(best, Math.min(k * st.max, fit));
  }
  return best;
}

function inSomeCircle(st: CircleState, u: number, budget: { left: number }): boolean {
  const { n } = st.pr;
  const nb: number[] = [];
  for (let v = 0; v < n; v++) if (v !== u && st.pr.feasible(u, v)) nb.push(v);
  if (nb.length < st.min - 1) return false;
  let nodes = 0;
  const found = (size: number, cand: number[]): boolean => {
    if (size === st.min - 1) return true;
    if (++nodes > 20_000 || --budget.left <= 0) return true;
    for (let a = 0; a < cand.length; a++) {
      if (size + cand.length - a < st.min - 1) return false;
      const x = cand[a]!;
      if (found(size + 1, cand.slice(a + 1).filter((y) => st.pr.feasible(x, y)))) return true;
    }
    return false;
  };
  return found(0, nb);
}
