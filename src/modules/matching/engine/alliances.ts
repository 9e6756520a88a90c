// Local alliances: a spatial index for nearby practices, the alliance score, and the alliance problem.
import { buildGraph, emptyEdgeList, pushEdge } from './graph.js';
import type { Prepared } from './prepared.js';
import type { Problem } from './problem.js';
import { allianceFeasible, distanceKmIdx, hasPartnershipGoal, nearbyIdx, recentIdx, serviceComplementarity } from './rules.js';
import { sizeSimilarity } from './score.js';
import { softened } from './soft.js';

const KM_PER_DEGREE = 111.2;

/** Members grouped by grid cell (coordinates), postal area and city: every possible nearby pair shares one. */
export interface NearbyIndex {
  radiusKm: number;
  cellDeg: number;
  cells: Map<number, number[]>;
  postal: Map<number, number[]>;
  city: Map<number, number[]>;
  lat: Float64Array;
  lon: Float64Array;
}

function cellKey(latCell: number, lonCell: number): number {
  return latCell * 1_000_003 + lonCell;
}

export function nearbyIndex(p: Prepared, radiusKm: number): NearbyIndex {
  const cellDeg = Math.max(radiusKm, 0.5) / KM_PER_DEGREE;
  const ix: NearbyIndex = { radiusKm, cellDeg, cells: new Map(), postal: new Map(), city: new Map(), lat: new Float64Array(p.n), lon: new Float64Array(p.n) };
  const add = (m: Map<number, number[]>, key: number, i: number): void => {
    const l = m.get(key);
    if (l) l.push(i);
    else m.set(key, [i]);
  };
  for (let i = 0; i < p.n; i++) {
    if (p.hasCoord[i]) {
      const r = p.members[i]!.region;
      ix.lat[i] = r.lat!;
      ix.lon[i] = r.lon!;
      add(ix.cells, cellKey(Math.floor(r.lat! / cellDeg), Math.floor((r.lon! + 180) / cellDeg)), i);
    }
    if (p.postal[i]! >= 0) add(ix.postal, p.postal[i]!, i);
    if (p.city[i]! >= 0) add(ix.city, p.city[i]!, i);
  }
  return ix;
}

/** Every member that could be near i (a superset; nearbyIdx decides). Longitude wrap at ±180° is ignored. */
export function nearbyCandidates(p: Prepared, ix: NearbyIndex, i: number): number[] {
  const out = new Set<number>();
  if (p.hasCoord[i]) {
    const lat = ix.lat[i]!;
    const la = Math.floor(lat / ix.cellDeg);
    const lo = Math.floor((ix.lon[i]! + 180) / ix.cellDeg);
    const cos = Math.max(0.02, Math.cos(((Math.abs(lat) + 2 * ix.cellDeg) * Math.PI) / 180));
    const span = Math.ceil(1 / cos);
    for (let a = la - 1; a <= la + 1; a++) {
      for (let b = lo - span; b <= lo + span; b++) for (const j of ix.cells.get(cellKey(a, b)) ?? []) out.add(j);
    }
  }
  if (p.postal[i]! >= 0) for (const j of ix.postal.get(p.postal[i]!)!) out.add(j);
  if (p.city[i]! >= 0) for (const j of ix.city.get(p.city[i]!)!) out.add(j);
  out.delete(i);
  return [...out].filter((j) => nearbyIdx(p, i, j));
}

/** How near, from 1 (same spot) down; a shared postal area or city without coordinates counts for less. */
export function proximity(p: Prepared, i: number, j: number, radiusKm: number): number {
  const d = distanceKmIdx(p, i, j);
  if (d === d) return radiusKm > 0 ? Math.max(0, 1 - d / radiusKm) : 1;
  if (p.postal[i]! >= 0 && p.postal[i] === p.postal[j]) return 0.7;
  return 0.5;
}

/** Alliance score in [0,1]: proximity, complementary services, partnership goals, a little size similarity. */
export function allianceScore(p: Prepared, i: number, j: number, radiusKm: number): number {
  const partner = (hasPartnershipGoal(p, i) ? 0.5 : 0) + (hasPartnershipGoal(p, j) ? 0.5 : 0);
  const s = 0.35 * proximity(p, i, j, radiusKm) + 0.35 * serviceComplementarity(p, i, j) + 0.2 * partner + 0.1 * sizeSimilarity(p, i, j);
  return softened(p, i, j, s);
}

/** Every feasible alliance edge (the index makes this local), so bounds from this graph are exact. */
export function allianceProblem(p: Prepared, radiusKm: number): { problem: Problem; index: NearbyIndex } {
  const index = nearbyIndex(p, radiusKm);
  const list = emptyEdgeList();
  for (let i = 0; i < p.n; i++) {
    for (const j of nearbyCandidates(p, index, i)) {
      if (j > i && allianceFeasible(p, i, j)) pushEdge(list, i, j, allianceScore(p, i, j, radiusKm), recentIdx(p, i, j));
    }
  }
  const problem: Problem = {
    n: p.n,
    graph: buildGraph(p.n, list),
    score: (i, j) => allianceScore(p, i, j, radiusKm),
    feasible: (i, j) => allianceFeasible(p, i, j),
    repeat: (i, j) => recentIdx(p, i, j),
  };
  return { problem, index };
}
