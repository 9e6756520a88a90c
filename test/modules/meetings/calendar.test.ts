// The iCalendar feed, parsed back with node-ical (an independent parser) and checked event by event; rotation; per-occurrence .ics.
import ical from 'node-ical';
import tap from 'tap';
import { build, makeMember } from '../../helper.js';
import { circleWithFacilitator, nextYear, occurrences, schedule, wall } from './support.js';

type VEvent = { type: string; uid: string; start: Date & { tz?: string }; end: Date & { tz?: string }; sequence?: string | number; status?: string; summary?: string; location?: string };

function events(body: string): VEvent[] {
  return Object.values(ical.sync.parseICS(body)).filter((c) => (c as { type?: string }).type === 'VEVENT') as unknown as VEvent[];
}

tap.test('the feed lists every occurrence with a stable UID, its zone, SEQUENCE bumps and STATUS:CANCELLED', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'Europe/Berlin']);
  const member = others[0]!;
  const y = nextYear();
  const made = await schedule(app, facilitator, circleId, {
    title: 'Monthly planning',
    startsAt: `${y}-02-01T15:00:00Z`,
    durationMinutes: 60,
    timezone: 'America/Chicago',
    location: 'Room 4, 100 Main St.',
    recurrence: { freq: 'monthly', byDay: ['TU'], bySetPos: 2, count: 6 },
  });
  t.equal(made.statusCode, 201, made.body);

  const urlRes = await app.inject({ method: 'GET', url: '/api/v1/me/calendar', headers: member.auth });
  t.equal(urlRes.statusCode, 200);
  const url = new URL(urlRes.json().url);
  t.match(url.pathname, /^\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const again = await app.inject({ method: 'GET', url: '/api/v1/me/calendar', headers: member.auth });
  t.equal(again.json().url, urlRes.json().url, 'the URL is stable until rotated');

  const list = await occurrences(app, member, circleId, `${y}-01-01T00:00:00Z`, `${y}-12-31T00:00:00Z`);
  t.equal(list.length, 6);
  // Move the third occurrence by a day, cancel the fourth.
  const moved = list[2]!;
  const cancelled = list[3]!;
  const movedTo = new Date(new Date(moved.startsAt).getTime() + 86_400_000).toISOString();
  const patch = await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${moved.occurrenceId}`, headers: facilitator.auth, payload: { scope: 'this', startsAt: movedTo } });
  t.equal(patch.statusCode, 200, patch.body);
  t.equal(patch.json().occurrenceId, moved.occurrenceId, 'a moved occurrence keeps its id');
  t.equal(patch.json().rescheduled, true);
  const cancel = await app.inject({ method: 'POST', url: `/api/v1/meetings/${cancelled.occurrenceId}/cancel`, headers: facilitator.auth, payload: { scope: 'this' } });
  t.equal(cancel.statusCode, 200, cancel.body);
  t.equal(cancel.json().status, 'cancelled');

  const feed = await app.inject({ method: 'GET', url: url.pathname });
  t.equal(feed.statusCode, 200, feed.body);
  t.match(feed.headers['content-type'], /^text\/calendar/);
  t.match(feed.body, /BEGIN:VTIMEZONE\r\nTZID:America\/Chicago/, 'a VTIMEZONE for the series zone');
  const parsed = events(feed.body);
  t.equal(parsed.length, 6, 'one VEVENT per occurrence');
  const byUid = new Map(parsed.map((e) => [e.uid, e]));
  for (const occ of list) {
    const ev = byUid.get(`${occ.occurrenceId}@practice-peers`);
    t.ok(ev, `event for ${occ.occurrenceId}`);
    if (!ev) continue;
    const start = occ === moved ? movedTo : occ.startsAt;
    t.equal(ev.start.getTime(), new Date(start).getTime(), 'DTSTART is the same instant');
    t.equal(ev.start.tz, 'America/Chicago', 'DTSTART carries the series zone');
    t.equal(wall(ev.start, 'America/Chicago').time, '09:00');
    t.equal(ev.end.getTime() - ev.start.getTime(), 3_600_000);
    t.equal(ev.summary, 'Monthly planning');
    t.equal(ev.location, 'Room 4, 100 Main St.');
    const expectSeq = occ === moved || occ === cancelled ? 1 : 0;
    t.equal(Number(ev.sequence), expectSeq, 'SEQUENCE counts the changes');
    t.equal(ev.status, occ === cancelled ? 'CANCELLED' : 'CONFIRMED');
  }

  // A second change to the same occurrence bumps SEQUENCE again; the UID stays.
  await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${moved.occurrenceId}`, headers: facilitator.auth, payload: { location: 'Room 5' } });
  const after = events((await app.inject({ method: 'GET', url: url.pathname })).body);
  const ev = after.find((e) => e.uid === `${moved.occurrenceId}@practice-peers`)!;
  t.equal(Number(ev.sequence), 2);
  t.equal(ev.location, 'Room 5');

  // The single-occurrence file.
  const one = await app.inject({ method: 'GET', url: `/api/v1/meetings/${list[0]!.occurrenceId}/event.ics`, headers: member.auth });
  t.equal(one.statusCode, 200);
  const oneEvents = events(one.body);
  t.equal(oneEvents.length, 1);
  t.equal(oneEvents[0]!.uid, `${list[0]!.occurrenceId}@practice-peers`);
  const stranger = await makeMember(app.database);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/meetings/${list[0]!.occurrenceId}/event.ics`, headers: stranger.auth })).statusCode, 404);

  // Rotating: the old URL is a 404 at once, the new one works.
  const rotated = await app.inject({ method: 'POST', url: '/api/v1/me/calendar/rotate', headers: member.auth });
  t.equal(rotated.statusCode, 200);
  t.not(rotated.json().url, urlRes.json().url);
  const old = await app.inject({ method: 'GET', url: url.pathname });
  t.equal(old.statusCode, 404);
  t.same(Object.keys(old.json()).sort(), ['code', 'message', 'statusCode']);
  t.equal((await app.inject({ method: 'GET', url: new URL(rotated.json().url).pathname })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/calendar/forged-token-forged-token-forged-token-1234.ics' })).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/calendar/x.ics' })).statusCode, 404);
});

tap.test('a member who leaves the circle drops out of its meetings at once, feed included', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'America/Denver']);
  const member = others[0]!;
  const y = nextYear();
  t.equal((await schedule(app, facilitator, circleId, { startsAt: `${y}-03-03T16:00:00Z`, durationMinutes: 45, timezone: 'America/Denver' })).statusCode, 201);
  const url = new URL((await app.inject({ method: 'GET', url: '/api/v1/me/calendar', headers: member.auth })).json().url);
  t.equal(events((await app.inject({ method: 'GET', url: url.pathname })).body).length, 1);
  const declined = await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/decline`, headers: member.auth });
  t.equal(declined.statusCode, 200, declined.body);
  t.equal(events((await app.inject({ method: 'GET', url: url.pathname })).body).length, 0, 'the feed no longer has it');
  const list = await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/meetings`, headers: member.auth });
  t.equal(list.statusCode, 404);
});
