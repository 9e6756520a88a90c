// No double booking: rounds leave seated members out (unless includePlaced), publish refuses a second open seat (concurrent publishes too); re-match rounds; the cross-mode soft rule.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import t from 'tap';
import { circleMembers, matchingRounds } from '../../../src/db/schema/index.js';
import { CROSS_MODE_REASON } from '../../../src/modules/matching/engine/index.js';
import { build } from '../../helper.js';
import { ids, makePeers, post, withAdmin, type Ctx } from './support.js';

async function draft(ctx: Ctx, payload: object) {
  const res = await post(ctx, '/admin/matching/rounds', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; groups: Array<{ memberIds: string[]; reasons: string[]; score: number; circleId: string | null }>; excluded: Array<{ memberId: string; reason: string }>; unmatched: Array<{ memberId: string }>; params: { memberCount: number; explicitMembers: boolean } };
}
const publish = (ctx: Ctx, id: string) => post(ctx, `/admin/matching/rounds/${id}/publish`, {});
const seatsOf = (ctx: Ctx, memberIds: string[]) => ctx.app.database.db.select().from(circleMembers).where(inArray(circleMembers.memberId, memberIds));

t.test('a round leaves out members already seated in an open circle of its mode, unless includePlaced; publish still refuses', async (t) => {
  const ctx = await withAdmin(await build(t));
  const seated = await makePeers(ctx.app.database, 5);
  const fresh = await makePeers(ctx.app.database, 5, (i) => ({ region: { country: 'US', state: 'Texas', city: `Town ${i}`, lat: 30 + i, lon: -97 - i }, timezone: 'America/Chicago' }));
  const first = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(seated), seed: 1 });
  t.equal((await publish(ctx, first.id)).statusCode, 200);

  const next = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: [...ids(seated), ...ids(fresh)], seed: 1 });
  t.same(next.excluded.map((e) => e.memberId).sort(), ids(seated).sort(), 'the seated five are left out');
  t.match(next.excluded[0]!.reason, /already seated in .*includePlaced/);
  t.same(next.groups.flatMap((g) => g.memberIds).sort(), ids(fresh).sort());

  const pairs = await draft(ctx, { mode: 'pairs', memberIds: ids(seated).slice(0, 4), seed: 1 });
  t.same(pairs.excluded, [], 'a circle seat does not keep anyone out of pairs');

  const anyway = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: [...ids(seated), ...ids(fresh)], seed: 1, includePlaced: true });
  t.same(anyway.excluded, []);
  t.equal(anyway.groups.flatMap((g) => g.memberIds).length, 10);
  const refused = await publish(ctx, anyway.id);
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().code, 'DOUBLE_BOOKED');
  t.match(refused.json().message, /already hold a seat/);
  const [row] = await ctx.app.database.db.select().from(matchingRounds).where(eq(matchingRounds.id, anyway.id));
  t.equal(row!.status, 'draft', 'nothing changed');
  t.equal((await seatsOf(ctx, ids(fresh))).length, 0, 'no seats for anyone');

  // Declining frees a member; closing a circle frees all of its members.
  const circleId = (await publish(ctx, first.id)).json().groups?.[0]?.circleId ?? (await ctx.app.database.db.select().from(circleMembers).where(eq(circleMembers.memberId, seated[0]!.id)))[0]!.circleId;
  t.equal((await post(ctx, `/circles/${circleId}/decline`, undefined, seated[0])).statusCode, 200);
  const afterDecline = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: [...ids(seated), ...ids(fresh)], seed: 1 });
  t.notOk(afterDecline.excluded.some((e) => e.memberId === seated[0]!.id), 'a decliner is free again');
  t.equal((await post(ctx, `/admin/circles/${circleId}/close`, { reason: 'regrouping the section' })).statusCode, 200);
  const afterClose = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: [...ids(seated), ...ids(fresh)], seed: 1 });
  t.same(afterClose.excluded, [], 'a closed circle seats nobody');
});

t.test('two drafts sharing members, published at the same time: exactly one seats them', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 5);
  const a = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 1 });
  const b = await draft(ctx, { mode: 'circles', minSize: 5, maxSize: 5, memberIds: ids(peers), seed: 2 });
  const results = await Promise.all([publish(ctx, a.id), publish(ctx, b.id)]);
  t.same(results.map((r) => r.statusCode).sort(), [200, 409]);
  t.equal(results.find((r) => r.statusCode === 409)!.json().code, 'DOUBLE_BOOKED');
  const seats = await seatsOf(ctx, ids(peers));
  t.equal(seats.length, 5, 'one seat each');
  t.equal(new Set(seats.map((s) => s.circleId)).size, 1);
});

t.test('a re-match round takes the decliners and unmatched of the round it names, or of the last one', async (t) => {
  const ctx = await withAdmin(await build(t));
  const pairPeers = await makePeers(ctx.app.database, 5);
  const round = await draft(ctx, { mode: 'pairs', memberIds: ids(pairPeers), seed: 4 });
  const published = (await publish(ctx, round.id)).json();
  const loner = round.unmatched[0]!.memberId;
  const group = published.groups[0];
  const decliner = pairPeers.find((p) => p.id === group.memberIds[0])!;
  t.equal((await post(ctx, `/circles/${group.circleId}/decline`, undefined, decliner)).statusCode, 200);

  // Named: other test files publish pairs rounds on a shared database, so "the last one" may be theirs.
  const rematch = await draft(ctx, { mode: 'pairs', rematchOf: round.id, seed: 4 });
  t.equal(rematch.params.memberCount, 2);
  t.equal((rematch.params as { rematchOf?: string }).rematchOf, round.id);
  t.same(rematch.groups.flatMap((g) => g.memberIds).sort(), [loner, decliner.id].sort(), 'the decliner and the unmatched one are paired');
  const latest = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', rematch: true, seed: 4 });
  t.ok([201, 422].includes(latest.statusCode), latest.body);
  if (latest.statusCode === 201) t.ok(latest.json().params.rematchOf, 'rematch: true names the last published round it took');
  const both = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', rematch: true, memberIds: [loner] });
  t.equal(both.statusCode, 400, 'rematch picks its own members');
  const twice = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', rematch: true, rematchOf: round.id });
  t.equal(twice.statusCode, 400, 'rematch or rematchOf, not both');
  const wrongMode = await post(ctx, '/admin/matching/rounds', { mode: 'alliances', rematchOf: round.id });
  t.equal(wrongMode.statusCode, 404, 'a round of another mode is not found');
  t.equal((await post(ctx, '/admin/matching/rounds', { mode: 'pairs', rematchOf: randomUUID() })).statusCode, 404);

  // A round where everyone was seated and nobody declined leaves nothing to re-match.
  const full = await makePeers(ctx.app.database, 4);
  const fullRound = await draft(ctx, { mode: 'pairs', memberIds: ids(full), seed: 1 });
  t.equal(fullRound.unmatched.length, 0);
  t.equal((await publish(ctx, fullRound.id)).statusCode, 200);
  const none = await post(ctx, '/admin/matching/rounds', { mode: 'pairs', rematchOf: fullRound.id });
  t.equal(none.statusCode, 422);
  t.equal(none.json().code, 'NOTHING_TO_REMATCH');
});

t.test('recent partners from another mode score lower, with the reason shown', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 3, () => ({ goals: ['marketing', 'leadership'] }));
  const options = { mode: 'circles', minSize: 3, maxSize: 3, memberIds: ids(peers), seed: 1 };
  const before = await draft(ctx, options);
  t.equal(before.groups.length, 1);
  t.notOk(before.groups[0]!.reasons.some((r) => r.includes(CROSS_MODE_REASON)));

  const pair = await draft(ctx, { mode: 'pairs', memberIds: ids(peers).slice(0, 2), seed: 1 });
  t.equal((await publish(ctx, pair.id)).statusCode, 200);
  const after = await draft(ctx, options);
  t.equal(after.groups.length, 1);
  t.ok(after.groups[0]!.score < before.groups[0]!.score, `scored down: ${after.groups[0]!.score} < ${before.groups[0]!.score}`);
  const reason = after.groups[0]!.reasons.find((r) => r.startsWith(CROSS_MODE_REASON));
  t.ok(reason, 'the soft rule has its own reason');
  t.match(reason, /Peer A and Peer B|Peer B and Peer A/);
});
