// Hard rules on prepared members: competitors, avoid lists, recent repeats, alliance eligibility.
import { PARTNERSHIP_MASK, TYPE_AFFINITY, TYPE_STRIDE } from './config.js';
import { csrHas, type Prepared } from './prepared.js';

// Read once: under CommonJS (tsx) each read of an imported binding is a getter call, and these run per pair.
const has = csrHas;

function dot(p: Prepared, i: number, j: number): number {
  return p.ux[i]! * p.ux[j]! + p.uy[i]! * p.uy[j]! + p.uz[i]! * p.uz[j]!;
}

/**
 * Same area for the competitor rule. With coordinates on both sides: within the radius. Else with
 * postal codes on both sides: the same postal area. Else (neither known for the pair): the same
 * city in the same state, and when either city is unknown the whole state counts as one area. That
 * last reading is deliberately conservative: a competitor rule must not let two rivals slip through.
 */
export function sameCompetitiveArea(p: Prepared, i: number, j: number): boolean {
  if (p.hasCoord[i] && p.hasCoord[j]) return dot(p, i, j) >= p.cosCompetitor;
  if (p.postal[i]! >= 0 && p.postal[j]! >= 0) return p.postal[i] === p.postal[j];
  if (p.state[i] !== p.state[j]) return false;
  if (p.city[i]! >= 0 && p.city[j]! >= 0) return p.city[i] === p.city[j];
  return true;
}

/** Competitors: at least one shared service line and the same area. Distance only when services meet. */
export function competitorsIdx(p: Prepared, i: number, j: number): boolean {
  return (p.svc[i]! & p.svc[j]!) !== 0 && sameCompetitiveArea(p, i, j);
}

export function avoidsIdx(p: Prepared, i: number, j: number): boolean {
  return csrHas(p.avoid, i, j);
}

export function recentIdx(p: Prepared, i: number, j: number): boolean {
  return csrHas(p.recent, i, j);
}

/** Peers may share a group: not the same member, no avoid list either way, not competitors. */
export function peerFeasible(p: Prepared, i: number, j: number): boolean {
  return i !== j && !competitorsIdx(p, i, j) && !has(p.avoid, i, j);
}

/** Proof of proximity for an alliance; unlike the competitor rule, an unknown place proves nothing. */
export function nearbyIdx(p: Prepared, i: number, j: number): boolean {
  if (p.hasCoord[i] && p.hasCoord[j]) return dot(p, i, j) >= p.cosAlliance;
  if (p.postal[i]! >= 0 && p.postal[j]! >= 0) return p.postal[i] === p.postal[j];
  if (p.city[i]! >= 0 && p.city[j]! >= 0) return p.city[i] === p.city[j];
  return false;
}

export function distanceKmIdx(p: Prepared, i: number, j: number): number {
  if (!p.hasCoord[i] || !p.hasCoord[j]) return Number.NaN;
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, dot(p, i, j))));
}

/** Best complementarity between any service line of one and any of the other (0 when none). */
export function serviceComplementarity(p: Prepared, i: number, j: number): number {
  let best = 0;
  const si = p.svc[i]!;
  const sj = p.svc[j]!;
  for (let a = 0; a < 15; a++) {
    if (!(si & (1 << a))) continue;
    for (let b = 0; b < 15; b++) {
      if (a !== b && sj & (1 << b)) {
        const v = TYPE_AFFINITY[a * TYPE_STRIDE + b]!;
        if (v > best) best = v;
      }
    }
  }
  return best;
}

export function hasPartnershipGoal(p: Prepared, i: number): boolean {
  return (p.goals[i]! & PARTNERSHIP_MASK) !== 0;
}

/**
 * An alliance pair: nearby, not competitors (so no shared service line once nearby), complementary
 * services, at least one side wanting partnerships, and no avoid list either way.
 */
export function allianceFeasible(p: Prepared, i: number, j: number): boolean {
  return (
    i !== j &&
    nearbyIdx(p, i, j) &&
    !competitorsIdx(p, i, j) &&
    serviceComplementarity(p, i, j) > 0 &&
    (hasPartnershipGoal(p, i) || hasPartnershipGoal(p, j)) &&
    !csrHas(p.avoid, i, j)
  );
}
