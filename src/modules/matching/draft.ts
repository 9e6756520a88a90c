// A round's stored proposal and the pure edits on it: engine options, violation keys, merging a move, the objective.
import type { MatchGroup, MatchHistory, MatchMode, MatchOptions, MatchResult, MemberNote, UnmatchedMember, Violation, Weights } from './engine/index.js';

export type Kind = 'pair' | 'circle' | 'alliance';

/** The profile `wants` word and the circle kind of each mode. */
export const MODE_WORD: Record<MatchMode, Kind> = { pairs: 'pair', circles: 'circle', alliances: 'alliance' };

/** What a round was asked for, fully resolved, so moves and publish re-score exactly as the draft was made. */
export interface RoundParams {
  mode: MatchMode;
  minSize: number;
  maxSize: number;
  weights: Weights;
  seed: number;
  competitorRadiusKm: number;
  allianceRadiusKm: number;
  noRepeatRounds: number;
  /** Every member the engine was given (grouped or not). */
  memberIds: string[];
  /** True when the admin named the members; false when every opted-in active member was taken. */
  explicitMembers: boolean;
  /** Members already seated in an open circle of the mode were matched too (absent on older rounds: false). */
  includePlaced?: boolean;
  /** A re-match round of the decliners and unmatched of round `rematchOf`. */
  rematchOf?: string;
}

export interface OverrideRecord {
  at: string;
  actorId: string;
  action: 'move' | 'publish';
  memberId: string | null;
  fromGroup: number | null;
  toGroup: number | null;
  codes: string[];
  messages: string[];
  reason: string;
}

export interface StoredGroup extends MatchGroup {
  /** Set when the round is published. */
  circleId?: string;
}

/** The stored proposal: the engine's result plus what the API adds. */
export interface RoundResult {
  groups: StoredGroup[];
  unmatched: UnmatchedMember[];
  notes: MemberNote[];
  objective: number;
  upperBound: number;
  ratio: number;
  stats: MatchResult['stats'];
  /** Display names at the time of the last computation, for showing groups without a join. */
  names: Record<string, string>;
  /** Named by the admin but left out before matching (e.g. they did not opt in to this mode). */
  excluded: Array<{ memberId: string; reason: string }>;
  overrides: OverrideRecord[];
  /** Keys of pairwise hard-rule violations the round already holds knowingly: forced by the engine or overridden by an admin. */
  accepted: string[];
  computedIn: 'inline' | 'worker';
}

/** Violations between two members; GROUP_SIZE/GROUP_FULL concern a group's shape and are judged at move time. */
export const PAIRWISE_CODES = new Set(['COMPETITORS', 'AVOIDED', 'REPEAT', 'NOT_NEARBY', 'NOT_COMPLEMENTARY']);
/** Violations that mean the request itself is wrong, not a rule an admin could override. */
export const INPUT_CODES = new Set(['UNKNOWN_MEMBER', 'UNKNOWN_GROUP', 'DUPLICATE_MEMBER']);
/** When a move breaks several rules, the answer's code is the first of these that applies. */
const CODE_PRIORITY = ['COMPETITORS', 'AVOIDED', 'NOT_NEARBY', 'NOT_COMPLEMENTARY', 'REPEAT', 'GROUP_FULL', 'GROUP_SIZE'];

export function primaryCode(violations: readonly Violation[]): string {
  const codes = new Set(violations.map((v) => v.code as string));
  return CODE_PRIORITY.find((c) => codes.has(c)) ?? violations[0]?.code ?? 'CONFLICT';
}

export function violationKey(v: Pick<Violation, 'code' | 'memberIds'>): string | null {
  if (!PAIRWISE_CODES.has(v.code)) return null;
  return `${v.code}:${[...v.memberIds].sort().join(',')}`;
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.code}: ${v.message}`).join('; ');
}

export function engineOptions(params: RoundParams, history: MatchHistory): MatchOptions {
  return {
    mode: params.mode,
    minSize: params.minSize,
    maxSize: params.maxSize,
    weights: params.weights,
    seed: params.seed,
    competitorRadiusKm: params.competitorRadiusKm,
    allianceRadiusKm: params.allianceRadiusKm,
    noRepeatRounds: params.noRepeatRounds,
    history,
  };
}

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The engine's objective (engine/run.ts objectiveOf): pairs count each pair's score once; groups count
 * each member's mean score with the rest, i.e. size × the group's mean pairwise score.
 */
export function objectiveOf(groups: readonly MatchGroup[], params: Pick<RoundParams, 'minSize' | 'maxSize'>): number {
  const pairsOnly = params.minSize === 2 && params.maxSize === 2;
  return round6(groups.reduce((t, g) => t + (pairsOnly ? g.score : g.memberIds.length * g.score), 0));
}

/** The group holding a member, or -1 when it is unmatched. */
export function groupOf(result: Pick<RoundResult, 'groups'>, memberId: string): number {
  return result.groups.findIndex((g) => g.memberIds.includes(memberId));
}

/** The groups a move touches, ascending. */
export function touchedGroups(from: number, to: number | null): number[] {
  return [...new Set([from, to].filter((g): g is number => g !== null && g >= 0))].sort((a, b) => a - b);
}

/**
 * The draft cut down to the groups a move touches (others emptied, indices kept), so the engine can
 * check and re-score the move with only those groups' members loaded: cost independent of round size.
 */
export function subDraft(result: RoundResult, touched: readonly number[]): MatchResult {
  const keep = new Set(touched);
  return {
    mode: 'pairs',
    groups: result.groups.map((g, i) => (keep.has(i) ? { memberIds: g.memberIds, score: g.score, reasons: g.reasons } : { memberIds: [], score: 0, reasons: [] })),
    unmatched: result.unmatched,
    notes: [],
    objective: 0,
    upperBound: result.upperBound,
    ratio: 0,
    stats: result.stats,
  };
}

/** Puts the engine's re-scored touched groups back into the full draft (emptied groups dropped, as the engine does). */
export function mergeMove(
  result: RoundResult,
  params: Pick<RoundParams, 'minSize' | 'maxSize'>,
  move: { memberId: string; from: number; to: number | null },
  after: MatchResult,
  names: Record<string, string>,
): RoundResult {
  const touched = touchedGroups(move.from, move.to);
  const replaced = new Map<number, StoredGroup | null>();
  let next = 0;
  for (const g of touched) {
    const ids = result.groups[g]!.memberIds.filter((m) => m !== move.memberId);
    if (g === move.to) ids.push(move.memberId);
    if (ids.length === 0) {
      replaced.set(g, null);
      continue;
    }
    const scored = after.groups[next++];
    if (!scored || scored.memberIds.length !== ids.length || !ids.every((m) => scored.memberIds.includes(m))) {
      throw new Error('matching: the engine returned groups that do not match the move');
    }
    replaced.set(g, { memberIds: scored.memberIds, score: scored.score, reasons: scored.reasons });
  }
  const groups: StoredGroup[] = [];
  result.groups.forEach((g, i) => {
    const r = replaced.has(i) ? replaced.get(i) : g;
    if (r) groups.push(r);
  });
  const objective = objectiveOf(groups, params);
  return {
    ...result,
    groups,
    unmatched: after.unmatched,
    objective,
    ratio: result.upperBound > 0 ? round6(objective / result.upperBound) : 1,
    stats: { ...result.stats, groups: groups.length, matched: groups.reduce((t, g) => t + g.memberIds.length, 0) },
    names: { ...result.names, ...names },
  };
}

/** Every member placed in a group. */
export function allGroupMembers(result: Pick<RoundResult, 'groups'>): string[] {
  return result.groups.flatMap((g) => g.memberIds);
}
