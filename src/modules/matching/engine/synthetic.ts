// Deterministic synthetic networks of practice owners (for demos, tests and benchmarks): US metros, real coordinates.
import { GOALS, PRACTICE_TYPES, type Goal, type PracticeType } from '../../../domain/vocab.js';
import { COMPLEMENTARY } from './config.js';
import { mulberry32, type Rng } from './prng.js';
import type { MatchMember } from './types.js';

type Metro = readonly [city: string, state: string, lat: number, lon: number, tz: string, zip3: string, weight: number];

/** Metro centroids (real coordinates), weighted roughly by population; every state appears. */
const METROS: readonly Metro[] = [
  ['New York', 'NY', 40.7128, -74.006, 'America/New_York', '100', 20], ['Los Angeles', 'CA', 34.0522, -118.2437, 'America/Los_Angeles', '900', 13],
  ['Chicago', 'IL', 41.8781, -87.6298, 'America/Chicago', '606', 9.5], ['Dallas', 'TX', 32.7767, -96.797, 'America/Chicago', '752', 7.6],
  ['Houston', 'TX', 29.7604, -95.3698, 'America/Chicago', '770', 7.1], ['Washington', 'DC', 38.9072, -77.0369, 'America/New_York', '200', 6.3],
  ['Philadelphia', 'PA', 39.9526, -75.1652, 'America/New_York', '191', 6.2], ['Miami', 'FL', 25.7617, -80.1918, 'America/New_York', '331', 6.1],
  ['Atlanta', 'GA', 33.749, -84.388, 'America/New_York', '303', 6.1], ['Boston', 'MA', 42.3601, -71.0589, 'America/New_York', '021', 4.9],
  ['Phoenix', 'AZ', 33.4484, -112.074, 'America/Phoenix', '850', 4.9], ['San Francisco', 'CA', 37.7749, -122.4194, 'America/Los_Angeles', '941', 4.7],
  ['Detroit', 'MI', 42.3314, -83.0458, 'America/Detroit', '482', 4.4], ['Seattle', 'WA', 47.6062, -122.3321, 'America/Los_Angeles', '981', 4],
  ['Minneapolis', 'MN', 44.9778, -93.265, 'America/Chicago', '554', 3.7], ['San Diego', 'CA', 32.7157, -117.1611, 'America/Los_Angeles', '921', 3.3],
  ['Tampa', 'FL', 27.9506, -82.4572, 'America/New_York', '336', 3.2], ['Denver', 'CO', 39.7392, -104.9903, 'America/Denver', '802', 3],
  ['St. Louis', 'MO', 38.627, -90.1994, 'America/Chicago', '631', 2.8], ['Baltimore', 'MD', 39.2904, -76.6122, 'America/New_York', '212', 2.8],
  ['Charlotte', 'NC', 35.2271, -80.8431, 'America/New_York', '282', 2.7], ['Orlando', 'FL', 28.5383, -81.3792, 'America/New_York', '328', 2.7],
  ['San Antonio', 'TX', 29.4241, -98.4936, 'America/Chicago', '782', 2.6], ['Portland', 'OR', 45.5152, -122.6784, 'America/Los_Angeles', '972', 2.5],
  ['Pittsburgh', 'PA', 40.4406, -79.9959, 'America/New_York', '152', 2.4], ['Austin', 'TX', 30.2672, -97.7431, 'America/Chicago', '787', 2.3],
  ['Las Vegas', 'NV', 36.1699, -115.1398, 'America/Los_Angeles', '891', 2.3], ['Columbus', 'OH', 39.9612, -82.9988, 'America/New_York', '432', 2.1],
  ['Indianapolis', 'IN', 39.7684, -86.1581, 'America/Indiana/Indianapolis', '462', 2.1], ['Nashville', 'TN', 36.1627, -86.7816, 'America/Chicago', '372', 2],
  ['Kansas City', 'MO', 39.0997, -94.5786, 'America/Chicago', '641', 2.2], ['Milwaukee', 'WI', 43.0389, -87.9065, 'America/Chicago', '532', 1.6],
  ['Providence', 'RI', 41.824, -71.4128, 'America/New_York', '029', 1.6], ['Raleigh', 'NC', 35.7796, -78.6382, 'America/New_York', '276', 1.4],
  ['Oklahoma City', 'OK', 35.4676, -97.5164, 'America/Chicago', '731', 1.4], ['Salt Lake City', 'UT', 40.7608, -111.891, 'America/Denver', '841', 1.3],
  ['Louisville', 'KY', 38.2527, -85.7585, 'America/New_York', '402', 1.3], ['New Orleans', 'LA', 29.9511, -90.0715, 'America/Chicago', '701', 1.3],
  ['Hartford', 'CT', 41.7658, -72.6734, 'America/New_York', '061', 1.2], ['Birmingham', 'AL', 33.5186, -86.8104, 'America/Chicago', '352', 1.1],
  ['Honolulu', 'HI', 21.3069, -157.8583, 'Pacific/Honolulu', '968', 1], ['Omaha', 'NE', 41.2565, -95.9345, 'America/Chicago', '681', 1],
  ['Albuquerque', 'NM', 35.0844, -106.6504, 'America/Denver', '871', 0.9], ['Boise', 'ID', 43.615, -116.2023, 'America/Boise', '837', 0.8],
  ['Columbia', 'SC', 34.0007, -81.0348, 'America/New_York', '292', 0.8], ['Des Moines', 'IA', 41.5868, -93.625, 'America/Chicago', '503', 0.7],
  ['Little Rock', 'AR', 34.7465, -92.2896, 'America/Chicago', '722', 0.7], ['Wilmington', 'DE', 39.7391, -75.5398, 'America/New_York', '198', 0.7],
  ['Wichita', 'KS', 37.6872, -97.3301, 'America/Chicago', '672', 0.6], ['Jackson', 'MS', 32.2988, -90.1848, 'America/Chicago', '392', 0.6],
  ['Portland', 'ME', 43.6591, -70.2568, 'America/New_York', '041', 0.5], ['Anchorage', 'AK', 61.2181, -149.9003, 'America/Anchorage', '995', 0.4],
  ['Manchester', 'NH', 42.9956, -71.4548, 'America/New_York', '031', 0.4], ['Sioux Falls', 'SD', 43.5446, -96.7311, 'America/Chicago', '571', 0.27],
  ['Fargo', 'ND', 46.8772, -96.7898, 'America/Chicago', '581', 0.25], ['Burlington', 'VT', 44.4759, -73.2121, 'America/New_York', '054', 0.2],
  ['Charleston', 'WV', 38.3498, -81.6326, 'America/New_York', '253', 0.2], ['Billings', 'MT', 45.7833, -108.5007, 'America/Denver', '591', 0.2],
  ['Cheyenne', 'WY', 41.14, -104.8202, 'America/Denver', '820', 0.1],
];

const TYPE_WEIGHTS: Record<PracticeType, number> = {
  outpatient_orthopedic: 30, sports: 8, pediatric: 9, neurologic: 5, pelvic_health: 7, geriatric: 5, vestibular: 3, hand_therapy: 4,
  aquatic: 2, occupational_therapy: 7, speech_language: 7, multidisciplinary: 5, cash_based: 4, home_health: 3, other: 1,
};
const GOAL_WEIGHTS: Record<Goal, number> = {
  grow_referrals: 45, marketing: 30, hiring_retention: 40, leadership: 20, add_location: 15, cash_services: 20, payer_contracting: 30,
  billing_collections: 20, technology_emr: 15, exit_succession: 8, compliance: 10, financial_benchmarking: 15, strategic_planning: 20,
  community_partnerships: 15, work_life_balance: 20,
};
const STRENGTH_WEIGHTS: Record<Goal, number> = {
  grow_referrals: 20, marketing: 20, hiring_retention: 15, leadership: 25, add_location: 15, cash_services: 15, payer_contracting: 20,
  billing_collections: 25, technology_emr: 20, exit_succession: 5, compliance: 20, financial_benchmarking: 15, strategic_planning: 15,
  community_partnerships: 15, work_life_balance: 10,
};
const FIRST = ['Dana', 'Sam', 'Lee', 'Ana', 'Chris', 'Jordan', 'Priya', 'Marcus', 'Elena', 'Tom', 'Aisha', 'Ben', 'Carmen', 'David', 'Erin', 'Felix', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kate', 'Luis', 'Maya', 'Noah', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Sofia', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe', 'Amir', 'Beth', 'Caleb', 'Diego', 'Fatima'];

function pickWeighted<T>(items: readonly T[], weight: (t: T) => number, rng: Rng): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let r = rng.next() * total;
  for (const t of items) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return items[items.length - 1]!;
}

function sampleGoals(count: number, weights: Record<Goal, number>, exclude: readonly Goal[], rng: Rng): Goal[] {
  const out: Goal[] = [];
  while (out.length < count) {
    const pool = GOALS.filter((g) => !out.includes(g) && !exclude.includes(g));
    if (pool.length === 0) break;
    out.push(pickWeighted(pool, (g) => weights[g], rng));
  }
  return out;
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function uuid(rng: Rng): string {
  const h = Array.from({ length: 32 }, () => rng.int(16).toString(16));
  h[12] = '4';
  h[16] = ((rng.int(4) + 8) as number).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const related = (t: PracticeType): PracticeType[] => COMPLEMENTARY.flatMap(([a, b]) => (a === t ? [b] : b === t ? [a] : []));

/**
 * n members for a seed, always the same. About 7% lack coordinates (most of those keep a postal
 * code or city), 4% list no goals, 1% avoid someone; sizes and ages follow skewed distributions.
 */
export function syntheticMembers(n: number, seed: number): MatchMember[] {
  const rng = mulberry32(seed ^ 0x5eed);
  const members: MatchMember[] = [];
  for (let i = 0; i < n; i++) {
    const [city, state, lat, lon, tz, zip3] = pickWeighted(METROS, (m) => m[6], rng);
    const practiceType = pickWeighted(PRACTICE_TYPES, (t) => TYPE_WEIGHTS[t], rng);
    const services = new Set<PracticeType>([practiceType]);
    const extra = practiceType === 'multidisciplinary' ? 2 + rng.int(3) : rng.next() < 0.5 ? 1 + (rng.next() < 0.3 ? 1 : 0) : 0;
    const rel = related(practiceType);
    for (let k = 0; k < extra && rel.length > 0; k++) services.add(rel[rng.int(rel.length)]!);
    const clinicians = Math.max(1, Math.min(120, Math.round(Math.exp(Math.log(5) + 0.8 * gaussian(rng)))));
    const locations = Math.max(1, Math.min(15, 1 + Math.floor((clinicians / 8) * rng.next())));
    const yearsInBusiness = Math.max(0, Math.min(45, Math.floor(Math.exp(2 + 0.8 * gaussian(rng))) - 1));
    const goalCount = rng.next() < 0.04 ? 0 : pickWeighted([1, 2, 3, 4, 5], (c) => [10, 25, 35, 20, 10][c - 1]!, rng);
    const goals = sampleGoals(goalCount, GOAL_WEIGHTS, [], rng);
    const strengthCount = Math.min(5, rng.int(3) + Math.floor(yearsInBusiness / 8));
    const strengths = sampleGoals(strengthCount, STRENGTH_WEIGHTS, goals, rng);
    const hasCoords = rng.next() >= 0.07;
    const postalCode = `${zip3}${String(rng.int(100)).padStart(2, '0')}`;
    const fallback = rng.next();
    members.push({
      id: uuid(rng),
      displayName: `${FIRST[rng.int(FIRST.length)]} ${String.fromCharCode(65 + rng.int(26))}.`,
      practiceType,
      services: [...services],
      clinicians,
      locations,
      yearsInBusiness,
      region: {
        country: 'US',
        state,
        city: hasCoords || fallback < 0.9 ? city : null,
        postalCode: hasCoords || fallback < 0.6 ? postalCode : null,
        lat: hasCoords ? Math.round((lat + 0.25 * gaussian(rng)) * 1e5) / 1e5 : null,
        lon: hasCoords ? Math.round((lon + 0.3 * gaussian(rng)) * 1e5) / 1e5 : null,
      },
      timezone: tz,
      goals,
      strengths,
      avoidMemberIds: [],
    });
  }
  for (let i = 0; i < n; i++) {
    if (n > 1 && rng.next() < 0.01) {
      const j = (i + 1 + rng.int(n - 1)) % n;
      members[i]!.avoidMemberIds.push(members[j]!.id);
    }
  }
  return members;
}
