// The bench's own network generators (independent of the engine's synthetic.ts): five shapes of a section.
import { GOALS, PRACTICE_TYPES, type Goal, type PracticeType } from '../../src/domain/vocab.js';
import type { MatchMember } from '../../src/modules/matching/engine/types.js';
import { xorshift } from './xorshift.js';

export type Shape = 'national' | 'metro' | 'skewed' | 'avoid' | 'corners' | 'sprawl';
/** The shapes of the quality table ('sprawl' is a speed and placement case of its own). */
export const SHAPES: readonly Shape[] = ['national', 'metro', 'skewed', 'avoid', 'corners'];
const ALL_SHAPES: readonly Shape[] = [...SHAPES, 'sprawl'];

/** xorshift32: the bench's own stream, so its networks never follow the engine's generator. */
function rng(seed: number): { next(): number; int(k: number): number } {
  const next = xorshift(seed * 2654435761);
  return { next, int: (k) => Math.floor(next() * k) };
}
type R = ReturnType<typeof rng>;

const pick = <T>(r: R, items: readonly T[], w?: readonly number[]): T => {
  if (!w) return items[r.int(items.length)]!;
  let t = r.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((t -= w[i]!) < 0) return items[i]!;
  return items[items.length - 1]!;
};
const some = <T>(r: R, items: readonly T[], k: number, w?: readonly number[]): T[] => {
  const out = new Set<T>();
  for (let guard = 0; out.size < k && guard < 100; guard++) out.add(pick(r, items, w));
  return [...out];
};

// [city, state, lat, lon, zone, zip3, weight]
const METROS: ReadonlyArray<readonly [string, string, number, number, string, string, number]> = [
  ['Seattle', 'WA', 47.61, -122.33, 'America/Los_Angeles', '981', 4], ['Portland', 'OR', 45.52, -122.68, 'America/Los_Angeles', '972', 2],
  ['San Jose', 'CA', 37.34, -121.89, 'America/Los_Angeles', '951', 3], ['Fresno', 'CA', 36.74, -119.79, 'America/Los_Angeles', '937', 1],
  ['Phoenix', 'AZ', 33.45, -112.07, 'America/Phoenix', '850', 4], ['Denver', 'CO', 39.74, -104.99, 'America/Denver', '802', 3],
  ['Omaha', 'NE', 41.26, -95.93, 'America/Chicago', '681', 1], ['Austin', 'TX', 30.27, -97.74, 'America/Chicago', '787', 3],
  ['Chicago', 'IL', 41.88, -87.63, 'America/Chicago', '606', 8], ['Memphis', 'TN', 35.15, -90.05, 'America/Chicago', '381', 1],
  ['Atlanta', 'GA', 33.75, -84.39, 'America/New_York', '303', 5], ['Columbus', 'OH', 39.96, -83.0, 'America/New_York', '432', 2],
  ['Boston', 'MA', 42.36, -71.06, 'America/New_York', '021', 4], ['New York', 'NY', 40.71, -74.01, 'America/New_York', '100', 12],
  ['Miami', 'FL', 25.76, -80.19, 'America/New_York', '331', 5], ['Buffalo', 'NY', 42.89, -78.88, 'America/New_York', '142', 1],
  ['Anchorage', 'AK', 61.22, -149.9, 'America/Anchorage', '995', 0.3], ['Honolulu', 'HI', 21.31, -157.86, 'Pacific/Honolulu', '968', 0.5],
];
const CORE_LINES: readonly PracticeType[] = ['outpatient_orthopedic', 'sports', 'pelvic_health', 'hand_therapy', 'vestibular', 'aquatic'];

function base(r: R, id: string, type: PracticeType, services: PracticeType[], at: readonly [string, string, number, number, string, string, number], spreadDeg: number, goals: Goal[]): MatchMember {
  const [city, state, lat, lon, tz, zip3] = at;
  const clinicians = 1 + Math.floor(-Math.log(1 - r.next()) * 6);
  return {
    id,
    displayName: `member ${id}`,
    practiceType: type,
    services,
    clinicians,
    locations: 1 + Math.floor(r.next() * Math.min(6, 1 + clinicians / 6)),
    yearsInBusiness: Math.floor(r.next() * r.next() * 35),
    region: { country: 'US', state, city, postalCode: `${zip3}${String(r.int(100)).padStart(2, '0')}`, lat: lat + (r.next() - 0.5) * spreadDeg, lon: lon + (r.next() - 0.5) * spreadDeg * 1.3 },
    timezone: tz,
    goals,
    strengths: some(r, GOALS, r.int(4)).filter((g) => !goals.includes(g)),
    avoidMemberIds: [],
  };
}

const RARE_LINES = PRACTICE_TYPES.filter((t) => !['outpatient_orthopedic', 'sports', 'pelvic_health'].includes(t));
const ROCKFORD = ['Rockford', 'IL', 42.27, -89.09, 'America/Chicago', '611', 1] as const;

/**
 * A sprawling metro like a state section: 86% in a metro whose core (half the practices within
 * about 15 km of the centre) thins out over 100 km, 14% in a satellite city 120 km away; three of
 * four sell orthopedics, often with pelvic health or sports. The competitor rule then depends on
 * where a practice is as much as on what it sells (788 twin classes at 1,000 members: the
 * class LP does not apply), and a core of hundreds of mutual rivals caps how many circles fit.
 */
function sprawlMember(r: R, id: string): MatchMember {
  const satellite = r.next() < 0.14;
  const x = r.next();
  const lines: PracticeType[] =
    x < 0.42 ? ['outpatient_orthopedic'] : x < 0.57 ? ['outpatient_orthopedic', 'pelvic_health'] : x < 0.72 ? ['outpatient_orthopedic', 'sports']
      : x < 0.765 ? ['sports'] : x < 0.8 ? ['pelvic_health'] : x < 0.822 ? ['outpatient_orthopedic', 'pelvic_health', 'sports']
        : some(r, RARE_LINES, 1 + (r.next() < 0.15 ? 1 : 0));
  if (x >= 0.822 && r.next() < 0.25) lines.push(pick(r, ['outpatient_orthopedic', 'sports', 'pelvic_health'] as const));
  const type = lines[r.int(lines.length)]!;
  const m = base(r, id, type, lines, satellite ? ROCKFORD : METROS[8]!, 0, some(r, GOALS, 1 + r.int(4)));
  // Sum of four uniforms: nearly normal, σ about 13 km north–south in the metro.
  const normal = (): number => r.next() + r.next() + r.next() + r.next() - 2;
  m.region.lat = (satellite ? ROCKFORD[2] : 41.88) + normal() * (satellite ? 0.1 : 0.21);
  m.region.lon = (satellite ? ROCKFORD[3] : -87.63) + normal() * (satellite ? 0.12 : 0.27);
  return m;
}

/** n members of a shape for a seed, always the same. */
export function shapeMembers(shape: Shape, n: number, seed: number): MatchMember[] {
  const r = rng(seed * 7919 + ALL_SHAPES.indexOf(shape) + 1);
  const out: MatchMember[] = [];
  const id = (i: number): string => `${shape}-${seed}-${String(i).padStart(6, '0')}`;
  for (let i = 0; i < n; i++) {
    if (shape === 'sprawl') {
      out.push(sprawlMember(r, id(i)));
    } else if (shape === 'metro') {
      // One metro, about 25 km across, most practices selling one or two of six core lines.
      const lines = some(r, CORE_LINES, 1 + (r.next() < 0.4 ? 1 : 0), [4, 2, 1.5, 1.5, 1, 1]);
      const type = r.next() < 0.85 ? lines[0]! : pick(r, PRACTICE_TYPES);
      out.push(base(r, id(i), type, lines, METROS[8]!, 0.25, some(r, GOALS, 1 + r.int(4))));
    } else if (shape === 'skewed') {
      // Nearly everyone the same type and the same two goals.
      const type = r.next() < 0.8 ? 'outpatient_orthopedic' : pick(r, PRACTICE_TYPES);
      const goals = r.next() < 0.75 ? (['grow_referrals', 'payer_contracting'] as Goal[]) : some(r, GOALS, 1 + r.int(3));
      out.push(base(r, id(i), type, [type], pick(r, METROS, METROS.map((m) => m[6])), 0.6, goals));
    } else {
      const type = pick(r, PRACTICE_TYPES);
      const services = r.next() < 0.4 ? [type, pick(r, PRACTICE_TYPES)] : [type];
      out.push(base(r, id(i), type, [...new Set(services)], pick(r, METROS, METROS.map((m) => m[6])), 0.6, some(r, GOALS, r.int(5))));
    }
  }
  if (shape === 'avoid') {
    // Heavy avoid lists: each member avoids 5–40 others, mostly in its own metro.
    for (const m of out) {
      const k = 5 + r.int(36);
      for (let x = 0; x < k && n > 1; x++) {
        const o = out[r.int(n)]!;
        if (o.id !== m.id && (o.region.city === m.region.city || r.next() < 0.3)) m.avoidMemberIds.push(o.id);
      }
    }
  }
  if (shape === 'corners' && n > 0) {
    // Infeasible corners: one member sells every line in the busiest metro (a competitor of nearly all
    // there), some have no place but the state, a few avoid everyone near them; the count stays odd.
    const all = out[0]!;
    all.practiceType = 'multidisciplinary';
    all.services = [...PRACTICE_TYPES];
    Object.assign(all.region, METROS[13]![2] !== undefined ? { state: 'NY', city: 'New York', lat: 40.71, lon: -74.01 } : {});
    for (let i = 1; i < n; i += 17) Object.assign(out[i]!.region, { city: null, postalCode: null, lat: null, lon: null });
    for (let i = 2; i < n; i += 29) out[i]!.avoidMemberIds = out.filter((o) => o.region.state === out[i]!.region.state && o.id !== out[i]!.id).map((o) => o.id);
    if (n % 2 === 0 && n > 1) out.pop();
  }
  return out;
}
