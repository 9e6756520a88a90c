// Circles from the packing LP over twin classes: a provable placement bound, iterated rounding, then members chosen within classes for score.
import { addCircle, circleValue, relocate, sumTo, type CircleState } from './circles.js';
import { enumeratePatterns, twinClasses, type Patterns, type TwinClasses } from './circles-classes.js';
import { dualBound, solvePackingLp } from './circles-lp.js';

/** Limits (work, not time, so a seed gives one result on any machine). */
const MAX_CLASSES = 600;
const MAX_PATTERNS = 1_500_000;
const MAX_PIVOTS = 20_000;
const MAX_ROUNDS = 40;
/** Pivots for all the rounding's re-solves together; past it the leftovers go to the other phases. */
const ROUND_PIVOTS = 12_000;
const EPS = 1e-6;

export interface ClassLp {
  tc: TwinClasses;
  pat: Patterns;
  /** Most members any packing places (the LP's dual bound, rounded down). */
  placementBound: number;
  /** Most circles any packing forms. */
  circleBound: number;
  /** Dual prices of the placement LP, scaled to be feasible: Σ_{c ∈ p} y_c ≥ |p| for every pattern. */
  y: Float64Array;
}

const sizeOf = (pat: Patterns, p: number): number => pat.start[p + 1]! - pat.start[p]!;

/** The LP over twin-class patterns, when the network compresses well enough; null otherwise. */
export function classLp(st: CircleState): ClassLp | null {
  const tc = twinClasses(st.pr, MAX_CLASSES);
  if (!tc) return null;
  const pat = enumeratePatterns(tc, st.min, st.max, MAX_PATTERNS);
  if (!pat) return null;
  const b = tc.members.map((m) => m.length);
  const y = new Float64Array(b.length);
  if (pat.count === 0) return { tc, pat, placementBound: 0, circleBound: 0, y };
  const bound = (w: (p: number) => number, prices?: Float64Array): number => {
    const lp = solvePackingLp(pat, b.length, b, w, MAX_PIVOTS);
    if (!lp) return Infinity;
    const ub = dualBound(pat, b, lp.y, w);
    let priced = 0;
    for (let c = 0; c < b.length; c++) priced += b[c]! * lp.y[c]!;
    // dualBound scaled y by ub / Σ b·y to make it feasible: keep the scaled prices.
    if (prices) for (let c = 0; c < b.length; c++) prices[c] = (lp.y[c]! * ub) / priced;
    return Math.floor(ub + EPS);
  };
  const placementBound = bound((p) => sizeOf(pat, p), y);
  const circleBound = bound(() => 1);
  if (!Number.isFinite(placementBound) || !Number.isFinite(circleBound)) return null;
  return { tc, pat, placementBound, circleBound, y };
}

/**
 * Upper bounds on the objective from each member's best possible share (`share[i]`, the mean of
 * its best minSize − 1 feasible scores) and the class LP; the smaller of two is returned.
 * - Capacity: a circle holds at most one member of a class, so at most circleBound of a class are
 *   placed, and at most placementBound in all: the best shares under those caps.
 * - Lagrangian: with a price π_c on each placed member of class c such that no pattern earns a
 *   positive total (π(p) ≤ 0), the objective is at most Σ_i max(0, share_i − π_class(i)). Prices
 *   π_c = λ(1 − y_c) from the placement LP's feasible duals qualify for every λ ≥ 0 (y(p) ≥ |p|);
 *   λ is searched on a grid, each point a valid bound.
 */
export function shareBound(cl: ClassLp, share: Float64Array): number {
  const { tc, y } = cl;
  const sorted = tc.members.map((m) => m.map((i) => share[i]!).sort((a, b) => b - a));
  const pool: number[] = [];
  for (const s of sorted) for (let r = 0; r < Math.min(s.length, cl.circleBound); r++) pool.push(s[r]!);
  pool.sort((a, b) => b - a);
  let capacity = 0;
  for (let r = 0; r < Math.min(pool.length, cl.placementBound); r++) capacity += pool[r]!;
  let best = capacity;
  for (let step = 1; step <= 200; step++) {
    const lambda = step * 0.01;
    let t = 0;
    for (let c = 0; c < sorted.length; c++) {
      const pi = lambda * (1 - y[c]!);
      for (const v of sorted[c]!) {
        if (v - pi <= 0) break;
        t += v - pi;
      }
    }
    if (t < best) best = t;
  }
  return best;
}

/**
 * Iterated rounding: solve the LP on the members still free, form ⌊x_p⌋ circles of every pattern,
 * and when no x_p reaches 1 form one circle of the largest fractional pattern that still fits;
 * repeat. Members of a class are taken best first (their candidate row's top score), to be
 * re-chosen for score afterwards. The state must hold no circles yet.
 */
export function roundLp(st: CircleState, cl: ClassLp): void {
  const { tc, pat } = cl;
  const C = tc.members.length;
  const g = st.pr.graph;
  const top = (i: number): number => (g.start[i + 1]! > g.start[i]! ? g.w[g.start[i]!]! : 0);
  const pools = tc.members.map((m) => m.slice().sort((a, c) => top(c) - top(a) || a - c));
  const b = pools.map((p) => p.length);
  const form = (p: number): void => {
    const members: number[] = [];
    for (let k = pat.start[p]!; k < pat.start[p + 1]!; k++) {
      const c = pat.list[k]!;
      members.push(pools[c]!.shift()!);
      b[c]!--;
    }
    addCircle(st, members);
  };
  const fits = (p: number): boolean => {
    for (let k = pat.start[p]!; k < pat.start[p + 1]!; k++) if (b[pat.list[k]!]! < 1) return false;
    return true;
  };
  let pivots = 0;
  for (let round = 0; round < MAX_ROUNDS && pivots < ROUND_PIVOTS; round++) {
    const lp = solvePackingLp(pat, C, b, (p) => sizeOf(pat, p), MAX_PIVOTS);
    if (!lp || lp.value < st.min - EPS) break;
    pivots += lp.pivots;
    let formed = 0;
    let frac = -1;
    for (let p = 0; p < pat.count; p++) {
      const x = lp.x[p]!;
      for (let k = Math.floor(x + EPS); k > 0 && fits(p); k--, formed++) form(p);
      if (x > EPS && fits(p) && (frac < 0 || x * sizeOf(pat, p) > lp.x[frac]! * sizeOf(pat, frac))) frac = p;
    }
    if (formed === 0) {
      if (frac < 0) break;
      form(frac);
    }
  }
}

/** Value change of circle c when member `out` is replaced by `inn` (same class, so the circle stays rule-abiding). */
function swapGain(st: CircleState, c: number, out: number, inn: number): number {
  const m = st.circles[c]!;
  const w = st.W[c]! - st.row[out]! + sumTo(st, inn, m, out);
  return circleValue(w, m.length) - circleValue(st.W[c]!, m.length);
}

/**
 * Members of one class are interchangeable for the rules, so any two may trade seats (or a member
 * left out may take a seat) without breaking one: first-improvement passes over each class, at most
 * `passes` of them and `maxWork` seat comparisons in all.
 */
export function classSwaps(st: CircleState, tc: TwinClasses, passes: number, maxWork: number): void {
  let work = 0;
  for (let pass = 0; pass < passes; pass++) {
    let improved = false;
    for (const members of tc.members) {
      if (members.length < 2) continue;
      for (let x = 0; x < members.length; x++) {
        const i = members[x]!;
        const A = st.of[i]!;
        if (A < 0) continue;
        for (let y = 0; y < members.length; y++) {
          if (++work > maxWork) return;
          const j = members[y]!;
          const B = st.of[j]!;
          if (j === i || B === A) continue;
          const gain = swapGain(st, A, i, j) + (B >= 0 ? swapGain(st, B, j, i) : 0);
          if (gain <= 1e-9) continue;
          relocate(st, i, -1);
          if (B >= 0) {
            relocate(st, j, -1);
            relocate(st, i, B);
          }
          relocate(st, j, A);
          improved = true;
          break;
        }
      }
    }
    if (!improved) return;
  }
}
