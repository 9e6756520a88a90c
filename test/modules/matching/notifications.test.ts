// Matching and members call the notifications port inside their transactions: matched on publish, seat answers, approvals and rejections.
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { EventHub } from '../../../src/lib/events.js';
import { createCirclesService } from '../../../src/modules/matching/circles.service.js';
import { createEngineRunner } from '../../../src/modules/matching/engine-runner.js';
import { createMatchingService } from '../../../src/modules/matching/matching.service.js';
import { createMembersService } from '../../../src/modules/members/members.service.js';
import type { NotificationInput, Notifier } from '../../../src/modules/notifications/port.js';
import { build, makeAdmin, makeMember, memberRow, TEST_CONFIG } from '../../helper.js';
import { ids, makePeers } from './support.js';

/** Records what would be written; `fail` makes the next call throw, as a failing outbox insert would. */
function recorder() {
  const calls: NotificationInput[] = [];
  const state = { fail: false };
  const notifier: Notifier = {
    async notify(_tx, input) {
      if (state.fail) throw new Error('outbox unavailable');
      calls.push(...(Array.isArray(input) ? input : [input]));
    },
  };
  return { calls, state, notifier };
}

t.test('publish notifies every seated member; answers notify the rest of the circle; a failing notifier rolls the cause back', async (t) => {
  const app = await build(t);
  const { database } = app;
  const config = loadConfig({}, TEST_CONFIG);
  const events = new EventHub();
  const runner = createEngineRunner({ threshold: Number.MAX_SAFE_INTEGER });
  t.teardown(() => runner.close());
  const rec = recorder();
  const matching = createMatchingService({ database, config, events, runner, notifier: rec.notifier });
  const circles = createCirclesService({ database, events, notifier: rec.notifier });
  const admin = await makeAdmin(database);
  const peers = await makePeers(database, 5);

  const round = await matching.createRound(admin.id, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 1 });
  rec.state.fail = true;
  await t.rejects(matching.publish(admin.id, round.id, {}), /outbox unavailable/);
  t.equal((await matching.getRound(round.id)).status, 'draft', 'nothing published without its notifications');
  rec.state.fail = false;

  const published = await matching.publish(admin.id, round.id, {});
  const circleId = published.result.groups[0]!.circleId!;
  t.same(rec.calls.map((c) => c.memberId).sort(), ids(peers).sort());
  t.ok(rec.calls.every((c) => c.kind === 'matched' && c.data.circleId === circleId && c.dedupeKey === `matched:${circleId}:${c.memberId}`));

  rec.calls.length = 0;
  await circles.accept(peers[0]!.id, circleId);
  t.same(rec.calls.map((c) => c.memberId).sort(), ids(peers.slice(1)).sort(), 'the other four hear it');
  t.ok(rec.calls.every((c) => c.kind === 'circle_member_responded' && c.data.response === 'accepted' && c.data.memberId === peers[0]!.id));
  rec.calls.length = 0;
  await circles.accept(peers[0]!.id, circleId);
  t.same(rec.calls, [], 'accepting again tells nobody');
  await circles.decline(peers[1]!.id, circleId);
  t.equal(rec.calls.length, 4, 'a decline: the four still seated, not the decliner');
  t.ok(rec.calls.every((c) => c.data.response === 'declined' && c.memberId !== peers[1]!.id));
});

t.test('approving and rejecting notify the applicant in the same transaction', async (t) => {
  const app = await build(t);
  const rec = recorder();
  const members = createMembersService({ database: app.database, notifier: rec.notifier });
  const admin = await makeAdmin(app.database);
  const a = await makeMember(app.database, { status: 'pending' });
  const b = await makeMember(app.database, { status: 'pending' });

  rec.state.fail = true;
  await t.rejects(members.approve(admin.id, a.id), /outbox unavailable/);
  t.equal((await memberRow(app.database, a.id))!.status, 'pending', 'not approved without the notification');
  rec.state.fail = false;
  await members.approve(admin.id, a.id);
  await members.reject(admin.id, b.id, 'Not the owner of the practice');
  t.match(rec.calls, [
    { memberId: a.id, kind: 'registration_approved' },
    { memberId: b.id, kind: 'registration_rejected', data: { reason: 'Not the owner of the practice' } },
  ]);
});
