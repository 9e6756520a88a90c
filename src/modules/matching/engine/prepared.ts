// Members turned into flat typed arrays (bitmasks, logs, unit vectors, interned places) for fast scoring and rules.
import { GOAL_INDEX, TYPE_INDEX, WEIGHT_KEYS, type ResolvedOptions } from './config.js';
import { cosOfDistance, hasCoordinates, normalizePlace, normalizePostal, unitVector, utcOffsetHours } from './geo.js';
import type { MatchMember } from './types.js';

export const POPCOUNT: Uint8Array = (() => {
  const t = new Uint8Array(1 << 16);
  for (let i = 1; i < t.length; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** Symmetric adjacency in compressed rows (start[i]..start[i+1] in list), sorted and without duplicates. */
export interface Csr {
  start: Int32Array;
  list: Int32Array;
}

export function symmetricCsr(n: number, us: readonly number[], vs: readonly number[]): Csr {
  const deg = new Int32Array(n + 1);
  for (let k = 0; k < us.length; k++) {
    deg[us[k]!]!++;
    deg[vs[k]!]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const fill = start.slice(0, n);
  const raw = new Int32Array(start[n]!);
  for (let k = 0; k < us.length; k++) {
    raw[fill[us[k]!]!++] = vs[k]!;
    raw[fill[vs[k]!]!++] = us[k]!;
  }
  const outStart = new Int32Array(n + 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(raw.subarray(start[i]!, start[i + 1]!)).sort((a, b) => a - b);
    for (let k = 0; k < row.length; k++) if (k === 0 || row[k] !== row[k - 1]) out.push(row[k]!);
    outStart[i + 1] = out.length;
  }
  return { start: outStart, list: Int32Array.from(out) };
}

export function csrHas(c: Csr, i: number, j: number): boolean {
  for (let k = c.start[i]!, e = c.start[i + 1]!; k < e; k++) if (c.list[k] === j) return true;
  return false;
}

export interface Prepared {
  n: number;
  members: readonly MatchMember[];
  index: Map<string, number>;
  type: Uint8Array;
  /** Service lines: services ∪ {practiceType}, one bit per practice type. */
  svc: Uint16Array;
  goals: Uint16Array;
  strengths: Uint16Array;
  nGoals: Uint8Array;
  logClin: Float64Array;
  logLoc: Float64Array;
  sqrtYears: Float64Array;
  /** UTC offset in hours, NaN when the zone is unknown. */
  tz: Float64Array;
  hasCoord: Uint8Array;
  ux: Float64Array;
  uy: Float64Array;
  uz: Float64Array;
  country: Int32Array;
  state: Int32Array;
  /** Interned (country, state, city), -1 when unknown. */
  city: Int32Array;
  /** Interned (country, postal area), -1 when unknown. */
  postal: Int32Array;
  avoid: Csr;
  /** Pairs that shared a group within the last noRepeatRounds rounds of history. */
  recent: Csr;
  /** Pairs that recently shared a group of another mode (history.otherModes): the cross-mode soft rule. */
  crossRecent: Csr;
  /** Weights in WEIGHT_KEYS order. */
  w: Float64Array;
  cosCompetitor: number;
  cosAlliance: number;
}

function interner(): (key: string) => number {
  const m = new Map<string, number>();
  return (key) => {
    let v = m.get(key);
    if (v === undefined) {
      v = m.size;
      m.set(key, v);
    }
    return v;
  };
}

export function prepare(members: readonly MatchMember[], opts: ResolvedOptions): Prepared {
  const n = members.length;
  const index = new Map<string, number>();
  members.forEach((m, i) => {
    if (index.has(m.id)) throw new RangeError(`member id "${m.id}" appears twice`);
    index.set(m.id, i);
  });
  const p: Prepared = {
    n,
    members,
    index,
    type: new Uint8Array(n),
    svc: new Uint16Array(n),
    goals: new Uint16Array(n),
    strengths: new Uint16Array(n),
    nGoals: new Uint8Array(n),
    logClin: new Float64Array(n),
    logLoc: new Float64Array(n),
    sqrtYears: new Float64Array(n),
    tz: new Float64Array(n),
    hasCoord: new Uint8Array(n),
    ux: new Float64Array(n),
    uy: new Float64Array(n),
    uz: new Float64Array(n),
    country: new Int32Array(n),
    state: new Int32Array(n),
    city: new Int32Array(n),
    postal: new Int32Array(n),
    avoid: { start: new Int32Array(n + 1), list: new Int32Array(0) },
    recent: { start: new Int32Array(n + 1), list: new Int32Array(0) },
    crossRecent: { start: new Int32Array(n + 1), list: new Int32Array(0) },
    w: Float64Array.from(WEIGHT_KEYS.map((k) => opts.weights[k])),
    // One metre of slack each way so a pair on the boundary is judged conservatively.
    cosCompetitor: cosOfDistance(opts.competitorRadiusKm + 0.001),
    cosAlliance: cosOfDistance(Math.max(0, opts.allianceRadiusKm - 0.001)),
  };
  const countryId = interner();
  const stateId = interner();
  const cityId = interner();
  const postalId = interner();
  const avoidU: number[] = [];
  const avoidV: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = members[i]!;
    const t = TYPE_INDEX.get(m.practiceType);
    if (t === undefined) throw new RangeError(`member "${m.id}" has an unknown practice type`);
    p.type[i] = t;
    let svc = 1 << t;
    for (const s of m.services) {
      const k = TYPE_INDEX.get(s);
      if (k !== undefined) svc |= 1 << k;
    }
    p.svc[i] = svc;
    let g = 0;
    for (const goal of m.goals) {
      const k = GOAL_INDEX.get(goal);
      if (k !== undefined) g |= 1 << k;
    }
    let s = 0;
    for (const goal of m.strengths) {
      const k = GOAL_INDEX.get(goal);
      if (k !== undefined) s |= 1 << k;
    }
    p.goals[i] = g;
    p.strengths[i] = s;
    p.nGoals[i] = POPCOUNT[g]!;
    p.logClin[i] = Math.log(Math.max(1, m.clinicians));
    p.logLoc[i] = Math.log(Math.max(1, m.locations));
    p.sqrtYears[i] = Math.sqrt(Math.max(0, m.yearsInBusiness));
    p.tz[i] = utcOffsetHours(m.timezone);
    const r = m.region;
    if (hasCoordinates(r.lat, r.lon)) {
      const [x, y, z] = unitVector(r.lat!, r.lon!);
      p.hasCoord[i] = 1;
      p.ux[i] = x;
      p.uy[i] = y;
      p.uz[i] = z;
    }
    const ctry = (r.country ?? '').trim().toUpperCase();
    const st = (r.state ?? '').trim().toUpperCase();
    p.country[i] = countryId(ctry);
    p.state[i] = stateId(`${ctry}|${st}`);
    const city = normalizePlace(r.city);
    p.city[i] = city === null ? -1 : cityId(`${ctry}|${st}|${city}`);
    const postal = normalizePostal(ctry, r.postalCode);
    p.postal[i] = postal === null ? -1 : postalId(`${ctry}|${postal}`);
    for (const other of m.avoidMemberIds) {
      const j = index.get(other);
      if (j !== undefined && j !== i) {
        avoidU.push(i);
        avoidV.push(j);
      }
    }
  }
  p.avoid = symmetricCsr(n, avoidU, avoidV);
  const recentU: number[] = [];
  const recentV: number[] = [];
  const rounds = opts.history.rounds;
  for (let r = Math.max(0, rounds.length - opts.noRepeatRounds); r < rounds.length; r++) {
    for (const [a, b] of rounds[r]!) {
      const i = index.get(a);
      const j = index.get(b);
      if (i !== undefined && j !== undefined && i !== j) {
        recentU.push(i);
        recentV.push(j);
      }
    }
  }
  p.recent = symmetricCsr(n, recentU, recentV);
  const crossU: number[] = [];
  const crossV: number[] = [];
  for (const [a, b] of opts.history.otherModes ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined && i !== j) {
      crossU.push(i);
      crossV.push(j);
    }
  }
  if (crossU.length) p.crossRecent = symmetricCsr(n, crossU, crossV);
  return p;
}
