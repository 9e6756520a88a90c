// Per-shape quality table for the matching bench: engine vs exact, placed vs placeable, bound vs objective, time.
import { maxWeightMatching } from '../../src/modules/matching/engine/blossom.js';
import { runMatching, scorePair } from '../../src/modules/matching/engine/index.js';
import type { MatchMember, MatchMode } from '../../src/modules/matching/engine/types.js';
import { checkResult, competitors } from './matching-checker.js';
import { exactCircles } from './matching-exact-circles.js';
import { highsCircles } from './matching-highs.js';
import { shapeMembers, type Shape } from './matching-shapes.js';

export interface TableRow {
  shape: Shape;
  mode: MatchMode;
  n: number;
  engine: number;
  /** Exact optimum (most placed, then objective) and how it was found; null when out of reach. */
  exact: number | null;
  exactBy: string;
  placed: number;
  placeable: number | null;
  bound: number;
  ms: number;
  /** CPU time of the engine run (user + system), the fairer figure on a loaded machine. */
  cpuMs: number;
  method: string;
  violations: number;
}

/** Feasibility and scores from raw member data (the checker's rules and the public scorePair). */
export function matrix(ms: readonly MatchMember[]): { feasible: Uint8Array; score: Float64Array } {
  const n = ms.length;
  const feasible = new Uint8Array(n * n);
  const score = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = ms[i]!;
      const b = ms[j]!;
      const ok = !competitors(a, b, 40) && !a.avoidMemberIds.includes(b.id) && !b.avoidMemberIds.includes(a.id);
      feasible[i * n + j] = feasible[j * n + i] = ok ? 1 : 0;
      score[i * n + j] = score[j * n + i] = scorePair(a, b).score;
    }
  }
  return { feasible, score };
}

/** Exact pairs on every feasible edge, no pricing: one blossom with a pair worth more than any score total. */
function exactPairsFull(ms: readonly MatchMember[]): { pairs: number; value: number } {
  const n = ms.length;
  const { feasible, score } = matrix(ms);
  const card = (Math.floor(n / 2) + 1) * 2e6;
  const eu: number[] = [];
  const ev: number[] = [];
  const ew: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!feasible[i * n + j]) continue;
      eu.push(i);
      ev.push(j);
      ew.push(card + 2 * Math.round(score[i * n + j]! * 1e6));
    }
  }
  const { mate } = maxWeightMatching(n, Int32Array.from(eu), Int32Array.from(ev), Float64Array.from(ew));
  let pairs = 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    if (mate[i]! > i) {
      pairs++;
      value += score[i * n + mate[i]!]!;
    }
  }
  return { pairs, value };
}

function exactCirclesOf(ms: readonly MatchMember[]): { placed: number; value: number; by: string } | null {
  const n = ms.length;
  const { feasible, score } = matrix(ms);
  if (n <= 16) {
    const ex = exactCircles(n, score, feasible, 5, 8);
    return { placed: ex.placed, value: ex.objective, by: 'DP over subsets' };
  }
  // Above 16 members an independent solver: every feasible circle, HiGHS's LP duals, an exact packing search.
  const ex = highsCircles(n, feasible, score, 5, 8);
  return ex ? { placed: ex.placed, value: ex.value, by: `LP-priced search (${ex.circles.toLocaleString('en-US')} circles, ${ex.nodes.toLocaleString('en-US')} nodes)` } : null;
}

export function tableRow(shape: Shape, mode: MatchMode, n: number, seed: number): TableRow {
  const members = shapeMembers(shape, n, seed);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = runMatching(members, { mode, seed });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const check = checkResult(members, r, { minSize: mode === 'circles' ? 5 : 2, maxSize: mode === 'circles' ? 8 : 2 });
  let exact: number | null = null;
  let exactBy = 'out of reach';
  let placeable: number | null = r.stats.placementProven ? r.stats.placementBound : null;
  if (mode === 'pairs' && members.length <= 500) {
    const ex = exactPairsFull(members);
    exact = ex.value;
    exactBy = 'blossom, every feasible pair';
    placeable = 2 * ex.pairs;
  } else if (mode === 'pairs' && r.stats.lpBound !== undefined) {
    // The LP dual bounds the optimum from above: engine / exact is at least engine / lpBound.
    exact = r.stats.lpBound;
    exactBy = 'LP dual (≥ exact)';
  } else if (mode === 'circles') {
    const ex = exactCirclesOf(members);
    if (ex) {
      exact = ex.value;
      exactBy = ex.by;
      placeable = ex.placed;
    }
  }
  return {
    shape,
    mode,
    n: members.length,
    engine: r.objective,
    exact,
    exactBy,
    placed: r.stats.matched,
    placeable,
    bound: r.upperBound,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    method: r.stats.method,
    violations: check.violations.length,
  };
}
