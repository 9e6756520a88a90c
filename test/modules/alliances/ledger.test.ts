// The ledger: outside and shared alliances, both sides of a shared one with private notes never crossing, reviews, bad input.
import tap from 'tap';
import { build, makeMember, type TestMember } from '../../helper.js';
import { place } from '../matching/support.js';

type App = Awaited<ReturnType<typeof build>>;
const call = (app: App, who: TestMember, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

tap.test('an outside alliance is active at once and mine alone; reviews move the next review date', async (t) => {
  const app = await build(t);
  const owner = await makeMember(app.database, { profile: place(1) });
  const other = await makeMember(app.database, { profile: place(2) });
  const res = await call(app, owner, 'POST', '/me/alliances', {
    partner: { name: "St. Mary's Sports Medicine", kind: 'physician_practice', city: 'Cleveland', state: 'Ohio' },
    type: 'referral_exchange',
    startedOn: day(-200),
    cadence: 'quarterly',
    nextReviewOn: day(-3),
    notes: 'Dr. Lee prefers faxed plans of care',
  });
  t.equal(res.statusCode, 201, res.body);
  const a = res.json();
  t.match(a, { role: 'owner', shared: false, status: 'active', partner: { name: "St. Mary's Sports Medicine", kind: 'physician_practice' }, notes: 'Dr. Lee prefers faxed plans of care', reviewOverdue: true, circleId: null });
  t.equal((await call(app, other, 'GET', `/alliances/${a.id}`)).statusCode, 404, 'another member cannot see it');
  t.equal((await call(app, other, 'PATCH', `/alliances/${a.id}`, { notes: 'mine now' })).statusCode, 404, "nobody edits another's notes");

  const review = await call(app, owner, 'POST', `/alliances/${a.id}/reviews`, { reviewedOn: day(0), benefitToMe: 4, benefitToPartner: 3, referralsSent: 2, referralsReceived: 7, note: 'Ask for a lunch-and-learn' });
  t.equal(review.statusCode, 201, review.body);
  const after = (await call(app, owner, 'GET', `/alliances/${a.id}`)).json();
  t.ok(after.nextReviewOn > day(80), `next review moved a quarter on (${after.nextReviewOn})`);
  t.equal(after.reviewOverdue, false);

  const bad: Array<[object, number, string]> = [
    [{ reviewedOn: day(2), benefitToMe: 3, benefitToPartner: 3 }, 400, 'REVIEW_IN_FUTURE'],
    [{ reviewedOn: day(0), benefitToMe: 6, benefitToPartner: 3 }, 400, 'VALIDATION_FAILED'],
    [{ reviewedOn: day(0), benefitToMe: 0, benefitToPartner: 3 }, 400, 'VALIDATION_FAILED'],
    [{ reviewedOn: 'yesterday', benefitToMe: 3, benefitToPartner: 3 }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [payload, status, code] of bad) {
    const r = await call(app, owner, 'POST', `/alliances/${a.id}/reviews`, payload);
    t.equal(r.statusCode, status, r.body);
    t.equal(r.json().code, code);
  }
  t.equal((await call(app, owner, 'GET', `/alliances/${a.id}/reviews`)).json().items.length, 1, 'no bad review was stored');
  t.equal((await call(app, owner, 'DELETE', `/alliances/${a.id}`)).statusCode, 204);
  t.equal((await call(app, owner, 'GET', `/alliances/${a.id}`)).statusCode, 404);
});

tap.test('a shared alliance: one record, both sides, private notes never cross, the partner confirms, either side pauses or ends', async (t) => {
  const app = await build(t);
  const town = place(5);
  const pt = await makeMember(app.database, { displayName: 'Pat PT', profile: { ...town, practiceType: 'outpatient_orthopedic', services: ['outpatient_orthopedic'] } });
  const ot = await makeMember(app.database, { displayName: 'Olive OT', profile: { ...town, practiceType: 'occupational_therapy', services: ['occupational_therapy'] } });
  const outsider = await makeMember(app.database, { profile: place(9) });

  const made = await call(app, pt, 'POST', '/me/alliances', { partner: { memberId: ot.id }, type: 'joint_planning', cadence: 'monthly', notes: 'PT side: they under-refer for hands' });
  t.equal(made.statusCode, 201, made.body);
  const a = made.json();
  t.match(a, { role: 'owner', shared: true, status: 'proposed', confirmedByMe: true, confirmedByPartner: false, partner: { memberId: ot.id, displayName: 'Olive OT' }, warnings: [] });
  t.ok(a.circleId, 'a room of its own');

  // The partner sees the same record from their side, without the owner's notes.
  const seen = await call(app, ot, 'GET', `/alliances/${a.id}`);
  t.equal(seen.statusCode, 200);
  t.match(seen.json(), { role: 'partner', status: 'proposed', partner: { memberId: pt.id }, notes: null, confirmedByMe: false });
  t.notMatch(seen.body, /under-refer/, "the owner's notes never reach the partner");
  const otLedger = await call(app, ot, 'GET', '/me/alliances');
  t.ok(otLedger.json().items.some((x: { id: string }) => x.id === a.id), "it is in the partner's ledger too");

  // Confirming: not the owner, not a stranger.
  t.equal((await call(app, pt, 'POST', `/alliances/${a.id}/confirm`)).statusCode, 404, 'the proposer cannot confirm');
  t.equal((await call(app, outsider, 'POST', `/alliances/${a.id}/confirm`)).statusCode, 404);
  const confirmed = await call(app, ot, 'POST', `/alliances/${a.id}/confirm`);
  t.equal(confirmed.statusCode, 200, confirmed.body);
  t.match(confirmed.json(), { status: 'active', confirmedByMe: true, confirmedByPartner: true });
  t.ok(confirmed.json().startedOn, 'the start date is set on confirmation');

  const kindsOf = async (who: TestMember) => ((await call(app, who, 'GET', '/me/notifications?limit=50')).json().items as Array<{ kind: string }>).map((n) => n.kind);
  t.ok((await kindsOf(ot)).includes('alliance_proposed'), 'the partner was told of the proposal');
  t.ok((await kindsOf(pt)).includes('alliance_confirmed'), 'the owner was told of the confirmation');

  // Each side writes its own notes; neither sees the other's.
  t.equal((await call(app, ot, 'PATCH', `/alliances/${a.id}`, { notes: 'OT side: PT front desk is slow to send notes' })).statusCode, 200);
  const ptView = (await call(app, pt, 'GET', `/alliances/${a.id}`)).json();
  const otView = (await call(app, ot, 'GET', `/alliances/${a.id}`)).json();
  t.equal(ptView.notes, 'PT side: they under-refer for hands');
  t.equal(otView.notes, 'OT side: PT front desk is slow to send notes');

  // The joint-planning room: the alliance's circle holds meetings like any circle.
  const meeting = await app.inject({
    method: 'POST',
    url: `/api/v1/circles/${a.circleId}/meetings`,
    headers: (await makeMember(app.database)).auth,
    payload: { startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 30, timezone: 'UTC' },
  });
  t.equal(meeting.statusCode, 404, 'outsiders cannot reach the alliance circle');
  // Either party schedules the letter's example: a monthly planning meeting.
  const planning = await app.inject({
    method: 'POST',
    url: `/api/v1/circles/${a.circleId}/meetings`,
    headers: ot.auth,
    payload: { title: 'Monthly planning', startsAt: new Date(Math.ceil((Date.now() + 7 * 86_400_000) / 60_000) * 60_000).toISOString(), durationMinutes: 60, timezone: 'America/Chicago', recurrence: { freq: 'monthly', count: 12 } },
  });
  t.equal(planning.statusCode, 201, planning.body);
  const list = await app.inject({ method: 'GET', url: `/api/v1/circles/${a.circleId}/meetings`, headers: pt.auth });
  t.equal(list.statusCode, 200, 'both parties reach its meetings');
  t.ok(list.json().items.length >= 2, 'the monthly planning meetings are listed for the other party');

  // Reviews side by side; notes in reviews stay with their author.
  t.equal((await call(app, pt, 'POST', `/alliances/${a.id}/reviews`, { reviewedOn: day(-1), benefitToMe: 4, benefitToPartner: 4, note: 'PT private: ask for more hand referrals' })).statusCode, 201);
  t.equal((await call(app, ot, 'POST', `/alliances/${a.id}/reviews`, { reviewedOn: day(0), benefitToMe: 2, benefitToPartner: 5, note: 'OT private: we give more than we get' })).statusCode, 201);
  const withBalance = await call(app, pt, 'GET', `/alliances/${a.id}`);
  t.match(withBalance.json().balance, { mine: { benefitToMe: 4, note: 'PT private: ask for more hand referrals' }, theirs: { benefitToMe: 2, note: null }, balanced: false });
  t.notMatch(withBalance.body, /OT private|OT side/, "the partner's private words never reach the owner");
  const otReviews = await call(app, ot, 'GET', `/alliances/${a.id}/reviews`);
  t.notMatch(otReviews.body, /PT private/);
  t.equal(otReviews.json().items.length, 2);

  // Either side pauses or ends it.
  t.equal((await call(app, ot, 'PATCH', `/alliances/${a.id}`, { status: 'paused' })).json().status, 'paused');
  t.equal((await call(app, pt, 'PATCH', `/alliances/${a.id}`, { status: 'active' })).json().status, 'active');
  t.equal((await call(app, pt, 'DELETE', `/alliances/${a.id}`)).statusCode, 204);
  t.equal((await call(app, ot, 'GET', `/alliances/${a.id}`)).json().status, 'ended', 'a shared alliance ends for both');
  t.equal((await call(app, ot, 'PATCH', `/alliances/${a.id}`, { status: 'active' })).statusCode, 409);
  t.equal((await call(app, outsider, 'PATCH', `/alliances/${a.id}`, { status: 'paused' })).statusCode, 404);
});

tap.test('bad input: myself, an unknown member, a competitor (kept, with a warning), a duplicate', async (t) => {
  const app = await build(t);
  const town = place(7);
  const me = await makeMember(app.database, { profile: { ...town, practiceType: 'outpatient_orthopedic', services: ['outpatient_orthopedic'] } });
  const rival = await makeMember(app.database, { displayName: 'Rival Rehab', profile: { ...town, practiceType: 'outpatient_orthopedic', services: ['outpatient_orthopedic'] } });
  const self = await call(app, me, 'POST', '/me/alliances', { partner: { memberId: me.id }, type: 'other' });
  t.equal(self.statusCode, 400);
  t.equal(self.json().code, 'SELF_PARTNER');
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { memberId: '00000000-0000-4000-8000-000000000000' }, type: 'other' })).statusCode, 404);
  const pending = await makeMember(app.database, { status: 'pending' });
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { memberId: pending.id }, type: 'other' })).statusCode, 404);
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { name: 'Gym', kind: 'spaceship' }, type: 'other' })).statusCode, 400);
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { name: '<script>', kind: 'other' }, type: 'other' })).statusCode, 400);
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { memberId: rival.id, name: 'both' }, type: 'other' })).statusCode, 400);
  t.equal((await call(app, me, 'POST', '/me/alliances', { partner: { name: 'Gym', kind: 'fitness_wellness' }, type: 'friendship' })).statusCode, 400);
  t.equal((await call(app, me, 'GET', '/me/alliances')).json().items.length, 0, 'nothing was written');

  const competitor = await call(app, me, 'POST', '/me/alliances', { partner: { memberId: rival.id }, type: 'shared_staff_training' });
  t.equal(competitor.statusCode, 201, 'a competitor is allowed');
  t.match(competitor.json().warnings, [/^COMPETITOR: Rival Rehab/]);
  const dup = await call(app, me, 'POST', '/me/alliances', { partner: { memberId: rival.id }, type: 'shared_staff_training' });
  t.equal(dup.statusCode, 409);
  const reverse = await call(app, rival, 'POST', '/me/alliances', { partner: { memberId: me.id }, type: 'shared_staff_training' });
  t.equal(reverse.statusCode, 409, 'the same alliance the other way round is a duplicate too');
  const page = await call(app, me, 'GET', '/me/alliances?status=proposed&limit=1');
  t.equal(page.json().items.length, 1);
  t.equal((await call(app, me, 'GET', '/me/alliances?status=unknown')).statusCode, 400);
});
