// One-pair helpers for callers outside the solver: the peer score with reasons, and the competitor test.
import { resolveOptions } from './config.js';
import { pairReasons } from './explain.js';
import { prepare, type Prepared } from './prepared.js';
import { competitorsIdx } from './rules.js';
import { scoreIdx } from './score.js';
import type { MatchMember, Weights } from './types.js';

function preparePair(a: MatchMember, b: MatchMember, weights?: Partial<Weights>, competitorRadiusKm?: number): Prepared {
  // Two records of the same id still compare; the copy only keeps the index unambiguous.
  const second = a.id === b.id ? { ...b, id: `${b.id}\u0000` } : b;
  const opts = resolveOptions({ mode: 'pairs', ...(weights ? { weights } : {}), ...(competitorRadiusKm !== undefined ? { competitorRadiusKm } : {}) }, 2);
  return prepare([a, second], opts);
}

export interface PairScore {
  score: number;
  reasons: string[];
}

/** Peer score in [0,1] and plain-language reasons, strongest first. */
export function scorePair(a: MatchMember, b: MatchMember, weights?: Partial<Weights>): PairScore {
  const p = preparePair(a, b, weights);
  return { score: scoreIdx(p, 0, 1), reasons: pairReasons(p, 0, 1) };
}

/**
 * Competitors share a service line (services ∪ practice type) and an area: within the radius when
 * both have coordinates, else the same postal area, else the same city — or the same state when a
 * city is unknown.
 */
export function isCompetitor(a: MatchMember, b: MatchMember, competitorRadiusKm = 40): boolean {
  return competitorsIdx(preparePair(a, b, undefined, competitorRadiusKm), 0, 1);
}
