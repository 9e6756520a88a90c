// An independent placement bound for circles where one rival group binds (a dense metro): a MIP over the members who may sit with few rivals, solved by HiGHS.
import { newState } from '../../src/modules/matching/engine/circles.js';
import { rivalsOf } from '../../src/modules/matching/engine/circles-anchor.js';
import type { Problem } from '../../src/modules/matching/engine/problem.js';
import { highs } from './highs.js';

export interface TightBound {
  /** Most members any set of circles can place (valid only when `optimal`). */
  bound: number;
  optimal: boolean;
  rivals: number;
  tight: number;
  ms: number;
  /** The MIP's solution: each rival with the tight members it hosts, and the tight members in circles without a rival. */
  hosts: Map<number, number[]>;
  withoutRival: number[];
}

/**
 * A relaxation of circle placement, solved exactly. R is a rival group (no two of its members may
 * share a circle, checked here), O the others. Members of O who may sit with fewer than 3/4 of R
 * ("tight") are modelled with their true rules: each goes to a circle around one rival it may sit
 * with (no two who may not share a circle on one rival; such a circle holds 4 to 7 members of O),
 * to a circle without a rival (at most one per circle from each given rival group, at most 8 per
 * circle, at least 5 members), or out. The other members of O are treated as compatible with
 * everyone, and every one of them counts as placed; circles around the remaining rivals take at
 * least 4 of them. Every feasible set of circles of 5 to 8 is a solution of this model, so its
 * optimum bounds placement from above. `fx[i·n + j]` is 1 where members i and j may share a circle.
 * The rival groups are the engine's (any partition into rival groups keeps the bound valid; each
 * group is checked here).
 */
export function tightBound(n: number, fx: Uint8Array, timeLimitS: number): TightBound | null {
  const t0 = performance.now();
  const pr = { n, feasible: (a: number, b: number) => fx[a * n + b] === 1 } as Problem;
  const { groups } = rivalsOf(newState(pr, 5, 8));
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) if (fx[g[a]! * n + g[b]!]) throw new Error('tightBound: not a rival group');
  const R = groups[0] ?? [];
  const inR = new Uint8Array(n);
  for (const r of R) inR[r] = 1;
  const groupOf = new Int32Array(n);
  groups.forEach((g, k) => g.forEach((m) => (groupOf[m] = k)));
  const others = Array.from({ length: n }, (_, i) => i).filter((i) => !inR[i]);
  const fits = new Map(others.map((o) => [o, R.filter((r) => fx[o * n + r])]));
  const tight = others.filter((o) => fits.get(o)!.length < 0.75 * R.length);
  const universal = others.length - tight.length;
  if (tight.length === 0) return null;
  const byRival = new Map<number, number[]>();
  for (const t of tight) for (const r of fits.get(t)!) byRival.set(r, [...(byRival.get(r) ?? []), t]);

  const rows: string[] = [];
  const bins: string[] = [];
  const ints = ['b', 'c'];
  const xOf = new Map<number, string[]>();
  for (const [r, ts] of byRival) {
    bins.push(`y${r}`);
    ints.push(`s${r}`);
    rows.push(`${ts.map((t) => `x${t}_${r}`).join(' + ')} - s${r} <= 0`, `s${r} - 4 y${r} >= 0`, `s${r} - 7 y${r} <= 0`);
    for (const t of ts) {
      bins.push(`x${t}_${r}`);
      xOf.set(t, [...(xOf.get(t) ?? []), `x${t}_${r}`]);
      rows.push(`x${t}_${r} - y${r} <= 0`);
    }
    rows.push(...conflictCliques(ts, fx, n).map((cl) => `${cl.map((t) => `x${t}_${r}`).join(' + ')} <= 1`));
  }
  for (const t of tight) {
    bins.push(`u${t}`);
    rows.push(`${[...(xOf.get(t) ?? []), `u${t}`].join(' + ')} <= 1`);
  }
  const us = tight.map((t) => `u${t}`);
  rows.push(`${us.join(' + ')} - 8 b <= 0`, `w + ${us.join(' + ')} - 5 b >= 0`);
  const inGroup = new Map<number, string[]>();
  for (const t of tight) inGroup.set(groupOf[t]!, [...(inGroup.get(groupOf[t]!) ?? []), `u${t}`]);
  for (const g of inGroup.values()) if (g.length > 1) rows.push(`${g.join(' + ')} - b <= 0`);
  const ss = [...byRival.keys()].map((r) => `s${r}`);
  const ys = [...byRival.keys()].map((r) => `y${r}`);
  const xs = [...xOf.values()].flat();
  // The other members: those not in circles with tight members (rem) fill circles around the remaining rivals, 4 or more each.
  rows.push(`rem + w + ${ss.join(' + ')} - ${xs.join(' - ')} = ${universal}`, '4 c - rem <= 0', `c + ${ys.join(' + ')} <= ${R.length}`);
  const model = [
    'Maximize',
    ` obj: ${[...ys, ...ss, ...us, 'w', 'rem', 'c'].join(' + ')}`,
    'Subject To',
    ...rows.map((r, k) => ` q${k}: ${r}`),
    'Bounds',
    ' w >= 0',
    ' rem >= 0',
    'General',
    ` ${ints.join(' ')}`,
    'Binary',
    ` ${bins.join(' ')}`,
    'End',
  ].join('\n');
  const res = highs.solve(model, { time_limit: timeLimitS, mip_rel_gap: 0, output_flag: false });
  const optimal = res.Status === 'Optimal';
  const hosts = new Map<number, number[]>();
  const withoutRival: number[] = [];
  const value = (name: string): number => (res.Columns[name] as { Primal?: number } | undefined)?.Primal ?? 0;
  for (const [r, ts] of byRival) for (const t of ts) if (value(`x${t}_${r}`) > 0.5) hosts.set(r, [...(hosts.get(r) ?? []), t]);
  for (const t of tight) if (value(`u${t}`) > 0.5) withoutRival.push(t);
  return { bound: Math.floor(res.ObjectiveValue + 1e-6), optimal, rivals: R.length, tight: tight.length, ms: performance.now() - t0, hosts, withoutRival };
}

/** Cliques of members no two of whom may share a circle, covering every such pair of `ts`. */
function conflictCliques(ts: readonly number[], fx: Uint8Array, n: number): number[][] {
  const k = ts.length;
  const covered = new Uint8Array(k * k);
  const out: number[][] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (fx[ts[a]! * n + ts[b]!] || covered[a * k + b]) continue;
      const clique = [a, b];
      for (let c = 0; c < k; c++) if (c !== a && c !== b && clique.every((d) => !fx[ts[c]! * n + ts[d]!])) clique.push(c);
      for (const x of clique) for (const y of clique) covered[x * k + y] = 1;
      out.push(clique.map((c) => ts[c]!));
    }
  }
  return out;
}
