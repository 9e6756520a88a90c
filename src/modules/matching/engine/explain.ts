// Plain-language reasons for a pair, a circle or an alliance, built from the same components as the score.
import { GOAL_LABELS, GOALS, PRACTICE_TYPE_LABELS, PRACTICE_TYPES } from '../../../domain/vocab.js';
import { PARTNERSHIP_MASK, TYPE_AFFINITY, TYPE_STRIDE } from './config.js';
import { POPCOUNT, type Prepared } from './prepared.js';
import { distanceKmIdx, hasPartnershipGoal } from './rules.js';
import { INV_SQRT, sizeSimilarity, stageSimilarity, timezoneSimilarity } from './score.js';
import { CROSS_MODE_REASON, crossModeRecentIdx } from './soft.js';

export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function goalLabels(mask: number): string[] {
  const out: string[] = [];
  for (let b = 0; b < GOALS.length; b++) if (mask & (1 << b)) out.push(GOAL_LABELS[GOALS[b]!]);
  return out;
}

const typeLabel = (t: number): string => PRACTICE_TYPE_LABELS[PRACTICE_TYPES[t]!];
const name = (p: Prepared, i: number): string => p.members[i]!.displayName;
const possessive = (s: string): string => (s.endsWith('s') ? `${s}'` : `${s}'s`);

function range(lo: number, hi: number, unit: string, plural = `${unit}s`): string {
  return lo === hi ? `${lo} ${lo === 1 ? unit : plural} each` : `${lo}–${hi} ${plural}`;
}

function helps(p: Prepared, i: number, j: number): string | null {
  const covered = p.strengths[i]! & p.goals[j]!;
  if (!covered) return null;
  const labels = goalLabels(covered);
  return `${name(p, i)} is strong at ${joinList(labels)}, ${labels.length === 1 ? 'a goal' : 'goals'} of ${possessive(name(p, j))}`;
}

/** Reasons for a peer pair, strongest contribution first; never empty. */
export function pairReasons(p: Prepared, i: number, j: number): string[] {
  const w = p.w;
  const out: Array<[number, string]> = [];
  const ti = p.type[i]!;
  const tj = p.type[j]!;
  const aff = TYPE_AFFINITY[ti * TYPE_STRIDE + tj]!;
  if (w[0]! > 0 && ti === tj) out.push([w[0]!, `both ${typeLabel(ti)} practices`]);
  else if (w[0]! > 0 && aff > 0) out.push([w[0]! * aff, `complementary practices: ${typeLabel(ti)} and ${typeLabel(tj)}`]);
  const shared = p.goals[i]! & p.goals[j]!;
  if (w[1]! > 0 && shared) {
    out.push([w[1]! * POPCOUNT[shared]! * INV_SQRT[p.nGoals[i]! * 16 + p.nGoals[j]!]!, `both are working on ${joinList(goalLabels(shared))}`]);
  }
  if (w[2]! > 0) {
    for (const [a, b] of [[i, j], [j, i]] as const) {
      const text = helps(p, a, b);
      if (text) out.push([(w[2]! * POPCOUNT[p.strengths[a]! & p.goals[b]!]!) / p.nGoals[b]! / 2, text]);
    }
  }
  const mi = p.members[i]!;
  const mj = p.members[j]!;
  const size = sizeSimilarity(p, i, j);
  if (w[3]! > 0 && size >= 0.6) {
    out.push([w[3]! * size * 0.8, `similar size: ${range(Math.min(mi.clinicians, mj.clinicians), Math.max(mi.clinicians, mj.clinicians), 'clinician')}`]);
  }
  const stage = stageSimilarity(p, i, j);
  if (w[4]! > 0 && stage >= 0.6) {
    const lo = Math.min(mi.yearsInBusiness, mj.yearsInBusiness);
    const hi = Math.max(mi.yearsInBusiness, mj.yearsInBusiness);
    out.push([w[4]! * stage * 0.8, `similar stage: ${range(lo, hi, 'year')} in business`]);
  }
  const a = p.tz[i]!;
  const b = p.tz[j]!;
  if (w[5]! > 0 && a === a && b === b && timezoneSimilarity(a, b) >= 0.75) {
    out.push([w[5]! * 0.7, a === b ? 'same time zone' : 'time zones an hour apart']);
  }
  out.sort((x, y) => y[0] - x[0]);
  const reasons = out.length > 0 ? out.map((x) => x[1]) : ['the best compatible pairing left in this round'];
  return crossModeRecentIdx(p, i, j) ? [...reasons, CROSS_MODE_REASON] : reasons;
}

/** Reasons for a circle: what most of it shares, who can help whom, and how alike the practices are. */
export function circleReasons(p: Prepared, group: readonly number[]): string[] {
  if (group.length === 2) return pairReasons(p, group[0]!, group[1]!);
  const s = group.length;
  const out: string[] = [];
  const count = (pred: (i: number) => boolean): number => group.filter(pred).length;
  const share = (c: number, what: string): string => (c === s ? `all ${s} ${what}` : `${c} of ${s} ${what}`);
  let bestType = -1;
  let bestTypeCount = 0;
  for (const t of new Set(group.map((i) => p.type[i]!))) {
    const c = count((i) => p.type[i] === t);
    if (c > bestTypeCount) [bestType, bestTypeCount] = [t, c];
  }
  if (bestTypeCount >= 2 && p.w[0]! > 0) out.push(share(bestTypeCount, `are ${typeLabel(bestType)} practices`));
  if (p.w[1]! > 0) {
    const goalCounts = GOALS.map((_, b) => [b, count((i) => (p.goals[i]! & (1 << b)) !== 0)] as const)
      .filter(([, c]) => c >= 2)
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, 2);
    for (const [b, c] of goalCounts) out.push(share(c, `are working on ${GOAL_LABELS[GOALS[b]!]}`));
  }
  if (p.w[2]! > 0) {
    const offers: Array<[number, number, number[]]> = [];
    for (const x of group) {
      for (let b = 0; b < GOALS.length; b++) {
        if (!(p.strengths[x]! & (1 << b))) continue;
        const who = group.filter((y) => y !== x && (p.goals[y]! & (1 << b)) !== 0);
        if (who.length > 0) offers.push([x, b, who]);
      }
    }
    offers.sort((a, b) => b[2].length - a[2].length || a[0] - b[0] || a[1] - b[1]);
    const usedHelpers = new Set<number>();
    for (const [x, b, who] of offers) {
      if (usedHelpers.has(x) || usedHelpers.size >= 2) continue;
      usedHelpers.add(x);
      const goal = GOAL_LABELS[GOALS[b]!];
      out.push(`${name(p, x)} is strong at ${goal}, a goal of ${joinList(who.map((y) => possessive(name(p, y))))}`);
    }
  }
  const clin = group.map((i) => p.members[i]!.clinicians);
  const lo = Math.min(...clin);
  const hi = Math.max(...clin);
  if (p.w[3]! > 0 && hi <= Math.max(2, lo * 2.5)) out.push(`similar size: ${range(lo, hi, 'clinician')}`);
  const tzs = group.map((i) => p.tz[i]!).filter((t) => t === t);
  if (p.w[5]! > 0 && tzs.length === s) {
    const spread = Math.max(...tzs) - Math.min(...tzs);
    if (spread === 0) out.push('all in the same time zone');
    else if (spread <= 1) out.push('time zones within an hour of each other');
  }
  const crossed: string[] = [];
  for (const a of group) for (const b of group) if (a < b && crossModeRecentIdx(p, a, b)) crossed.push(`${name(p, a)} and ${name(p, b)}`);
  if (crossed.length) out.push(`${CROSS_MODE_REASON}: ${joinList(crossed)}`);
  return out.length > 0 ? out : ['the best compatible circle left in this round'];
}

/** Reasons for an alliance pair: how near, which services complement, who wants partnerships. */
export function allianceReasons(p: Prepared, i: number, j: number): string[] {
  const out: string[] = [];
  const d = distanceKmIdx(p, i, j);
  if (d === d) out.push(d < 1 ? 'less than 1 km apart' : `${Math.round(d)} km apart`);
  else if (p.postal[i]! >= 0 && p.postal[i] === p.postal[j]) out.push('same postal area');
  else if (p.city[i]! >= 0 && p.city[i] === p.city[j]) out.push(`same city: ${p.members[i]!.region.city?.trim()}`);
  let best: [number, number, number] = [0, -1, -1];
  for (let a = 0; a < 15; a++) {
    if (!(p.svc[i]! & (1 << a))) continue;
    for (let b = 0; b < 15; b++) {
      const v = a !== b && p.svc[j]! & (1 << b) ? TYPE_AFFINITY[a * TYPE_STRIDE + b]! : 0;
      if (v > best[0]) best = [v, a, b];
    }
  }
  if (best[1] >= 0) out.push(`complementary services: ${typeLabel(best[1])} and ${typeLabel(best[2])}`);
  const both = p.goals[i]! & p.goals[j]! & PARTNERSHIP_MASK;
  if (both) out.push(`both want ${joinList(goalLabels(both))}`);
  else {
    for (const x of [i, j]) {
      if (hasPartnershipGoal(p, x)) out.push(`${name(p, x)} wants ${joinList(goalLabels(p.goals[x]! & PARTNERSHIP_MASK))}`);
    }
  }
  if (sizeSimilarity(p, i, j) >= 0.6) {
    const a = p.members[i]!.clinicians;
    const b = p.members[j]!.clinicians;
    out.push(`similar size: ${range(Math.min(a, b), Math.max(a, b), 'clinician')}`);
  }
  if (crossModeRecentIdx(p, i, j)) out.push(CROSS_MODE_REASON);
  return out;
}

/** Reasons for an alliance of more than two: the widest distance and the mix of service lines. */
export function allianceGroupReasons(p: Prepared, group: readonly number[]): string[] {
  if (group.length === 2) return allianceReasons(p, group[0]!, group[1]!);
  const out: string[] = [];
  let far = 0;
  for (const a of group) for (const b of group) if (a < b) far = Math.max(far, distanceKmIdx(p, a, b) || 0);
  if (far > 0) out.push(`all within ${Math.ceil(far)} km of each other`);
  const types = [...new Set(group.map((i) => p.type[i]!))].map(typeLabel);
  out.push(`complementary services: ${joinList(types)}`);
  const wanting = group.filter((i) => hasPartnershipGoal(p, i)).length;
  out.push(`${wanting} of ${group.length} want partnerships`);
  return out;
}
