// Recurrence across DST: a monthly US series and a weekly European one keep their local time; a viewer elsewhere sees their own.
import tap from 'tap';
import { build } from '../../helper.js';
import { circleWithFacilitator, nextYear, occurrences, schedule, wall } from './support.js';

tap.test('a monthly "second Tuesday 9:00" America/Chicago series stays 9:00 in Chicago across both DST changes', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'Australia/Sydney']);
  const viewer = others[0]!;
  const y = nextYear();
  // 9:00 Chicago on 1 February (CST, UTC-6) = 15:00Z; the rule picks the second Tuesday of each month.
  const res = await schedule(app, facilitator, circleId, {
    title: 'Monthly planning',
    startsAt: `${y}-02-01T15:00:00Z`,
    durationMinutes: 90,
    timezone: 'America/Chicago',
    videoUrl: 'https://meet.example.test/plan',
    recurrence: { freq: 'monthly', byDay: ['2TU'], count: 11 },
  });
  t.equal(res.statusCode, 201, res.body);
  const series = res.json();
  t.match(series.rrule, /FREQ=MONTHLY/);

  const items = await occurrences(app, viewer, circleId, `${y}-01-01T00:00:00Z`, `${y}-12-31T23:59:59Z`);
  t.equal(items.length, 11, 'February to December');
  const utcHours = new Set<number>();
  for (const occ of items) {
    const chicago = wall(occ.startsAt, 'America/Chicago');
    t.equal(chicago.time, '09:00', `${occ.startsAt} is 9:00 in Chicago`);
    t.equal(chicago.weekday, 'Tue');
    const day = Number(chicago.date.slice(8));
    t.ok(day >= 8 && day <= 14, `${chicago.date} is a second Tuesday`);
    t.equal(occ.seriesLocal.startsAt, chicago.iso, 'seriesLocal is the Chicago wall time with its offset');
    // The viewer reads it in Sydney, whose DST runs the other way round.
    t.equal(occ.local.timezone, 'Australia/Sydney');
    t.equal(occ.local.startsAt, wall(occ.startsAt, 'Australia/Sydney').iso, 'local is the Sydney wall time');
    t.equal(new Date(occ.endsAt).getTime() - new Date(occ.startsAt).getTime(), 90 * 60_000);
    utcHours.add(new Date(occ.startsAt).getUTCHours());
  }
  t.same([...utcHours].sort(), [14, 15], 'UTC start moves by an hour: CST (15:00Z) and CDT (14:00Z)');
  const march = items.find((o) => wall(o.startsAt, 'America/Chicago').date.slice(5, 7) === '03')!;
  const april = items.find((o) => wall(o.startsAt, 'America/Chicago').date.slice(5, 7) === '04')!;
  t.equal(new Date(march.startsAt).getUTCHours(), 15, 'second Tuesday of March is before the US change (second Sunday)');
  t.equal(new Date(april.startsAt).getUTCHours(), 14, 'April is on daylight time');
  const november = items.find((o) => wall(o.startsAt, 'America/Chicago').date.slice(5, 7) === '11')!;
  t.equal(new Date(november.startsAt).getUTCHours(), 15, 'November is back on standard time');
  t.not(wall(march.startsAt, 'Australia/Sydney').offset, wall(april.startsAt, 'Australia/Sydney').offset, 'Sydney changed its offset in between too');
});

tap.test('a weekly Monday 18:00 Europe/Berlin series across the spring and autumn changes, seen from Tokyo and New York', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['Europe/Berlin', 'Asia/Tokyo', 'America/New_York']);
  const y = nextYear();
  const base = { durationMinutes: 60, timezone: 'Europe/Berlin', location: 'Studio 2, Hauptstraße 5' };
  // From mid-March to mid-April (EU summer time starts on the last Sunday of March), and October to November.
  const spring = await schedule(app, facilitator, circleId, { ...base, startsAt: `${y}-03-15T17:00:00Z`, recurrence: { freq: 'weekly', byDay: ['MO'], until: `${y}-04-19` } });
  t.equal(spring.statusCode, 201, spring.body);
  const autumn = await schedule(app, facilitator, circleId, { ...base, startsAt: `${y}-10-11T16:00:00Z`, recurrence: { freq: 'weekly', interval: 1, count: 5 } });
  t.equal(autumn.statusCode, 201, autumn.body);

  for (const viewer of others) {
    const zone = viewer === others[0] ? 'Asia/Tokyo' : 'America/New_York';
    const items = await occurrences(app, viewer, circleId, `${y}-01-01T00:00:00Z`, `${y}-12-31T23:59:59Z`);
    t.ok(items.length >= 10, `${items.length} occurrences`);
    const offsets = new Set<string>();
    for (const occ of items) {
      const berlin = wall(occ.startsAt, 'Europe/Berlin');
      t.equal(berlin.time, '18:00', `${occ.startsAt} is 18:00 in Berlin`);
      t.equal(berlin.weekday, 'Mon');
      offsets.add(berlin.offset);
      t.equal(occ.local.timezone, zone);
      t.equal(occ.local.startsAt, wall(occ.startsAt, zone).iso);
    }
    t.same([...offsets].sort(), ['+01:00', '+02:00'], 'both winter and summer time occur');
  }
});

tap.test('a weekly 1:30 meeting across the night DST repeats 1:30 happens once a week, at 1:30', async (t) => {
  const app = await build(t);
  const { circleId, facilitator } = await circleWithFacilitator(app, ['America/Chicago']);
  const y = nextYear();
  // Weekly Sunday 1:30 local across the US autumn change (1:30 happens twice that night): one occurrence per week, never two.
  const res = await schedule(app, facilitator, circleId, { startsAt: `${y}-10-20T06:30:00Z`, durationMinutes: 30, timezone: 'America/Chicago', recurrence: { freq: 'weekly', byDay: ['SU'], count: 4 } });
  t.equal(res.statusCode, 201, res.body);
  const items = await occurrences(app, facilitator, circleId, `${y}-10-01T00:00:00Z`, `${y}-12-01T00:00:00Z`);
  t.equal(items.length, 4);
  for (const occ of items) t.equal(wall(occ.startsAt, 'America/Chicago').time, '01:30');
  t.equal(new Set(items.map((o) => wall(o.startsAt, 'America/Chicago').date)).size, 4, 'four different Sundays');
  // On the night 1:30 happens twice (the first Sunday of November), the first one (daylight time, UTC-5) is meant.
  const doubled = items.find((o) => { const w = wall(o.startsAt, 'America/Chicago'); return w.date.slice(5, 7) === '11' && Number(w.date.slice(8)) <= 7; });
  t.ok(doubled, 'one occurrence falls on the fall-back night');
  t.equal(wall(doubled!.startsAt, 'America/Chicago').offset, '-05:00', 'the first 1:30 of that night');
});
