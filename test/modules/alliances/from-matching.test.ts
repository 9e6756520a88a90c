// From matching: publishing an alliances round proposes ledger entries; accepting the alliance circle confirms them.
import tap from 'tap';
import { build, makeMember } from '../../helper.js';
import { place, post, withAdmin } from '../matching/support.js';

tap.test('round publish → proposed ledger entries for both owners → both accept the circle → active', async (t) => {
  const ctx = await withAdmin(await build(t));
  const { app } = ctx;
  const town = place(11);
  const pt = await makeMember(app.database, { profile: { ...town, practiceType: 'outpatient_orthopedic', services: ['outpatient_orthopedic'], goals: ['community_partnerships'], wants: ['alliance'] } });
  const ot = await makeMember(app.database, { profile: { ...town, practiceType: 'occupational_therapy', services: ['occupational_therapy'], goals: ['grow_referrals'], wants: ['alliance'] } });
  const round = await post(ctx, '/admin/matching/rounds', { mode: 'alliances', memberIds: [pt.id, ot.id] });
  t.equal(round.statusCode, 201, round.body);
  const published = await post(ctx, `/admin/matching/rounds/${round.json().id}/publish`, {});
  t.equal(published.statusCode, 200, published.body);

  const ledger = async (who: typeof pt) => (await app.inject({ method: 'GET', url: '/api/v1/me/alliances', headers: who.auth })).json().items as Array<Record<string, any>>;
  const [fromPt] = await ledger(pt);
  const [fromOt] = await ledger(ot);
  t.ok(fromPt && fromOt, 'the entry is in both ledgers');
  t.equal(fromPt!.id, fromOt!.id, 'one shared record');
  t.match(fromPt, { source: 'matching', status: 'proposed', shared: true, type: 'referral_exchange', confirmedByMe: false, confirmedByPartner: false });
  const circleId = fromPt!.circleId as string;
  t.ok(circleId, 'the alliance circle backs it');

  const accept1 = await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/accept`, headers: pt.auth });
  t.equal(accept1.statusCode, 200, accept1.body);
  t.match((await ledger(pt))[0], { status: 'proposed', confirmedByMe: true, confirmedByPartner: false });
  const accept2 = await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/accept`, headers: ot.auth });
  t.equal(accept2.statusCode, 200, accept2.body);
  const active = (await ledger(ot))[0]!;
  t.match(active, { status: 'active', confirmedByMe: true, confirmedByPartner: true });
  t.ok(active.startedOn);
  // Accepting again changes nothing.
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/accept`, headers: ot.auth })).statusCode, 200);
  t.equal((await ledger(ot))[0]!.status, 'active');
});

tap.test('declining the alliance circle ends the proposed entry; confirming in the ledger accepts the seat', async (t) => {
  const ctx = await withAdmin(await build(t));
  const { app } = ctx;
  const mk = async (i: number, practiceType: 'outpatient_orthopedic' | 'occupational_therapy' | 'speech_language' | 'pediatric') =>
    makeMember(app.database, { profile: { ...place(i), practiceType, services: [practiceType], goals: ['community_partnerships'], wants: ['alliance'] } });
  const a = await mk(13, 'outpatient_orthopedic');
  const b = await mk(13, 'speech_language');
  const round = await post(ctx, '/admin/matching/rounds', { mode: 'alliances', memberIds: [a.id, b.id] });
  t.equal(round.statusCode, 201, round.body);
  t.equal((await post(ctx, `/admin/matching/rounds/${round.json().id}/publish`, {})).statusCode, 200);
  const entry = (await app.inject({ method: 'GET', url: '/api/v1/me/alliances', headers: a.auth })).json().items[0];
  // b confirms through the ledger: their seat in the circle is accepted too.
  const confirmed = await app.inject({ method: 'POST', url: `/api/v1/alliances/${entry.id}/confirm`, headers: b.auth });
  t.equal(confirmed.statusCode, 200, confirmed.body);
  t.match(confirmed.json(), { status: 'proposed', confirmedByMe: true, confirmedByPartner: false });
  const circle = await app.inject({ method: 'GET', url: `/api/v1/circles/${entry.circleId}`, headers: b.auth });
  t.equal(circle.json().myStatus ?? circle.json().status, 'accepted', circle.body);
  // a declines the circle: the alliance ends.
  const declined = await app.inject({ method: 'POST', url: `/api/v1/circles/${entry.circleId}/decline`, headers: a.auth });
  t.equal(declined.statusCode, 200, declined.body);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/alliances/${entry.id}`, headers: b.auth })).json().status, 'ended');
});
