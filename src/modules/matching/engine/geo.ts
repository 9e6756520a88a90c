// Geography and time for the engine: unit vectors for cheap radius tests, cached UTC offsets.
export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Unit vector of a point on the sphere; the dot product of two is the cosine of their central angle. */
export function unitVector(lat: number, lon: number): [number, number, number] {
  const la = lat * RAD;
  const lo = lon * RAD;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

/** Dot-product threshold for "within km": dot >= cos(km / R). */
export function cosOfDistance(km: number): number {
  return Math.cos(Math.min(Math.PI, Math.max(0, km) / EARTH_RADIUS_KM));
}

/**
 * Offsets are read at one fixed instant (a January noon, UTC) so that a result does not depend on
 * the day it was computed; daylight saving shifts most zones alike, so differences barely change.
 */
const REFERENCE_INSTANT = new Date(Date.UTC(2025, 0, 15, 12, 0, 0));
const offsetCache = new Map<string, number>();

/** UTC offset of an IANA zone in hours, or NaN for an unknown zone. Computed once per zone. */
export function utcOffsetHours(timeZone: string): number {
  const cached = offsetCache.get(timeZone);
  if (cached !== undefined) return cached;
  let hours = Number.NaN;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(
      REFERENCE_INSTANT,
    );
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(name);
    if (m) hours = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) + Number(m[3] ?? 0) / 60) : 0;
  } catch {
    hours = Number.NaN;
  }
  offsetCache.set(timeZone, hours);
  return hours;
}

/** Lower-cased, trimmed, single-spaced text, or null when empty. */
export function normalizePlace(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = s.trim().toLowerCase().replace(/\s+/g, ' ');
  return t === '' ? null : t;
}

/** A postal area: the code without spaces or dashes, upper-cased; a US ZIP+4 counts by its 5-digit ZIP. */
export function normalizePostal(country: string, code: string | null | undefined): string | null {
  if (typeof code !== 'string') return null;
  let c = code.toUpperCase().replace(/[\s-]+/g, '');
  if (c === '') return null;
  const ctry = country.trim().toUpperCase();
  if ((ctry === 'US' || ctry === 'USA') && /^\d{9}$/.test(c)) c = c.slice(0, 5);
  return c;
}

export function hasCoordinates(lat: number | null | undefined, lon: number | null | undefined): boolean {
  return (
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180
  );
}
