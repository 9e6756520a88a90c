// Why a member was left out, and per-member notes (missing coordinates or goals, unknown zones, forced repeats).
import type { NearbyIndex } from './alliances.js';
import { nearbyCandidates } from './alliances.js';
import type { Prepared } from './prepared.js';
import { avoidsIdx, competitorsIdx, hasPartnershipGoal, serviceComplementarity } from './rules.js';
import type { MatchMode, MemberNote } from './types.js';

export interface PeerContext {
  groups: boolean;
  min: number;
  max: number;
  radiusKm: number;
  circles: readonly (readonly number[])[];
  left: number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function peerUnmatchedReason(p: Prepared, i: number, ctx: PeerContext): string {
  const others = p.n - 1;
  const size = `${ctx.min}–${ctx.max}`;
  if (others === 0) return 'no one else in this round';
  if (ctx.groups && p.n < ctx.min) return `too few members for a circle of ${size} (only ${p.n} in this round)`;
  let feasible = 0;
  let competitors = 0;
  let avoided = 0;
  for (let j = 0; j < p.n; j++) {
    if (j === i) continue;
    if (competitorsIdx(p, i, j)) competitors++;
    else if (avoidsIdx(p, i, j)) avoided++;
    else feasible++;
  }
  const rivals = `competitors (a shared service line within ${ctx.radiusKm} km or in the same area)`;
  if (feasible === 0) {
    if (avoided === 0) return `no compatible peer: all ${plural(others, 'other member')} are ${rivals}`;
    if (competitors === 0) return 'no compatible peer: everyone else is on an avoid list';
    return `no compatible peer left: all candidates are competitors or on an avoid list (${competitors} ${rivals}, ${avoided} avoided)`;
  }
  if (ctx.groups && feasible < ctx.min - 1) {
    return `only ${plural(feasible, 'compatible peer')}, fewer than the ${ctx.min - 1} a circle of ${size} needs: the rest are competitors or on an avoid list`;
  }
  if (!ctx.groups) return `no compatible peer left: all ${plural(feasible, 'compatible peer')} were paired with others`;
  const roomy = ctx.circles.filter((c) => c.length > 0 && c.length < ctx.max).length;
  const tooFew = `the ${plural(ctx.left, 'member')} left ${ctx.left === 1 ? 'is' : 'are'} too few for a new circle of ${size}`;
  if (ctx.left < ctx.min && roomy === 0) return `every circle is full (${ctx.max}) and ${tooFew}`;
  const blocked = 'no circle with room could take them without a competitor, an avoided member or a recent partner';
  return ctx.left < ctx.min ? `${blocked}, and ${tooFew}` : blocked;
}

export function allianceUnmatchedReason(p: Prepared, ix: NearbyIndex, i: number): string {
  if (!p.hasCoord[i] && p.postal[i]! < 0 && p.city[i]! < 0) {
    return 'no coordinates, postal code or city: nearby practices cannot be found';
  }
  const near = nearbyCandidates(p, ix, i);
  if (near.length === 0) {
    return p.hasCoord[i] ? `no other practice within ${ix.radiusKm} km` : 'no other practice in the same postal area or city';
  }
  const open = near.filter((j) => !competitorsIdx(p, i, j));
  if (open.length === 0) return 'everyone nearby offers the same services';
  const complementary = open.filter((j) => serviceComplementarity(p, i, j) > 0);
  if (complementary.length === 0) return 'no nearby practice offers complementary services';
  const seeking = hasPartnershipGoal(p, i) ? complementary : complementary.filter((j) => hasPartnershipGoal(p, j));
  if (seeking.length === 0) {
    return 'neither they nor the nearby complementary practices list a partnership goal (community partnerships or growing referrals)';
  }
  const allowed = seeking.filter((j) => !avoidsIdx(p, i, j));
  if (allowed.length === 0) return 'the only suitable nearby practices are on an avoid list';
  return `every suitable nearby practice (${allowed.length}) was paired with someone else`;
}

export function memberNotes(p: Prepared, mode: MatchMode, forced: ReadonlyArray<readonly [number, number]>): MemberNote[] {
  const notes: MemberNote[] = [];
  for (let i = 0; i < p.n; i++) {
    const m = p.members[i]!;
    const add = (note: string): void => {
      notes.push({ memberId: m.id, note });
    };
    if (!p.hasCoord[i]) {
      if (p.postal[i]! >= 0) add('matched without coordinates: by postal area');
      else if (p.city[i]! >= 0) add('matched without coordinates or postal code: by city');
      else if (mode === 'alliances') add('no coordinates, postal code or city: nearby practices cannot be found');
      else add('no coordinates, postal code or city: the competitor check treats the whole state as one area');
    }
    if (p.nGoals[i] === 0) {
      add(mode === 'alliances' ? 'no goals given: counted as not seeking partnerships' : 'no goals given: matched by practice type and size');
    }
    if (p.tz[i] !== p.tz[i]) add(`unknown time zone "${m.timezone}": time-zone fit left out`);
  }
  for (const [a, b] of forced) {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      notes.push({
        memberId: p.members[x]!.id,
        note: `grouped again with ${p.members[y]!.displayName} from a recent round: no other compatible option was left`,
      });
    }
  }
  return notes;
}
