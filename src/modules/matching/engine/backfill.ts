// Backfill: members to suggest for a circle's open seats, every hard rule kept (checked again by the engine's checker), with reasons.
import { allianceScore } from './alliances.js';
import { resolveOptions } from './config.js';
import { allianceReasons, pairReasons } from './explain.js';
import { rescore } from './moves.js';
import { prepare, type Prepared } from './prepared.js';
import { allianceFeasible, peerFeasible, recentIdx } from './rules.js';
import { crossModeRecentIdx, CROSS_MODE_REASON } from './soft.js';
import { scoreIdx } from './score.js';
import type { MatchMember, MatchOptions, Violation } from './types.js';

export interface BackfillCircle {
  id: string;
  /** The members holding a seat now (proposed or accepted). */
  memberIds: readonly string[];
}

export interface BackfillCandidate {
  memberId: string;
  /** Mean fit with the circle's members, in [0, 1] (soft rules applied). */
  score: number;
  reasons: string[];
}

export interface BackfillRequest {
  circles: readonly BackfillCircle[];
  /** Everyone the engine may look at: the circles' members and the pool. */
  members: readonly MatchMember[];
  /** Who may be suggested (free members who opted in); members of the circle itself are skipped. */
  poolIds: readonly string[];
  /** Candidates per circle (default 10). */
  limit?: number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** A candidate fits when every pair with a seated member keeps the mode's hard rules (the no-repeat rule included). */
function fits(p: Prepared, alliances: boolean, c: number, seats: readonly number[]): boolean {
  for (const s of seats) {
    if (alliances ? !allianceFeasible(p, c, s) : !peerFeasible(p, c, s)) return false;
    if (recentIdx(p, c, s)) return false;
  }
  return true;
}

/** The hard-rule violations the candidate brings into the circle, from the engine's own checker (rescore). */
export function candidateViolations(circle: BackfillCircle, candidateId: string, members: readonly MatchMember[], options: MatchOptions): Violation[] {
  const ids = new Set([...circle.memberIds, candidateId]);
  const subset = members.filter((m) => ids.has(m.id));
  const { violations } = rescore([{ memberIds: [...ids] }], subset, { ...options, minSize: 2, maxSize: Math.max(ids.size, 2) });
  // Violations between seated members were there before (an overridden seat): only the candidate's own count.
  return violations.filter((v) => v.code !== 'GROUP_SIZE' && v.memberIds.includes(candidateId));
}

/**
 * Suggestions per circle, best first. Scores are the candidate's mean pair score with the seated
 * members; recent partners from another mode lower it (the cross-mode soft rule). Every suggestion is
 * re-checked with the engine's checker, so a rule the fast filter missed would drop it, never pass it.
 */
export function suggestBackfill(req: BackfillRequest, options: MatchOptions): Map<string, BackfillCandidate[]> {
  const opts = resolveOptions(options, req.members.length);
  const p = prepare(req.members, opts);
  const alliances = opts.mode === 'alliances';
  const limit = req.limit ?? 10;
  const pool = req.poolIds.map((id) => p.index.get(id)).filter((i): i is number => i !== undefined);
  const out = new Map<string, BackfillCandidate[]>();
  for (const circle of req.circles) {
    const seats = circle.memberIds.map((id) => p.index.get(id)).filter((i): i is number => i !== undefined);
    const seated = new Set(seats);
    const scored: Array<{ c: number; score: number; best: number }> = [];
    for (const c of pool) {
      if (seated.has(c) || !fits(p, alliances, c, seats)) continue;
      let sum = 0;
      let best = -1;
      let bestScore = -1;
      for (const s of seats) {
        // Both scores already carry the cross-mode soft rule.
        const v = alliances ? allianceScore(p, c, s, opts.allianceRadiusKm) : scoreIdx(p, c, s);
        sum += v;
        if (v > bestScore) [best, bestScore] = [s, v];
      }
      scored.push({ c, score: seats.length ? sum / seats.length : 0, best });
    }
    scored.sort((a, b) => b.score - a.score || a.c - b.c);
    const picked: BackfillCandidate[] = [];
    for (const s of scored) {
      if (picked.length >= limit) break;
      const id = p.members[s.c]!.id;
      if (candidateViolations(circle, id, req.members, options).length > 0) continue;
      picked.push({ memberId: id, score: round4(s.score), reasons: reasonsFor(p, alliances, s.c, s.best, seats) });
    }
    out.set(circle.id, picked);
  }
  return out;
}

function reasonsFor(p: Prepared, alliances: boolean, c: number, best: number, seats: readonly number[]): string[] {
  const name = (i: number) => p.members[i]!.displayName;
  const out = [`keeps every hard rule with all ${seats.length} members`];
  if (best >= 0) {
    const why = alliances ? allianceReasons(p, c, best) : pairReasons(p, c, best);
    out.push(`closest fit: ${name(best)} (${why.slice(0, 2).join('; ')})`);
  }
  const goals = p.goals[c]!;
  const sharing = seats.filter((s) => (p.goals[s]! & goals) !== 0).length;
  if (sharing > 1) out.push(`shares a goal with ${sharing} of ${seats.length} members`);
  const crossed = seats.filter((s) => crossModeRecentIdx(p, c, s));
  if (crossed.length) out.push(`${CROSS_MODE_REASON}: ${crossed.map(name).join(', ')}`);
  return out;
}
