// Independent hard-rule checker for matching results: re-derives every rule from raw member data, no engine code.
import type { MatchMember, MatchResult } from '../../src/modules/matching/engine/types.js';

export interface CheckOptions {
  minSize: number;
  maxSize: number;
  competitorRadiusKm?: number;
  noRepeatRounds?: number;
  history?: Array<Array<[string, string]>>;
}

export interface CheckReport {
  violations: string[];
  repeats: number;
}

function km(a: MatchMember, b: MatchMember): number {
  const r = Math.PI / 180;
  const [la1, lo1, la2, lo2] = [a.region.lat!, a.region.lon!, b.region.lat!, b.region.lon!];
  const h = Math.sin(((la2 - la1) * r) / 2) ** 2 + Math.cos(la1 * r) * Math.cos(la2 * r) * Math.sin(((lo2 - lo1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const has = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const postal = (m: MatchMember): string | null => {
  const c = m.region.postalCode?.toUpperCase().replace(/[\s-]+/g, '') ?? '';
  if (c === '') return null;
  return `${m.region.country.trim().toUpperCase()}|${/^\d{9}$/.test(c) ? c.slice(0, 5) : c}`;
};
const city = (m: MatchMember): string | null => m.region.city?.trim().toLowerCase().replace(/\s+/g, ' ') || null;

export function competitors(a: MatchMember, b: MatchMember, radiusKm: number): boolean {
  const sa = new Set([a.practiceType, ...a.services]);
  if (![b.practiceType, ...b.services].some((s) => sa.has(s))) return false;
  if (has(a.region.lat) && has(a.region.lon) && has(b.region.lat) && has(b.region.lon)) return km(a, b) <= radiusKm;
  const pa = postal(a);
  const pb = postal(b);
  if (pa && pb) return pa === pb;
  const st = (m: MatchMember): string => `${m.region.country.trim().toUpperCase()}|${m.region.state.trim().toUpperCase()}`;
  if (st(a) !== st(b)) return false;
  const ca = city(a);
  const cb = city(b);
  return ca && cb ? ca === cb : true;
}

/** Every broken hard rule in a result, plus how many recent pairs were grouped again. */
export function checkResult(members: readonly MatchMember[], result: MatchResult, o: CheckOptions): CheckReport {
  const byId = new Map(members.map((m) => [m.id, m]));
  const violations: string[] = [];
  const seen = new Set<string>();
  const recent = new Set<string>();
  const rounds = o.history ?? [];
  for (const round of rounds.slice(Math.max(0, rounds.length - (o.noRepeatRounds ?? 3)))) {
    for (const [a, b] of round) recent.add(a < b ? `${a}|${b}` : `${b}|${a}`);
  }
  let repeats = 0;
  result.groups.forEach((g, gi) => {
    if (g.memberIds.length < o.minSize || g.memberIds.length > o.maxSize) violations.push(`group ${gi}: size ${g.memberIds.length}`);
    if (g.reasons.length === 0) violations.push(`group ${gi}: no reasons`);
    for (const id of g.memberIds) {
      if (!byId.has(id)) violations.push(`group ${gi}: unknown member ${id}`);
      if (seen.has(id)) violations.push(`member ${id} placed twice`);
      seen.add(id);
    }
    for (let x = 0; x < g.memberIds.length; x++) {
      for (let y = x + 1; y < g.memberIds.length; y++) {
        const a = byId.get(g.memberIds[x]!)!;
        const b = byId.get(g.memberIds[y]!)!;
        if (competitors(a, b, o.competitorRadiusKm ?? 40)) violations.push(`group ${gi}: competitors ${a.id} ${b.id}`);
        if (a.avoidMemberIds.includes(b.id) || b.avoidMemberIds.includes(a.id)) violations.push(`group ${gi}: avoided ${a.id} ${b.id}`);
        if (recent.has(a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`)) repeats++;
      }
    }
  });
  for (const u of result.unmatched) {
    if (seen.has(u.memberId)) violations.push(`member ${u.memberId} both placed and unmatched`);
    if (!u.reason) violations.push(`member ${u.memberId} unmatched without a reason`);
    seen.add(u.memberId);
  }
  if (seen.size !== members.length) violations.push(`${members.length - seen.size} members neither placed nor listed as unmatched`);
  if (result.objective > result.upperBound + 1e-6) violations.push(`objective ${result.objective} above upper bound ${result.upperBound}`);
  return { violations, repeats };
}
