// Alliance reviews due: both parties of an active alliance are told once per review date.
import t from 'tap';
import { alliances } from '../../../src/db/schema/index.js';
import { rows, sql } from '../../../src/db/sql.js';
import { reviewsDue } from '../../../src/modules/alliances/index.js';
import { runAllianceReviews } from '../../../src/modules/notifications/reminders.js';
import { build, makeMember } from '../../helper.js';

t.test('a review due today notifies both parties once; a later review date does not yet', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database);
  const partner = await makeMember(app.database);
  const later = await makeMember(app.database);
  const [due] = await app.database.db
    .insert(alliances)
    .values({ ownerId: owner.id, partnerMemberId: partner.id, type: 'referral_exchange', status: 'active', nextReviewOn: '2026-12-01' })
    .returning();
  await app.database.db.insert(alliances).values({ ownerId: later.id, partnerName: 'Eastside Clinic', type: 'co_marketing', status: 'active', nextReviewOn: '2027-03-01' });
  const deps = { database: app.database, notifier: app.notifications.notifier, reviewsDue };
  const told = (memberId: string) => rows<{ data: { allianceId: string } }>(app.database.db, sql`select data from notifications where member_id = ${memberId} and kind = 'alliance_review_due'`);
  await runAllianceReviews(deps, new Date('2026-12-01T12:00:00Z'));
  await runAllianceReviews(deps, new Date('2026-12-01T12:15:00Z'));
  for (const m of [owner, partner]) {
    const list = await told(m.id);
    t.equal(list.length, 1, 'told once');
    t.equal(list[0]!.data.allianceId, due!.id);
  }
  t.same(await told(later.id), [], 'a review in March is not due');
});
