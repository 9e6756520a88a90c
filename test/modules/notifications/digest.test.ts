// Digests: built at the member's local hour (daily, or weekly on the configured weekday), once per local day, one mail per member.
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { rows, sql } from '../../../src/db/sql.js';
import { buildDigests } from '../../../src/modules/notifications/digest.js';
import { build, makeMember, TEST_CONFIG } from '../../helper.js';
import { notify } from './support.js';

const config = loadConfig({}, { ...TEST_CONFIG, DIGEST_HOUR: 8, DIGEST_WEEKDAY: 1 });

async function digestsOf(app: Awaited<ReturnType<typeof build>>, memberId: string) {
  return rows<{ data: { total: number; frequency: string; items: { kind: string }[] } }>(app.database.db, sql`select data from mail_outbox where member_id = ${memberId} and template = 'digest' order by created_at`);
}

t.test('the daily digest goes out at 08:00 local time: Tokyo and New York on their own clocks, once a day', async (t) => {
  const app = await build(t);
  const tokyo = await makeMember(app.database, { profile: { timezone: 'Asia/Tokyo' } });
  const newYork = await makeMember(app.database, { profile: { timezone: 'America/New_York' } });
  for (const m of [tokyo, newYork]) {
    // qa_answer defaults to the digest; two items each, nothing mailed at once.
    await notify(app, [1, 2].map((n) => ({ memberId: m.id, kind: 'qa_answer' as const, data: { questionTitle: `Question ${n}`, actorName: 'Dana', questionId: null } })));
  }
  t.same(await digestsOf(app, tokyo.id), [], 'digest-mode notifications are not mailed at once');

  // 2026-12-01 22:30 UTC = 07:30 in Tokyo (Dec 2), 17:30 in New York (Dec 1).
  await buildDigests(app.database, config, new Date('2026-12-01T22:30:00Z'));
  t.equal((await digestsOf(app, tokyo.id)).length, 0, 'Tokyo: 07:30 is before the digest hour');
  const ny = await digestsOf(app, newYork.id);
  t.equal(ny.length, 1, 'New York: 17:30 is past it');
  t.match(ny[0]!.data, { total: 2, frequency: 'daily' });
  t.equal(ny[0]!.data.items.length, 2);

  // 23:30 UTC = 08:30 in Tokyo: its digest goes; New York already had today's.
  await notify(app, { memberId: newYork.id, kind: 'qa_reply', data: { questionTitle: 'Later', actorName: 'Eli', questionId: null } });
  await buildDigests(app.database, config, new Date('2026-12-01T23:30:00Z'));
  t.equal((await digestsOf(app, tokyo.id)).length, 1, 'Tokyo at 08:30');
  t.equal((await digestsOf(app, newYork.id)).length, 1, 'New York: one digest per local day');

  // The next New York morning (08:05 EST = 13:05 UTC) carries the later item only.
  await buildDigests(app.database, config, new Date('2026-12-02T13:05:00Z'));
  const next = await digestsOf(app, newYork.id);
  t.equal(next.length, 2);
  t.match(next[1]!.data, { total: 1 });
  await buildDigests(app.database, config, new Date('2026-12-02T13:06:00Z'));
  t.equal((await digestsOf(app, newYork.id)).length, 2, 'nothing pending: no empty digest');
});

t.test('weekly digests wait for the local weekday; preferences choose immediate, digest or off', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database, { profile: { timezone: 'Europe/Berlin' } });
  const put = await app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: m.auth, payload: { digest: 'weekly', kinds: { matched: 'digest', qa_mention: 'off' } } });
  t.equal(put.statusCode, 200);
  await notify(app, [
    { memberId: m.id, kind: 'matched', data: { circleKind: 'pair' } },
    { memberId: m.id, kind: 'qa_mention', data: { questionTitle: 'Muted', questionId: null } },
  ]);
  const immediate = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from mail_outbox where member_id = ${m.id} and template = 'notification'`);
  t.equal(immediate[0]!.n, 0, 'neither is mailed at once');
  // 2026-12-05 is a Saturday: 10:00 in Berlin, not the weekly day.
  await buildDigests(app.database, config, new Date('2026-12-05T09:00:00Z'));
  t.equal((await digestsOf(app, m.id)).length, 0);
  // Monday 2026-12-07, 09:00 in Berlin.
  await buildDigests(app.database, config, new Date('2026-12-07T08:00:00Z'));
  const [weekly] = await digestsOf(app, m.id);
  t.match(weekly!.data, { frequency: 'weekly', total: 1 });
  t.same(weekly!.data.items.map((i) => i.kind), ['matched'], 'the muted kind is not in it');
});
