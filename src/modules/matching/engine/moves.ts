// Admin edits to a draft: re-score groups, and check a move against every hard rule with plain messages.
import { PRACTICE_TYPE_LABELS, PRACTICE_TYPES } from '../../../domain/vocab.js';
import { allianceScore } from './alliances.js';
import { resolveOptions, type ResolvedOptions } from './config.js';
import { joinList } from './explain.js';
import { prepare, type Prepared } from './prepared.js';
import { allianceFeasible, avoidsIdx, competitorsIdx, distanceKmIdx, nearbyIdx, recentIdx, serviceComplementarity } from './rules.js';
import { describeGroup, objectiveOf, round6 } from './run.js';
import { scoreIdx } from './score.js';
import type { MatchGroup, MatchMember, MatchOptions, MatchResult, Violation } from './types.js';

interface Ctx {
  p: Prepared;
  opts: ResolvedOptions;
  score: (i: number, j: number) => number;
}

function context(members: readonly MatchMember[], options: MatchOptions): Ctx {
  const opts = resolveOptions(options, members.length);
  const p = prepare(members, opts);
  const score = opts.mode === 'alliances' ? (i: number, j: number) => allianceScore(p, i, j, opts.allianceRadiusKm) : (i: number, j: number) => scoreIdx(p, i, j);
  return { p, opts, score };
}

function whereCompeting(p: Prepared, i: number, j: number): string {
  const d = distanceKmIdx(p, i, j);
  if (d === d) return `${Math.round(d)} km apart`;
  if (p.postal[i]! >= 0 && p.postal[j]! >= 0) return 'in the same postal area';
  if (p.city[i]! >= 0 && p.city[j]! >= 0) return 'in the same city';
  return 'in the same state, with no city or postal code to tell them apart';
}

/** Hard-rule violations between members of one group, and its size. */
function groupViolations(c: Ctx, group: readonly number[], index: number | null): Violation[] {
  const { p, opts } = c;
  const out: Violation[] = [];
  const id = (i: number): string => p.members[i]!.id;
  const nm = (i: number): string => p.members[i]!.displayName;
  if (index !== null && (group.length < opts.minSize || group.length > opts.maxSize)) {
    out.push({ code: 'GROUP_SIZE', message: `group ${index} has ${group.length} members; groups need ${opts.minSize}–${opts.maxSize}`, memberIds: group.map(id), group: index });
  }
  for (let x = 0; x < group.length; x++) {
    for (let y = x + 1; y < group.length; y++) {
      const i = group[x]!;
      const j = group[y]!;
      const pair = [id(i), id(j)];
      if (competitorsIdx(p, i, j)) {
        const shared = PRACTICE_TYPES.filter((_, b) => p.svc[i]! & p.svc[j]! & (1 << b)).map((t) => PRACTICE_TYPE_LABELS[t]);
        out.push({ code: 'COMPETITORS', message: `${nm(i)} and ${nm(j)} are competitors: both offer ${joinList(shared)}, ${whereCompeting(p, i, j)}`, memberIds: pair, group: index });
      }
      if (avoidsIdx(p, i, j)) out.push({ code: 'AVOIDED', message: `${nm(i)} and ${nm(j)}: one asked never to be matched with the other`, memberIds: pair, group: index });
      if (recentIdx(p, i, j)) {
        out.push({ code: 'REPEAT', message: `${nm(i)} and ${nm(j)} shared a group in one of the last ${opts.noRepeatRounds} rounds`, memberIds: pair, group: index });
      }
      if (opts.mode === 'alliances' && !allianceFeasible(p, i, j)) {
        if (!nearbyIdx(p, i, j)) out.push({ code: 'NOT_NEARBY', message: `${nm(i)} and ${nm(j)} are not within ${opts.allianceRadiusKm} km (or the same postal area or city)`, memberIds: pair, group: index });
        else if (serviceComplementarity(p, i, j) === 0) out.push({ code: 'NOT_COMPLEMENTARY', message: `${nm(i)} and ${nm(j)} offer no complementary services`, memberIds: pair, group: index });
      }
    }
  }
  return out;
}

function indices(c: Ctx, ids: readonly string[], group: number | null, out: Violation[]): number[] {
  const idx: number[] = [];
  for (const m of ids) {
    const i = c.p.index.get(m);
    if (i === undefined) out.push({ code: 'UNKNOWN_MEMBER', message: `member ${m} is not part of this round`, memberIds: [m], group });
    else idx.push(i);
  }
  return idx;
}

export interface Rescored {
  groups: MatchGroup[];
  objective: number;
  violations: Violation[];
}

/** Re-scores every group (score, reasons), sums the objective, and lists every hard-rule violation. */
export function rescore(groups: ReadonlyArray<{ memberIds: readonly string[] }>, members: readonly MatchMember[], options: MatchOptions): Rescored {
  const c = context(members, options);
  const violations: Violation[] = [];
  const seen = new Map<string, number>();
  const out = groups.map((g, gi) => {
    for (const m of g.memberIds) {
      const prev = seen.get(m);
      if (prev !== undefined) violations.push({ code: 'DUPLICATE_MEMBER', message: `member ${m} is in groups ${prev} and ${gi}`, memberIds: [m], group: gi });
      seen.set(m, gi);
    }
    const idx = indices(c, g.memberIds, gi, violations);
    violations.push(...groupViolations(c, idx, gi));
    const d = describeGroup(c.p, c.opts, c, idx);
    return { ...d, memberIds: [...g.memberIds], score: round6(d.score) };
  });
  return { groups: out, objective: round6(objectiveOf(c.opts, out)), violations };
}

export interface MoveCheck {
  ok: boolean;
  violations: Violation[];
  /** The draft with the move applied and re-scored (empty groups dropped), whether or not it is ok. */
  result: MatchResult;
}

/** Applies an admin move (toGroup: index, or null to unmatch) to a copy of the draft and checks it. */
export function validateMove(result: MatchResult, members: readonly MatchMember[], memberId: string, toGroup: number | null, options: MatchOptions): MoveCheck {
  const c = context(members, options);
  const violations: Violation[] = [];
  if (!c.p.index.has(memberId)) violations.push({ code: 'UNKNOWN_MEMBER', message: `member ${memberId} is not part of this round`, memberIds: [memberId], group: toGroup });
  if (toGroup !== null && (!Number.isInteger(toGroup) || toGroup < 0 || toGroup >= result.groups.length)) {
    violations.push({ code: 'UNKNOWN_GROUP', message: `there is no group ${toGroup} in this draft`, memberIds: [memberId], group: toGroup });
  }
  if (violations.length > 0) return { ok: false, violations, result };
  const groups = result.groups.map((g) => g.memberIds.filter((m) => m !== memberId));
  const from = result.groups.findIndex((g) => g.memberIds.includes(memberId));
  const unmatched = result.unmatched.filter((u) => u.memberId !== memberId);
  if (toGroup === null) unmatched.push({ memberId, reason: 'moved out of every group by an admin' });
  else {
    if (toGroup !== from && groups[toGroup]!.length >= c.opts.maxSize) {
      violations.push({ code: 'GROUP_FULL', message: `group ${toGroup} is full (${groups[toGroup]!.length} of ${c.opts.maxSize})`, memberIds: [memberId], group: toGroup });
    }
    groups[toGroup]!.push(memberId);
  }
  const touched = [from, toGroup].filter((g): g is number => g !== null && g >= 0);
  for (const g of new Set(touched)) {
    const idx = indices(c, groups[g]!, g, violations);
    for (const v of groupViolations(c, idx, g)) {
      // Only what this move causes: earlier (overridden) violations between others stay out of it.
      if (v.code === 'GROUP_SIZE' ? g !== from || g === toGroup : !v.memberIds.includes(memberId)) continue;
      violations.push(v);
    }
  }
  const kept = groups.map((ids, g) => ({ ids, g })).filter((x) => x.ids.length > 0);
  const rescored = rescore(kept.map((x) => ({ memberIds: x.ids })), members, options);
  const objective = rescored.objective;
  const matched = kept.reduce((t, x) => t + x.ids.length, 0);
  const next: MatchResult = {
    ...result,
    groups: rescored.groups,
    unmatched,
    objective,
    ratio: result.upperBound > 0 ? round6(objective / result.upperBound) : 1,
    stats: { ...result.stats, groups: kept.length, matched },
  };
  return { ok: violations.length === 0, violations, result: next };
}
