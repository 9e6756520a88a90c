// Wall-clock times in a named zone (the admin's profile zone) to and from instants, across daylight-saving changes.
import t from 'tap';
import { isoToZoned, zonedToIso } from '../../web/src/zoned-time.js';

t.test('a wall time in a zone is the right instant, in winter, in summer and on both sides of a change', async (t) => {
  t.equal(zonedToIso('2031-01-15T09:30', 'America/Chicago'), '2031-01-15T15:30:00.000Z', 'CST is UTC-6');
  t.equal(zonedToIso('2031-07-15T09:30', 'America/Chicago'), '2031-07-15T14:30:00.000Z', 'CDT is UTC-5');
  t.equal(zonedToIso('2031-03-09T01:30', 'America/New_York'), '2031-03-09T06:30:00.000Z', 'just before the spring change');
  t.equal(zonedToIso('2031-03-09T03:30', 'America/New_York'), '2031-03-09T07:30:00.000Z', 'just after it');
  t.equal(zonedToIso('2031-06-01T12:00', 'Asia/Kolkata'), '2031-06-01T06:30:00.000Z', 'half-hour offsets');
  t.equal(zonedToIso('2031-06-01T12:00', 'UTC'), '2031-06-01T12:00:00.000Z');
  t.equal(zonedToIso('2031-06-01', 'UTC'), null, 'a date without a time is refused');
  t.equal(zonedToIso('tomorrow', 'UTC'), null);
  t.equal(zonedToIso('2031-06-01T12:00', 'Not/A_Zone'), new Date(2031, 5, 1, 12, 0).toISOString(), 'an unknown zone falls back to the local one');
});

t.test('an instant shown as wall time in a zone round-trips', async (t) => {
  t.equal(isoToZoned('2031-01-15T15:30:00.000Z', 'America/Chicago'), '2031-01-15T09:30');
  t.equal(isoToZoned('2031-07-15T14:30:00.000Z', 'America/Chicago'), '2031-07-15T09:30');
  for (const iso of ['2031-11-02T05:59:00.000Z', '2031-11-02T07:01:00.000Z', '2030-02-28T23:59:00.000Z']) {
    t.equal(zonedToIso(isoToZoned(iso, 'America/Denver'), 'America/Denver'), iso, `round trip of ${iso}`);
  }
});
