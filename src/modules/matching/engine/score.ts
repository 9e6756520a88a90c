// Peer pair score on prepared members: practice type, goals, strengths, size, stage and time-zone fit.
import { TYPE_AFFINITY, TYPE_STRIDE } from './config.js';
import { POPCOUNT, type Prepared } from './prepared.js';
import { softened } from './soft.js';

// Imports read once into module constants: where the engine runs compiled to CommonJS (tsx: tests,
// bench) every read of an imported binding is a getter call, and scoring is the hottest path.
const AFFINITY = TYPE_AFFINITY;
const STRIDE = TYPE_STRIDE;
const POP = POPCOUNT;
const soften = softened;

const INV_LN4 = 1 / Math.log(4);
const INV_LN3 = 1 / Math.log(3);
/** Years compare on a square-root scale: 1 vs 3 years differ more than 21 vs 23. */
const STAGE_SPAN = 2.5;
const TZ_SPAN_HOURS = 4;

export const INV_SQRT: Float64Array = (() => {
  const t = new Float64Array(16 * 16);
  for (let a = 1; a < 16; a++) for (let b = 1; b < 16; b++) t[a * 16 + b] = 1 / Math.sqrt(a * b);
  return t;
})();

/** Similarity in [0,1] from a difference already divided by its span. */
function near(d: number): number {
  return d < 1 ? 1 - d : 0;
}

export function sizeSimilarity(p: Prepared, i: number, j: number): number {
  return (
    0.7 * near(Math.abs(p.logClin[i]! - p.logClin[j]!) * INV_LN4) +
    0.3 * near(Math.abs(p.logLoc[i]! - p.logLoc[j]!) * INV_LN3)
  );
}

export function stageSimilarity(p: Prepared, i: number, j: number): number {
  return near(Math.abs(p.sqrtYears[i]! - p.sqrtYears[j]!) / STAGE_SPAN);
}

export function timezoneSimilarity(ti: number, tj: number): number {
  return near(Math.abs(ti - tj) / TZ_SPAN_HOURS);
}

/** Bounds used by the upper-bound search: best similarity to any value in [lo, hi]. */
export const SPANS = { clin: INV_LN4, loc: INV_LN3, stage: 1 / STAGE_SPAN, tz: 1 / TZ_SPAN_HOURS };
export function nearRange(x: number, lo: number, hi: number, invSpan: number): number {
  const d = x < lo ? lo - x : x > hi ? x - hi : 0;
  return near(d * invSpan);
}

/**
 * Score in [0,1]. A component that cannot be judged (no goals on a side, an unknown time zone) is
 * left out of both the weighted sum and the normaliser, so a member without goals is matched on
 * practice type, size and the rest rather than scored as a poor fit.
 */
export function scoreIdx(p: Prepared, i: number, j: number): number {
  const w = p.w;
  let num = w[0]! * AFFINITY[p.type[i]! * STRIDE + p.type[j]!]!;
  let den = w[0]!;
  const gi = p.goals[i]!;
  const gj = p.goals[j]!;
  const ni = p.nGoals[i]!;
  const nj = p.nGoals[j]!;
  if (ni > 0 && nj > 0) {
    num += w[1]! * POP[gi & gj]! * INV_SQRT[ni * 16 + nj]!;
    den += w[1]!;
  }
  if (ni > 0 || nj > 0) {
    let s = 0;
    let c = 0;
    if (nj > 0) {
      s += POP[p.strengths[i]! & gj]! / nj;
      c++;
    }
    if (ni > 0) {
      s += POP[p.strengths[j]! & gi]! / ni;
      c++;
    }
    num += (w[2]! * s) / c;
    den += w[2]!;
  }
  num += w[3]! * sizeSimilarity(p, i, j) + w[4]! * stageSimilarity(p, i, j);
  den += w[3]! + w[4]!;
  const ti = p.tz[i]!;
  const tj = p.tz[j]!;
  if (ti === ti && tj === tj) {
    num += w[5]! * timezoneSimilarity(ti, tj);
    den += w[5]!;
  }
  const s = den > 0 ? num / den : 0;
  return p.crossRecent.list.length > 0 ? soften(p, i, j, s) : s;
}
