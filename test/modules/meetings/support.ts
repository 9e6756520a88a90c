// Meetings test helpers: a circle with a facilitator, wall-clock reads through Intl (independent of the code under test).
import { eq } from 'drizzle-orm';
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';
import { circles } from '../../../src/db/schema/index.js';
import { makeCircle, makeMember, type TestMember } from '../../helper.js';

export type TestApp = App & { database: Database };

/** A circle of a facilitator and `others` plain members (each with their profile time zone). */
export async function circleWithFacilitator(app: TestApp, zones: string[] = ['America/Chicago', 'Europe/Berlin']) {
  const facilitator = await makeMember(app.database, { displayName: 'Fran Facilitator', profile: { timezone: zones[0] ?? 'America/Chicago' } });
  const others: TestMember[] = [];
  for (const tz of zones.slice(1)) others.push(await makeMember(app.database, { displayName: 'Member Owner', profile: { timezone: tz } }));
  const circle = await makeCircle(app.database, [facilitator.id, ...others.map((m) => m.id)]);
  // Setting the facilitator is matching's admin route; the test writes the column directly as its fixture.
  await app.database.db.update(circles).set({ facilitatorId: facilitator.id }).where(eq(circles.id, circle.id));
  return { circleId: circle.id, facilitator, others };
}

/** Wall-clock parts of an instant in a zone, read with Intl. */
export function wall(at: string | Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace('GMT', '') || '+00:00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    weekday: get('weekday'),
    offset,
    iso: `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:00${offset}`,
  };
}

export const nextYear = () => new Date().getUTCFullYear() + 1;

export async function schedule(app: TestApp, who: TestMember, circleId: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/meetings`, headers: who.auth, payload });
}

export async function occurrences(app: TestApp, who: TestMember, circleId: string, from: string, to: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/meetings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, headers: who.auth });
  if (res.statusCode !== 200) throw new Error(`list failed: ${res.statusCode} ${res.body}`);
  return res.json().items as Array<Record<string, any>>;
}

/** Moves a circle's meetings (and what hangs on them) back in time: the API refuses past starts, so time passing is a fixture. */
export async function travelBack(app: TestApp, circleId: string, days: number) {
  const { sql } = await import('drizzle-orm');
  const by = sql.raw(`interval '${Math.trunc(days)} days'`);
  const db = app.database.db;
  await db.execute(sql`update meeting_series set starts_at = starts_at - ${by}, last_starts_at = last_starts_at - ${by}, recurrence = case when recurrence ? 'until' then recurrence - 'until' || jsonb_build_object('count', 260) else recurrence end where circle_id = ${circleId}`);
  await db.execute(sql`update meeting_occurrences set recurrence_id = recurrence_id - ${by}, starts_at = starts_at - ${by} where series_id in (select id from meeting_series where circle_id = ${circleId})`);
  await db.execute(sql`update agenda_items set recurrence_id = recurrence_id - ${by}, covered_recurrence_id = covered_recurrence_id - ${by} where circle_id = ${circleId}`);
  await db.execute(sql`update commitments set due_recurrence_id = due_recurrence_id - ${by} where circle_id = ${circleId}`);
}

/** A start on a whole minute, `hours` from now. */
export const soon = (hours = 1) => new Date(Math.ceil((Date.now() + hours * 3_600_000) / 60_000) * 60_000).toISOString();
