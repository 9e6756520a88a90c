// Matching test helpers: members far enough apart not to be competitors, and shortcuts for rounds.
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';
import type { Profile } from '../../../src/domain/profile.js';
import { makeAdmin, makeMember, type TestMember } from '../../helper.js';

/** Cities well over 40 km apart, so peers with the same services are never competitors. */
export const CITIES: Array<{ city: string; state: string; lat: number; lon: number; postalCode: string; timezone: string }> = [
  { city: 'Columbus', state: 'Ohio', lat: 39.96, lon: -83.0, postalCode: '43215', timezone: 'America/New_York' },
  { city: 'Cleveland', state: 'Ohio', lat: 41.5, lon: -81.69, postalCode: '44114', timezone: 'America/New_York' },
  { city: 'Cincinnati', state: 'Ohio', lat: 39.1, lon: -84.51, postalCode: '45202', timezone: 'America/New_York' },
  { city: 'Pittsburgh', state: 'Pennsylvania', lat: 40.44, lon: -80.0, postalCode: '15222', timezone: 'America/New_York' },
  { city: 'Indianapolis', state: 'Indiana', lat: 39.77, lon: -86.16, postalCode: '46204', timezone: 'America/Indiana/Indianapolis' },
  { city: 'Detroit', state: 'Michigan', lat: 42.33, lon: -83.05, postalCode: '48226', timezone: 'America/Detroit' },
  { city: 'Louisville', state: 'Kentucky', lat: 38.25, lon: -85.76, postalCode: '40202', timezone: 'America/New_York' },
  { city: 'Chicago', state: 'Illinois', lat: 41.88, lon: -87.63, postalCode: '60601', timezone: 'America/Chicago' },
  { city: 'Nashville', state: 'Tennessee', lat: 36.16, lon: -86.78, postalCode: '37203', timezone: 'America/Chicago' },
  { city: 'Charlotte', state: 'North Carolina', lat: 35.23, lon: -80.84, postalCode: '28202', timezone: 'America/New_York' },
  { city: 'Atlanta', state: 'Georgia', lat: 33.75, lon: -84.39, postalCode: '30303', timezone: 'America/New_York' },
  { city: 'St. Louis', state: 'Missouri', lat: 38.63, lon: -90.2, postalCode: '63101', timezone: 'America/Chicago' },
  { city: 'Milwaukee', state: 'Wisconsin', lat: 43.04, lon: -87.91, postalCode: '53202', timezone: 'America/Chicago' },
  { city: 'Buffalo', state: 'New York', lat: 42.89, lon: -78.88, postalCode: '14202', timezone: 'America/New_York' },
  { city: 'Richmond', state: 'Virginia', lat: 37.54, lon: -77.44, postalCode: '23219', timezone: 'America/New_York' },
  { city: 'Baltimore', state: 'Maryland', lat: 39.29, lon: -76.61, postalCode: '21202', timezone: 'America/New_York' },
  { city: 'Philadelphia', state: 'Pennsylvania', lat: 39.95, lon: -75.17, postalCode: '19103', timezone: 'America/New_York' },
  { city: 'Minneapolis', state: 'Minnesota', lat: 44.98, lon: -93.27, postalCode: '55401', timezone: 'America/Chicago' },
  { city: 'Kansas City', state: 'Missouri', lat: 39.1, lon: -94.58, postalCode: '64105', timezone: 'America/Chicago' },
  { city: 'Memphis', state: 'Tennessee', lat: 35.15, lon: -90.05, postalCode: '38103', timezone: 'America/Chicago' },
  { city: 'Birmingham', state: 'Alabama', lat: 33.52, lon: -86.81, postalCode: '35203', timezone: 'America/Chicago' },
  { city: 'Omaha', state: 'Nebraska', lat: 41.26, lon: -95.93, postalCode: '68102', timezone: 'America/Chicago' },
  { city: 'Denver', state: 'Colorado', lat: 39.74, lon: -104.99, postalCode: '80202', timezone: 'America/Denver' },
  { city: 'Boston', state: 'Massachusetts', lat: 42.36, lon: -71.06, postalCode: '02108', timezone: 'America/New_York' },
];

export function place(i: number): Pick<Profile, 'region' | 'timezone'> {
  const c = CITIES[i % CITIES.length]!;
  return { region: { country: 'US', state: c.state, city: c.city, postalCode: c.postalCode, lat: c.lat, lon: c.lon }, timezone: c.timezone };
}

/** Peers in distinct cities (never competitors with each other); `profile` tweaks each one. */
export async function makePeers(database: Database, n: number, profile: (i: number) => Partial<Profile> = () => ({})): Promise<TestMember[]> {
  const out: TestMember[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await makeMember(database, { displayName: `Peer ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`, profile: { ...place(i), ...profile(i) } }));
  }
  return out;
}

export interface Ctx {
  app: App & { database: Database };
  admin: TestMember;
}

export async function withAdmin(app: App & { database: Database }): Promise<Ctx> {
  return { app, admin: await makeAdmin(app.database) };
}

export async function post(ctx: Ctx, url: string, payload?: unknown, who: TestMember = ctx.admin) {
  return ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

export async function get(ctx: Ctx, url: string, who: TestMember = ctx.admin) {
  return ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.auth });
}

export const ids = (ms: readonly TestMember[]) => ms.map((m) => m.id);
