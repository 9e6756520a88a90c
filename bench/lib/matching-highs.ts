// Exact circles baseline with an independent solver: HiGHS (WebAssembly, npm `highs`) on the set-packing model over every feasible circle.
import * as highsModule from 'highs';
import type { Highs } from 'highs';

// The package's types describe CommonJS (`exports.default`); under ESM the loader is the default export either way.
const loader = (highsModule as unknown as { default: () => Promise<Highs> }).default;
const highs = await loader();

export interface HighsCircles {
  placed: number;
  value: number;
  /** Columns the final MIP held (of `circles` feasible circles in all). */
  columns: number;
  circles: number;
}

const MAX_CIRCLES = 2_000_000;
const MAX_MIP_COLUMNS = 60_000;
/** Per MIP: past it the baseline is reported out of reach (a bench on a loaded machine must end). */
const MIP_SECONDS = 90;

/**
 * Every feasible circle (a clique of min..max members of the feasibility matrix) is a column worth
 * (n + 1)·size + 2·W/(size − 1): any extra member placed outweighs every score total, so the
 * optimum is the engine's goal (most placed, then the largest objective). HiGHS solves the LP over
 * a growing set of columns (priced here over all of them with its row duals); then a MIP on those
 * columns gives an incumbent, every column whose reduced cost is within the LP–incumbent gap joins
 * (no better packing can use any other), and a second MIP proves the optimum. Null past the limits
 * (circles enumerated, MIP columns, or a MIP's time limit).
 */
export function highsCircles(n: number, feasible: Uint8Array, score: Float64Array, min: number, max: number): HighsCircles | null {
  const masks: number[] = [];
  const weight: number[] = [];
  const value: number[] = [];
  const big = n + 1;
  const grow = (members: number[], from: number, w: number): void => {
    if (masks.length > MAX_CIRCLES) return;
    const size = members.length;
    if (size >= min) {
      let mask = 0;
      for (const i of members) mask |= 1 << i;
      masks.push(mask);
      value.push((2 * w) / (size - 1));
      weight.push(big * size + (2 * w) / (size - 1));
    }
    if (size === max) return;
    for (let j = from; j < n; j++) {
      let add = 0;
      let ok = true;
      for (const i of members) {
        if (!feasible[i * n + j]) {
          ok = false;
          break;
        }
        add += score[i * n + j]!;
      }
      if (!ok) continue;
      members.push(j);
      grow(members, j + 1, w + add);
      members.pop();
    }
  };
  grow([], 0, 0);
  if (masks.length > MAX_CIRCLES) return null;
  if (masks.length === 0) return { placed: 0, value: 0, columns: 0, circles: 0 };
  const reduced = (k: number, y: Float64Array): number => {
    let d = weight[k]!;
    for (let m = masks[k]!; m !== 0; m &= m - 1) d -= y[31 - Math.clz32(m & -m)]!;
    return d;
  };
  const model = (cols: number[], integer: boolean): string => {
    const lines = ['Maximize', ` obj: ${cols.map((k) => `${weight[k]!.toFixed(9)} x${k}`).join(' + ')}`, 'Subject To'];
    for (let i = 0; i < n; i++) {
      const terms = cols.filter((k) => masks[k]! & (1 << i)).map((k) => `x${k}`);
      if (terms.length > 0) lines.push(` r${i}: ${terms.join(' + ')} <= 1`);
    }
    lines.push('Bounds', ...cols.map((k) => ` 0 <= x${k} <= 1`));
    if (integer) lines.push('Binary', ` ${cols.map((k) => `x${k}`).join(' ')}`);
    lines.push('End');
    return lines.join('\n');
  };
  // Start from the best columns by weight; add the most violated ones until none is left.
  let cols = Array.from(masks.keys()).sort((a, b) => weight[b]! - weight[a]!).slice(0, 200);
  const inModel = new Set(cols);
  const y = new Float64Array(n);
  let lpBound = Infinity;
  for (let round = 0; ; round++) {
    const r = highs.solve(model(cols, false), { output_flag: false });
    if (r.Status !== 'Optimal') throw new Error(`HiGHS LP: ${r.Status}`);
    y.fill(0);
    for (const row of r.Rows as Array<{ Name: string; Dual: number }>) y[Number(row.Name.slice(1))] = Math.abs(row.Dual);
    const add: Array<[number, number]> = [];
    let positive = 0;
    for (let k = 0; k < masks.length; k++) {
      const d = reduced(k, y);
      if (d > 0) positive += d;
      if (d > 1e-7 && !inModel.has(k)) add.push([k, d]);
    }
    // Σ y + Σ max(0, d) bounds every packing (each circle at most once), at any round and whatever
    // the LP's accuracy; the MIP step below needs only that, so the pricing may stop early.
    let sumY = 0;
    for (const v of y) sumY += v;
    lpBound = sumY + positive;
    if (add.length === 0 || lpBound - r.ObjectiveValue < 1e-6 || round >= 6) break;
    add.sort((a, b) => b[1] - a[1]);
    for (const [k] of add.slice(0, 2_000)) {
      cols.push(k);
      inModel.add(k);
    }
  }
  const mip = (list: number[]): { obj: number; chosen: number[] } | null => {
    const r = highs.solve(model(list, true), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9, time_limit: MIP_SECONDS });
    if (r.Status === 'Time limit reached') return null;
    if (r.Status !== 'Optimal') throw new Error(`HiGHS MIP: ${r.Status}`);
    const chosen = list.filter((k) => (r.Columns[`x${k}`]?.Primal ?? 0) > 0.5);
    return { obj: chosen.reduce((t, k) => t + weight[k]!, 0), chosen };
  };
  let best = mip(cols);
  if (!best) return null;
  const gap = lpBound - best.obj;
  if (gap > 1e-7) {
    cols = [];
    for (let k = 0; k < masks.length; k++) if (inModel.has(k) || reduced(k, y) >= -gap - 1e-7) cols.push(k);
    if (cols.length > MAX_MIP_COLUMNS) return null;
    best = mip(cols);
    if (!best) return null;
  }
  let placed = 0;
  let total = 0;
  for (const k of best.chosen) {
    for (let m = masks[k]!; m !== 0; m &= m - 1) placed++;
    total += value[k]!;
  }
  return { placed, value: total, columns: cols.length, circles: masks.length };
}
