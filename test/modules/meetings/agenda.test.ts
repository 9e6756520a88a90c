// Agenda items and commitments: proposals, coverage, carry-over to the next meeting, check-ins and follow-through.
import tap from 'tap';
import { build, makeMember } from '../../helper.js';
import { circleWithFacilitator, occurrences, schedule, soon, travelBack } from './support.js';

tap.test('uncovered items and open commitments carry over; the next meeting opens with the check-ins', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'America/New_York', 'Europe/London']);
  const [ana, ben] = others as [typeof others[0] & object, typeof others[0] & object];
  const made = await schedule(app, facilitator, circleId, { startsAt: soon(1), durationMinutes: 60, timezone: 'America/Chicago', recurrence: { freq: 'weekly', count: 4 } });
  t.equal(made.statusCode, 201, made.body);
  const wide = (await occurrences(app, ana, circleId, new Date(Date.now() - 30 * 86_400_000).toISOString(), new Date(Date.now() + 60 * 86_400_000).toISOString()));
  const first = wide[0]!.occurrenceId as string;

  const post = (who: typeof ana, occurrenceId: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1/meetings/${occurrenceId}/agenda`, headers: who.auth, payload });
  const x = await post(ana, first, { title: 'Front-desk turnover', note: 'Two resignations this quarter', minutes: 15 });
  t.equal(x.statusCode, 201, x.body);
  const y = await post(ben, first, { title: 'Cash-pay pricing', minutes: 10 });
  t.equal(y.statusCode, 201, y.body);
  t.ok(y.json().position > x.json().position, 'new items go to the end');

  const commit = (who: typeof ana, text: string, extra: object = {}) => app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: who.auth, payload: { text, ...extra } });
  const ca = await commit(ana, 'Post the job ad and interview two candidates');
  t.equal(ca.statusCode, 201, ca.body);
  t.equal(ca.json().dueOccurrenceId, first, 'due by the next meeting by default');
  const cb = await commit(ben, 'Publish the cash-pay price list');
  t.equal(cb.statusCode, 201);

  // The facilitator orders and covers; members cannot.
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${y.json().id}`, headers: ana.auth, payload: { covered: true } })).statusCode, 403);
  const moved = await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${y.json().id}`, headers: facilitator.auth, payload: { position: 0 } });
  t.equal(moved.statusCode, 200, moved.body);
  const agenda1 = await app.inject({ method: 'GET', url: `/api/v1/meetings/${first}/agenda`, headers: ben.auth });
  t.equal(agenda1.statusCode, 200, agenda1.body);
  t.same(agenda1.json().items.map((i: { title: string }) => i.title), ['Cash-pay pricing', 'Front-desk turnover'], 'ordered by the facilitator');
  t.same(agenda1.json().checkIns.map((c: { memberId: string }) => c.memberId).sort(), [ana.id, ben.id].sort(), 'both commitments are check-ins');

  const covered = await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${y.json().id}`, headers: facilitator.auth, payload: { covered: true, facilitatorNotes: 'Agreed: publish by the 15th' } });
  t.equal(covered.statusCode, 200, covered.body);
  t.equal(covered.json().coveredIn, first);
  // The author can no longer edit a covered item.
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${y.json().id}`, headers: ben.auth, payload: { title: 'x' } })).statusCode, 409);

  // Six days later: the first meeting is long over, the second is tomorrow.
  await travelBack(app, circleId, 6);
  const after = await occurrences(app, ana, circleId, new Date(Date.now() - 30 * 86_400_000).toISOString(), new Date(Date.now() + 60 * 86_400_000).toISOString());
  const [past, next] = [after[0]!.occurrenceId as string, after[1]!.occurrenceId as string];
  const agenda2 = (await app.inject({ method: 'GET', url: `/api/v1/meetings/${next}/agenda`, headers: ana.auth })).json();
  t.same(agenda2.items.map((i: { title: string; carriedOver: boolean }) => [i.title, i.carriedOver]), [['Front-desk turnover', true]], 'the uncovered item carried over, the covered one did not');
  t.same(agenda2.checkIns.map((c: { memberId: string }) => c.memberId).sort(), [ana.id, ben.id].sort(), 'open commitments open the next meeting');
  const agendaPast = (await app.inject({ method: 'GET', url: `/api/v1/meetings/${past}/agenda`, headers: ana.auth })).json();
  t.ok(agendaPast.items.some((i: { title: string; covered: boolean }) => i.title === 'Cash-pay pricing' && i.covered), 'the past meeting keeps what it covered');

  // Check-ins: the authors resolve their own commitments; nobody else can.
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/commitments/${ca.json().id}`, headers: ben.auth, payload: { status: 'done' } })).statusCode, 403);
  const stranger = await makeMember(app.database);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/commitments/${ca.json().id}`, headers: stranger.auth, payload: { status: 'done' } })).statusCode, 404);
  const done = await app.inject({ method: 'PATCH', url: `/api/v1/commitments/${ca.json().id}`, headers: ana.auth, payload: { status: 'done', note: 'Hired one, second interview next week' } });
  t.equal(done.statusCode, 200, done.body);
  t.equal(done.json().status, 'done');
  t.ok(done.json().resolvedAt);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/commitments/${cb.json().id}`, headers: ben.auth, payload: { status: 'partly' } })).statusCode, 200);
  const agenda2b = (await app.inject({ method: 'GET', url: `/api/v1/meetings/${next}/agenda`, headers: ben.auth })).json();
  t.same(
    agenda2b.checkIns.map((c: { memberId: string; status: string }) => [c.memberId, c.status]).sort(),
    [[ana.id, 'done'], [ben.id, 'partly']].sort(),
    'resolved check-ins stay on the meeting where they were checked in',
  );

  // A new commitment is due by the next meeting; history shows the follow-through rate.
  const again = await commit(ana, 'Second hire');
  t.equal(again.json().dueOccurrenceId, next);
  const history = await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments?memberId=${ana.id}`, headers: ben.auth });
  t.equal(history.statusCode, 200, history.body);
  t.equal(history.json().items.length, 2);
  t.match(history.json().followThrough, { memberId: ana.id, resolved: 1, done: 1, open: 1, rate: 1 });
  const benHistory = (await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments?memberId=${ben.id}&status=partly`, headers: ana.auth })).json();
  t.equal(benHistory.followThrough.rate, 0.5);
  t.equal(benHistory.items.length, 1);
  const paged = (await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments?limit=1`, headers: ana.auth })).json();
  t.equal(paged.items.length, 1);
  t.ok(paged.nextCursor);
  const page2 = (await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments?limit=1&cursor=${paged.nextCursor}`, headers: ana.auth })).json();
  t.not(page2.items[0].id, paged.items[0].id);
});

tap.test('agenda and commitment bad input: cancelled meeting, foreign question, other circle, stranger', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'America/Denver']);
  const member = others[0]!;
  const other = await circleWithFacilitator(app, ['Europe/Paris', 'Europe/Rome']);
  const made = await schedule(app, facilitator, circleId, { startsAt: soon(2), durationMinutes: 30, timezone: 'America/Denver', recurrence: { freq: 'weekly', count: 3 } });
  const [o1, o2] = made.json().occurrences as Array<{ occurrenceId: string }>;
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/meetings/${o2!.occurrenceId}/cancel`, headers: facilitator.auth })).statusCode, 200);
  const onCancelled = await app.inject({ method: 'POST', url: `/api/v1/meetings/${o2!.occurrenceId}/agenda`, headers: member.auth, payload: { title: 'x' } });
  t.equal(onCancelled.statusCode, 409);
  t.equal(onCancelled.json().code, 'MEETING_CANCELLED');
  // Someone else's question.
  const q = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: facilitator.auth, payload: { title: 'How do you price cash-pay visits?', body: 'We are moving part of the practice to cash-pay and wonder how others set prices.', tags: ['pricing'] } });
  if (q.statusCode === 201) {
    const foreign = await app.inject({ method: 'POST', url: `/api/v1/meetings/${o1!.occurrenceId}/agenda`, headers: member.auth, payload: { title: 'Pricing', questionId: q.json().id } });
    t.equal(foreign.statusCode, 400);
    const own = await app.inject({ method: 'POST', url: `/api/v1/meetings/${o1!.occurrenceId}/agenda`, headers: facilitator.auth, payload: { title: 'Pricing', questionId: q.json().id } });
    t.equal(own.statusCode, 201, own.body);
  } else t.fail(`question not created: ${q.body}`);
  // Agenda item or commitment on a circle not mine: 404, nothing written.
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/meetings/${o1!.occurrenceId}/agenda`, headers: other.facilitator.auth, payload: { title: 'x' } })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: other.facilitator.auth, payload: { text: 'x' } })).statusCode, 404);
  // A due occurrence of another circle, a malformed one.
  const otherMade = await schedule(app, other.facilitator, other.circleId, { startsAt: soon(3), durationMinutes: 30, timezone: 'Europe/Paris' });
  const foreignDue = await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: member.auth, payload: { text: 'x', dueOccurrenceId: otherMade.json().occurrences[0].occurrenceId } });
  t.equal(foreignDue.statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: member.auth, payload: { text: 'x', dueOccurrenceId: 'nope' } })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: member.auth, payload: { text: '' } })).statusCode, 400);
  const list = (await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments`, headers: member.auth })).json();
  t.equal(list.items.length, 0, 'nothing was written');
});
