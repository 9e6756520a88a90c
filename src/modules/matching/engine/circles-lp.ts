// The circle-packing LP over patterns of twin classes: a revised simplex with partial pricing, and a dual bound checked against every pattern.
import type { Patterns } from './circles-classes.js';

export interface PackingLp {
  /** x per pattern (0 for non-basic ones). */
  x: Float64Array;
  /** Dual price per class (≥ 0 after clean-up). */
  y: Float64Array;
  value: number;
  /** Simplex pivots taken (the work measure). */
  pivots: number;
}

const EPS = 1e-9;
const CHUNK = 4_096;

/**
 * max Σ w_p x_p subject to Σ_{p ∋ c} x_p ≤ b_c, x ≥ 0 (the LP relaxation of packing circles when
 * b_c members of class c are available and a circle of pattern p is worth w_p). Starts from the
 * slack basis; the entering pattern is the best reduced cost in a window of CHUNK patterns, the
 * window moving on round-robin (a full round without one proves optimality). `maxPivots` caps the
 * work, so the result is the same on any machine; null when it was hit.
 */
export function solvePackingLp(pat: Patterns, classes: number, b: ArrayLike<number>, w: (p: number) => number, maxPivots: number): PackingLp | null {
  const m = classes;
  const P = pat.count;
  const binv = new Float64Array(m * m);
  for (let r = 0; r < m; r++) binv[r * m + r] = 1;
  // basis[r]: a pattern index, or P + c for the slack of class c.
  const basis = Int32Array.from({ length: m }, (_, r) => P + r);
  const beta = Float64Array.from({ length: m }, (_, r) => b[r]!);
  const cB = new Float64Array(m);
  const y = new Float64Array(m);
  const col = new Float64Array(m);
  const wp = Float64Array.from({ length: P }, (_, p) => w(p));
  let cursor = 0;
  let pivot = 0;
  for (; ; pivot++) {
    // y = c_B B⁻¹
    y.fill(0);
    for (let r = 0; r < m; r++) {
      const c = cB[r]!;
      if (c === 0) continue;
      for (let k = 0; k < m; k++) y[k] = y[k]! + c * binv[r * m + k]!;
    }
    let enter = -1;
    let best = EPS;
    // A slack enters when a class's price went negative.
    for (let c = 0; c < m; c++) {
      if (-y[c]! > best) [enter, best] = [P + c, -y[c]!];
    }
    for (let scanned = 0; enter < 0 && scanned < P; ) {
      const end = Math.min(P, cursor + CHUNK);
      for (let p = cursor; p < end; p++) {
        let d = wp[p]!;
        for (let k = pat.start[p]!; k < pat.start[p + 1]!; k++) d -= y[pat.list[k]!]!;
        if (d > best) [enter, best] = [p, d];
      }
      scanned += end - cursor;
      cursor = end === P ? 0 : end;
    }
    if (enter < 0) break;
    if (pivot >= maxPivots) return null;
    // col = B⁻¹ A_enter
    col.fill(0);
    if (enter >= P) {
      for (let r = 0; r < m; r++) col[r] = binv[r * m + (enter - P)]!;
    } else {
      for (let k = pat.start[enter]!; k < pat.start[enter + 1]!; k++) {
        const c = pat.list[k]!;
        for (let r = 0; r < m; r++) col[r] = col[r]! + binv[r * m + c]!;
      }
    }
    let leave = -1;
    let theta = Infinity;
    for (let r = 0; r < m; r++) {
      if (col[r]! <= EPS) continue;
      const t = Math.max(0, beta[r]!) / col[r]!;
      if (t < theta - EPS || (t < theta + EPS && leave >= 0 && basis[r]! < basis[leave]!)) [leave, theta] = [r, t];
    }
    if (leave < 0) return null; // unbounded: cannot happen with b ≥ 0 and every pattern non-empty
    for (let r = 0; r < m; r++) beta[r] = beta[r]! - theta * col[r]!;
    beta[leave] = theta;
    const pr = col[leave]!;
    const lo = leave * m;
    for (let k = 0; k < m; k++) binv[lo + k] = binv[lo + k]! / pr;
    for (let r = 0; r < m; r++) {
      if (r === leave || col[r] === 0) continue;
      const f = col[r]!;
      const ro = r * m;
      for (let k = 0; k < m; k++) binv[ro + k] = binv[ro + k]! - f * binv[lo + k]!;
    }
    basis[leave] = enter;
    cB[leave] = enter >= P ? 0 : wp[enter]!;
  }
  const x = new Float64Array(P);
  let value = 0;
  for (let r = 0; r < m; r++) {
    if (basis[r]! < P) {
      x[basis[r]!] = Math.max(0, beta[r]!);
      value += wp[basis[r]!]! * x[basis[r]!]!;
    }
  }
  for (let c = 0; c < m; c++) y[c] = Math.max(0, y[c]!);
  return { x, y, value, pivots: pivot };
}

/**
 * An upper bound from dual prices, valid whatever their accuracy: y is scaled until every pattern
 * p has Σ_{c ∈ p} y_c ≥ w_p (then y is dual feasible and Σ b_c y_c bounds the LP, hence every
 * packing). Infinity when some pattern has no price at all.
 */
export function dualBound(pat: Patterns, b: ArrayLike<number>, y: Float64Array, w: (p: number) => number): number {
  let scale = 1;
  for (let p = 0; p < pat.count; p++) {
    let s = 0;
    for (let k = pat.start[p]!; k < pat.start[p + 1]!; k++) s += y[pat.list[k]!]!;
    const need = w(p);
    if (s <= 0) return Infinity;
    if (need > s * scale) scale = need / s;
  }
  let total = 0;
  for (let c = 0; c < y.length; c++) total += b[c]! * y[c]!;
  return total * scale;
}
