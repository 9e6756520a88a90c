// Exact circles baseline with an independent solver: every feasible circle, an LP over them by HiGHS (WebAssembly, npm `highs`), then an exact packing search priced by its duals.
import { highs } from './highs.js';
import { packColumns } from './matching-packing.js';

export interface HighsCircles {
  placed: number;
  value: number;
  /** Columns the LP held at the end (of `circles` feasible circles in all). */
  columns: number;
  circles: number;
  /** Nodes of the exact packing search. */
  nodes: number;
}

const MAX_CIRCLES = 4_000_000;
const MAX_ROUNDS = 60;

/** Every clique of min..max members of the feasibility matrix, with its value 2·W/(size − 1). */
function enumerateCircles(n: number, feasible: Uint8Array, score: Float64Array, min: number, max: number): { masks: number[]; value: number[] } | null {
  const masks: number[] = [];
  const value: number[] = [];
  const members: number[] = [];
  const grow = (from: number, w: number): boolean => {
    if (masks.length > MAX_CIRCLES) return false;
    const size = members.length;
    if (size >= min) {
      let mask = 0;
      for (const i of members) mask |= 1 << i;
      masks.push(mask);
      value.push((2 * w) / (size - 1));
    }
    if (size === max) return true;
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
      const more = grow(j + 1, w + add);
      members.pop();
      if (!more) return false;
    }
    return true;
  };
  return grow(0, 0) ? { masks, value } : null;
}

/**
 * Every feasible circle is a column worth (n + 1)·size + 2·W/(size − 1): any extra member placed
 * outweighs every score total, so the optimum is the engine's goal (most placed, then the largest
 * objective). HiGHS solves the LP over a growing set of columns, priced here over all of them with its
 * row duals until none has a positive reduced cost; the duals then price an exact branch and bound over
 * every circle (`matching-packing.ts`), which has no time limit. Null only past MAX_CIRCLES circles.
 */
export function highsCircles(n: number, feasible: Uint8Array, score: Float64Array, min: number, max: number): HighsCircles | null {
  if (n > 30) return null;
  const circles = enumerateCircles(n, feasible, score, min, max);
  if (!circles) return null;
  const masks = Int32Array.from(circles.masks);
  const value = Float64Array.from(circles.value);
  const big = n + 1;
  const weight = new Float64Array(masks.length);
  for (let k = 0; k < masks.length; k++) weight[k] = big * popcount(masks[k]!) + value[k]!;
  if (masks.length === 0) return { placed: 0, value: 0, columns: 0, circles: 0, nodes: 0 };
  const reduced = (k: number, y: Float64Array): number => {
    let d = weight[k]!;
    for (let m = masks[k]!; m !== 0; m &= m - 1) d -= y[31 - Math.clz32(m & -m)]!;
    return d;
  };
  const model = (cols: number[]): string => {
    const lines = ['Maximize', ` obj: ${cols.map((k) => `${weight[k]!.toFixed(9)} x${k}`).join(' + ')}`, 'Subject To'];
    for (let i = 0; i < n; i++) {
      const terms = cols.filter((k) => masks[k]! & (1 << i)).map((k) => `x${k}`);
      if (terms.length > 0) lines.push(` r${i}: ${terms.join(' + ')} <= 1`);
    }
    lines.push('Bounds', ...cols.map((k) => ` 0 <= x${k} <= 1`), 'End');
    return lines.join('\n');
  };
  // Start from the best columns by weight; add the most violated ones until none is left.
  const cols = Array.from(masks.keys()).sort((a, b) => weight[b]! - weight[a]!).slice(0, 200);
  const inModel = new Set(cols);
  const y = new Float64Array(n);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = highs.solve(model(cols), { output_flag: false });
    if (r.Status !== 'Optimal') throw new Error(`HiGHS LP: ${r.Status}`);
    y.fill(0);
    for (const row of r.Rows as Array<{ Name: string; Dual: number }>) y[Number(row.Name.slice(1))] = Math.abs(row.Dual);
    const add: Array<[number, number]> = [];
    for (let k = 0; k < masks.length; k++) {
      const d = reduced(k, y);
      if (d > 1e-7 && !inModel.has(k)) add.push([k, d]);
    }
    if (add.length === 0) break;
    add.sort((a, b) => b[1] - a[1]);
    for (const [k] of add.slice(0, 2_000)) {
      cols.push(k);
      inModel.add(k);
    }
  }
  // Whatever the LP's last duals (converged or not), the packing search lifts them to a valid bound.
  const best = packColumns(n, masks, weight, y, min);
  let placed = 0;
  let total = 0;
  for (const k of best.chosen) {
    placed += popcount(masks[k]!);
    total += value[k]!;
  }
  return { placed, value: total, columns: cols.length, circles: masks.length, nodes: best.nodes };
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}
