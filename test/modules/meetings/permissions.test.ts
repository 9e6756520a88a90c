// Who may call each meetings route: anonymous, a stranger, a plain member, the facilitator, an admin outside the circle; and bad input.
import tap from 'tap';
import { build, makeAdmin, makeMember, type TestMember } from '../../helper.js';
import { circleWithFacilitator, occurrences, schedule, soon } from './support.js';

tap.test('the permission matrix of every meetings route', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'America/Denver', 'America/Phoenix']);
  const [member, author] = others as [TestMember, TestMember];
  const stranger = await makeMember(app.database);
  const admin = await makeAdmin(app.database);
  const made = await schedule(app, facilitator, circleId, { startsAt: soon(2), durationMinutes: 60, timezone: 'America/Chicago', recurrence: { freq: 'weekly', count: 10 } });
  t.equal(made.statusCode, 201, made.body);
  const occ = (made.json().occurrences as Array<{ occurrenceId: string }>).map((o) => o.occurrenceId);
  const item = await app.inject({ method: 'POST', url: `/api/v1/meetings/${occ[0]}/agenda`, headers: author.auth, payload: { title: 'Payer mix' } });
  const commitment = await app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, headers: author.auth, payload: { text: 'Call two payers' } });
  t.equal(item.statusCode, 201);
  t.equal(commitment.statusCode, 201);

  type Who = 'anon' | 'stranger' | 'member' | 'facilitator' | 'admin';
  const who: Record<Exclude<Who, 'anon'>, TestMember> = { stranger, member, facilitator, admin };
  const headers = (w: Who) => (w === 'anon' ? {} : who[w].auth);
  let n = 1;
  // Each row: route, a payload factory (fresh targets where a success would change state), expected status per caller.
  const rows: Array<{ name: string; call: (w: Who) => { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: object }; expect: Record<Who, number> }> = [
    { name: 'schedule', call: () => ({ method: 'POST', url: `/api/v1/circles/${circleId}/meetings`, payload: { startsAt: soon(5), durationMinutes: 30, timezone: 'UTC' } }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 201, admin: 201 } },
    { name: 'list', call: () => ({ method: 'GET', url: `/api/v1/circles/${circleId}/meetings` }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 200 } },
    { name: 'get occurrence', call: () => ({ method: 'GET', url: `/api/v1/meetings/${occ[0]}` }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 200 } },
    { name: 'reschedule', call: () => ({ method: 'PATCH', url: `/api/v1/meetings/${occ[1]}`, payload: { location: `Room ${n++}` } }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 200, admin: 200 } },
    { name: 'cancel', call: (w) => ({ method: 'POST', url: `/api/v1/meetings/${occ[w === 'admin' ? 3 : 2]}/cancel` }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 200, admin: 200 } },
    { name: 'rsvp', call: () => ({ method: 'PUT', url: `/api/v1/meetings/${occ[0]}/rsvp`, payload: { response: 'yes' } }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 404 } },
    { name: 'attendance', call: () => ({ method: 'POST', url: `/api/v1/meetings/${occ[0]}/attendance`, payload: { present: [member.id] } }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 200, admin: 200 } },
    { name: 'read agenda', call: () => ({ method: 'GET', url: `/api/v1/meetings/${occ[0]}/agenda` }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 200 } },
    { name: 'propose item', call: () => ({ method: 'POST', url: `/api/v1/meetings/${occ[0]}/agenda`, payload: { title: 'Hiring' } }), expect: { anon: 401, stranger: 404, member: 201, facilitator: 201, admin: 403 } },
    { name: 'cover item', call: () => ({ method: 'PATCH', url: `/api/v1/agenda-items/${item.json().id}`, payload: { facilitatorNotes: 'noted' } }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 200, admin: 200 } },
    { name: 'commit', call: () => ({ method: 'POST', url: `/api/v1/circles/${circleId}/commitments`, payload: { text: 'Do the thing' } }), expect: { anon: 401, stranger: 404, member: 201, facilitator: 201, admin: 403 } },
    { name: 'list commitments', call: () => ({ method: 'GET', url: `/api/v1/circles/${circleId}/commitments` }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 200 } },
    { name: "edit another's commitment", call: () => ({ method: 'PATCH', url: `/api/v1/commitments/${commitment.json().id}`, payload: { status: 'done' } }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 403, admin: 403 } },
    { name: 'event.ics', call: () => ({ method: 'GET', url: `/api/v1/meetings/${occ[0]}/event.ics` }), expect: { anon: 401, stranger: 404, member: 200, facilitator: 200, admin: 200 } },
    { name: 'my feed url', call: () => ({ method: 'GET', url: '/api/v1/me/calendar' }), expect: { anon: 401, stranger: 200, member: 200, facilitator: 200, admin: 200 } },
    { name: 'rotate', call: () => ({ method: 'POST', url: '/api/v1/me/calendar/rotate' }), expect: { anon: 401, stranger: 200, member: 200, facilitator: 200, admin: 200 } },
    { name: 'withdraw item', call: () => ({ method: 'DELETE', url: `/api/v1/agenda-items/${item.json().id}` }), expect: { anon: 401, stranger: 404, member: 403, facilitator: 204, admin: 404 } },
  ];
  for (const row of rows) {
    for (const w of ['anon', 'stranger', 'member', 'facilitator', 'admin'] as const) {
      const res = await app.inject({ ...row.call(w), headers: headers(w) });
      t.equal(res.statusCode, row.expect[w], `${row.name} as ${w}: ${res.statusCode} ${res.statusCode >= 400 ? res.body : ''}`);
      if (res.statusCode >= 400) t.same(Object.keys(res.json()).sort(), ['code', 'message', 'statusCode'], 'the error shape');
    }
  }
  // The author may edit and withdraw their own item.
  const mine = await app.inject({ method: 'POST', url: `/api/v1/meetings/${occ[0]}/agenda`, headers: author.auth, payload: { title: 'Mine' } });
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${mine.json().id}`, headers: author.auth, payload: { title: 'Mine, edited' } })).statusCode, 200);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/agenda-items/${mine.json().id}`, headers: member.auth, payload: { title: 'Not mine' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/agenda-items/${mine.json().id}`, headers: author.auth })).statusCode, 204);
});

tap.test('bad input to scheduling and RSVP is a clear 4xx and changes nothing', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['Europe/Dublin', 'Europe/Lisbon']);
  const member = others[0]!;
  const base = { startsAt: soon(3), durationMinutes: 60, timezone: 'Europe/Dublin' };
  const cases: Array<[string, object, number, string?]> = [
    ['starts in the past', { ...base, startsAt: new Date(Date.now() - 60_000).toISOString() }, 400, 'START_IN_PAST'],
    ['lasts 0 minutes', { ...base, durationMinutes: 0 }, 400, 'VALIDATION_FAILED'],
    ['unknown time zone', { ...base, timezone: 'Mars/Olympus_Mons' }, 400, 'VALIDATION_FAILED'],
    ['a start without a zone', { ...base, startsAt: '2031-01-01T09:00:00' }, 400, 'VALIDATION_FAILED'],
    ['daily is outside the subset', { ...base, recurrence: { freq: 'daily', count: 3 } }, 400, 'VALIDATION_FAILED'],
    ['BYMONTHDAY is outside the subset', { ...base, recurrence: { freq: 'monthly', byMonthDay: [1], count: 3 } }, 400, 'VALIDATION_FAILED'],
    ['ordinal weekday on a weekly rule', { ...base, recurrence: { freq: 'weekly', byDay: ['2TU'], count: 3 } }, 400, 'UNSUPPORTED_RECURRENCE'],
    ['bySetPos without byDay', { ...base, recurrence: { freq: 'monthly', bySetPos: 2, count: 3 } }, 400, 'UNSUPPORTED_RECURRENCE'],
    ['no end', { ...base, recurrence: { freq: 'weekly' } }, 400, 'UNBOUNDED_RECURRENCE'],
    ['count and until', { ...base, recurrence: { freq: 'weekly', count: 3, until: '2040-01-01' } }, 400, 'UNSUPPORTED_RECURRENCE'],
    ['until beyond five years', { ...base, recurrence: { freq: 'monthly', until: `${new Date().getUTCFullYear() + 7}-01-01` } }, 400, 'RECURRENCE_TOO_LONG'],
    ['count beyond five years', { ...base, recurrence: { freq: 'monthly', interval: 2, count: 40 } }, 400, 'RECURRENCE_TOO_LONG'],
    ['an unknown field', { ...base, colour: 'blue' }, 400, 'VALIDATION_FAILED'],
    ['a javascript: video link', { ...base, videoUrl: 'javascript:alert(1)' }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, payload, status, code] of cases) {
    const res = await schedule(app, facilitator, circleId, payload as Record<string, unknown>);
    t.equal(res.statusCode, status, `${name}: ${res.body}`);
    if (code) t.equal(res.json().code, code, name);
  }
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 399 * 86_400_000).toISOString();
  t.equal((await occurrences(app, member, circleId, from, to)).length, 0, 'nothing was scheduled');
  const tooWide = await app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/meetings?from=${from}&to=${new Date(Date.now() + 500 * 86_400_000).toISOString()}`, headers: member.auth });
  t.equal(tooWide.statusCode, 400);

  const ok = await schedule(app, facilitator, circleId, { ...base, recurrence: { freq: 'weekly', count: 260 } });
  t.equal(ok.statusCode, 201, `260 weekly meetings (under five years) are fine: ${ok.body}`);
  const first = ok.json().occurrences[0].occurrenceId as string;
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/meetings/${first}/cancel`, headers: facilitator.auth, payload: { scope: 'this' } })).statusCode, 200);
  const rsvp = await app.inject({ method: 'PUT', url: `/api/v1/meetings/${first}/rsvp`, headers: member.auth, payload: { response: 'yes' } });
  t.equal(rsvp.statusCode, 409);
  t.equal(rsvp.json().code, 'MEETING_CANCELLED');
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/meetings/${first}/rsvp`, headers: member.auth, payload: { response: 'perhaps' } })).statusCode, 400);
  const detail = (await app.inject({ method: 'GET', url: `/api/v1/meetings/${first}`, headers: member.auth })).json();
  t.same(detail.rsvps, [], 'no answer was stored');
  // Occurrence ids that name nothing.
  const seriesId = ok.json().id as string;
  for (const id of [`${seriesId}_20000101T000000Z`, 'not-an-id', `${seriesId}_20991301T000000Z`]) {
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/meetings/${id}`, headers: member.auth })).statusCode, 404, id);
  }
  // Moving one occurrence too far, or into the past.
  const second = ok.json().occurrences[1].occurrenceId as string;
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${second}`, headers: facilitator.auth, payload: { startsAt: new Date(Date.now() + 200 * 86_400_000).toISOString() } })).json().code, 'SHIFT_TOO_LARGE');
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${second}`, headers: facilitator.auth, payload: { startsAt: new Date(Date.now() - 86_400_000).toISOString() } })).json().code, 'START_IN_PAST');
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/meetings/${second}/attendance`, headers: facilitator.auth, payload: { present: [member.id] } })).json().code, 'MEETING_NOT_STARTED');
});

tap.test('this-and-following: a reschedule splits the series, a cancel marks every later occurrence', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Los_Angeles', 'America/Chicago']);
  const made = await schedule(app, facilitator, circleId, { startsAt: soon(4), durationMinutes: 60, timezone: 'America/Los_Angeles', recurrence: { freq: 'weekly', count: 6 } });
  const ids = (made.json().occurrences as Array<{ occurrenceId: string; startsAt: string }>);
  t.equal(ids.length, 6);
  const third = ids[2]!;
  const later = new Date(new Date(third.startsAt).getTime() + 2 * 3_600_000).toISOString();
  const split = await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${third.occurrenceId}`, headers: facilitator.auth, payload: { scope: 'following', startsAt: later, durationMinutes: 90 } });
  t.equal(split.statusCode, 200, split.body);
  t.not(split.json().seriesId, made.json().id, 'a new series carries the change');
  const all = await occurrences(app, others[0]!, circleId, new Date().toISOString(), new Date(Date.now() + 60 * 86_400_000).toISOString());
  t.equal(all.length, 6, 'still six meetings in all');
  t.same(all.map((o) => o.durationMinutes), [60, 60, 90, 90, 90, 90]);
  t.equal(all[2]!.startsAt, later);
  const cancel = await app.inject({ method: 'POST', url: `/api/v1/meetings/${all[4]!.occurrenceId}/cancel`, headers: facilitator.auth, payload: { scope: 'following' } });
  t.equal(cancel.statusCode, 200, cancel.body);
  const after = await occurrences(app, others[0]!, circleId, new Date().toISOString(), new Date(Date.now() + 60 * 86_400_000).toISOString());
  t.same(after.map((o) => o.status), ['scheduled', 'scheduled', 'scheduled', 'scheduled', 'cancelled', 'cancelled']);
  // The other members were notified of each step, in the same transactions.
  const inbox = await app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=50', headers: others[0]!.auth });
  t.equal(inbox.statusCode, 200, inbox.body);
  const kinds = (inbox.json().items as Array<{ kind: string }>).map((n) => n.kind);
  for (const kind of ['meeting_scheduled', 'meeting_changed', 'meeting_cancelled']) t.ok(kinds.includes(kind), `${kind} notified`);
  const own = (await app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=50', headers: facilitator.auth })).json();
  t.notOk((own.items as Array<{ kind: string }>).some((n) => n.kind.startsWith('meeting_')), 'the facilitator is not notified of their own changes');
  // The circle's room heard about each step.
  const room = await app.inject({ method: 'GET', url: `/api/v1/rooms/${circleId}/messages`, headers: others[0]!.auth });
  t.equal(room.statusCode, 200, room.body);
  const bodies = (room.json().items as Array<{ body: string | null }>).map((m) => m.body ?? '');
  t.ok(bodies.some((b) => /scheduled/.test(b)), 'scheduled');
  t.ok(bodies.some((b) => /moved/.test(b)), 'moved');
  t.ok(bodies.some((b) => /cancelled/.test(b)), 'cancelled');
});

tap.test('a start given with milliseconds is kept to the whole second, so its occurrences can be answered', async (t) => {
  const app = await build(t);
  const { circleId, facilitator, others } = await circleWithFacilitator(app, ['America/Chicago', 'Europe/Berlin']);
  const member = others[0]!;
  const startsAt = new Date(Date.parse(soon(3)) + 115).toISOString();
  t.match(startsAt, /\.\d{2}[1-9]Z$/, 'the start has milliseconds');
  const made = await schedule(app, facilitator, circleId, { startsAt, durationMinutes: 45, timezone: 'America/Chicago' });
  t.equal(made.statusCode, 201, made.body);
  const first = (made.json().occurrences as Array<{ occurrenceId: string; startsAt: string }>)[0]!;
  t.equal(first.startsAt, startsAt.replace(/\.\d{3}Z$/, '.000Z'));
  const rsvp = await app.inject({ method: 'PUT', url: `/api/v1/meetings/${first.occurrenceId}/rsvp`, headers: member.auth, payload: { response: 'yes' } });
  t.equal(rsvp.statusCode, 200, rsvp.body);
  const moved = await app.inject({ method: 'PATCH', url: `/api/v1/meetings/${first.occurrenceId}`, headers: facilitator.auth, payload: { startsAt: new Date(Date.parse(startsAt) + 3_600_000 + 7).toISOString(), scope: 'this' } });
  t.equal(moved.statusCode, 200, moved.body);
  const again = await app.inject({ method: 'GET', url: `/api/v1/meetings/${first.occurrenceId}`, headers: member.auth });
  t.equal(again.statusCode, 200, again.body);
});
