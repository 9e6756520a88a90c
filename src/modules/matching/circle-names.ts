// Names for published circles from what their members share (a common goal, where they are), not "Circle 52".
import { GOAL_LABELS, type Goal } from '../../domain/vocab.js';
import type { Profile } from '../../domain/profile.js';
import type { Kind } from './draft.js';

const WORD: Record<Kind, string> = { pair: 'pair', circle: 'circle', alliance: 'alliance' };
const ROMAN = ['', ' II', ' III', ' IV', ' V', ' VI', ' VII', ' VIII', ' IX', ' X'];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The most common value (ties: alphabetical, so the same group always gets the same name). */
function mostCommon(values: readonly string[]): { value: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => ({ value, count }))[0];
}

/** One group's name: its most shared goal and its place, e.g. "Growing referrals circle · Ohio". */
export function circleName(kind: Kind, profiles: readonly Profile[]): string {
  const goal = mostCommon(profiles.flatMap((p) => p.goals ?? []));
  const focus = goal && goal.count >= 2 ? capital(GOAL_LABELS[goal.value as Goal] ?? goal.value) : 'Peer';
  const states = [...new Set(profiles.map((p) => p.region?.state).filter((s): s is string => !!s))].sort();
  const place = states.length === 0 ? '' : states.length === 1 ? states[0]! : states.length === 2 ? `${states[0]} & ${states[1]}` : `${states.length} states`;
  return place ? `${focus} ${WORD[kind]} · ${place}` : `${focus} ${WORD[kind]}`;
}

/** Names for a round's groups, made unique within the round by a numeral ("… II"). */
export function circleNames(kind: Kind, groups: ReadonlyArray<{ memberIds: readonly string[] }>, profiles: ReadonlyMap<string, Profile>): string[] {
  const used = new Map<string, number>();
  return groups.map((g) => {
    const base = circleName(kind, g.memberIds.map((id) => profiles.get(id)).filter((p): p is Profile => p !== undefined));
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}${ROMAN[n] ?? ` ${n + 1}`}`;
  });
}
