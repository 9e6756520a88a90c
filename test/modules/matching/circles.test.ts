// Circles for members: one circle, accept and decline (idempotent, 409 for a bad transition), and releasing a suspended member.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { circleMembers, members } from '../../../src/db/schema/index.js';
import { releasePendingMatches } from '../../../src/modules/matching/index.js';
import { build, makeCircle } from '../../helper.js';
import { get, ids, makePeers, post, withAdmin, type Ctx } from './support.js';

async function publishedPairs(ctx: Ctx, n: number) {
  const peers = await makePeers(ctx.app.database, n);
  const draft = (await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: ids(peers), seed: 1 })).json();
  const round = (await post(ctx, `/admin/matching/rounds/${draft.id}/publish`, {})).json();
  const circleOf = (id: string): string => round.groups.find((g: { memberIds: string[] }) => g.memberIds.includes(id)).circleId;
  return { peers, round, circleOf };
}

t.test('GET /circles/:id: members see the current circle, admins see everyone with their status', async (t) => {
  const ctx = await withAdmin(await build(t));
  const { peers, circleOf } = await publishedPairs(ctx, 2);
  const [a, b] = peers as [(typeof peers)[0], (typeof peers)[0]];
  const circleId = circleOf(a.id);
  const mine = await get(ctx, `/circles/${circleId}`, a);
  t.equal(mine.statusCode, 200);
  t.match(mine.json(), { id: circleId, kind: 'pair', myStatus: 'proposed', unread: 0 });
  t.same(mine.json().members.map((m: { id: string }) => m.id).sort(), [a.id, b.id].sort());
  t.ok(mine.json().reasons.length > 0);

  await post(ctx, `/circles/${circleId}/decline`, undefined, b);
  t.same((await get(ctx, `/circles/${circleId}`, a)).json().members.map((m: { id: string }) => m.id), [a.id], 'a decliner leaves the member view');
  const admin = await get(ctx, `/circles/${circleId}`);
  t.equal(admin.statusCode, 200);
  t.equal(admin.json().myStatus, null);
  t.same(admin.json().members.map((m: { id: string; status: string }) => `${m.id}:${m.status}`).sort(), [`${a.id}:proposed`, `${b.id}:declined`].sort());
  t.equal((await get(ctx, '/circles/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  t.equal((await get(ctx, '/circles/not-an-id', a)).statusCode, 400);

  // Circles made outside a round (by other modules' tests) read the same way.
  const loose = await makeCircle(ctx.app.database, [a.id]);
  t.match((await get(ctx, `/circles/${loose.id}`, a)).json(), { id: loose.id, roundId: null, myStatus: 'accepted' });
});

t.test('accept and decline: idempotent, a declined circle cannot be accepted, decline leaves the chat room', async (t) => {
  const ctx = await withAdmin(await build(t));
  const removed: Array<{ circleId: string; memberId: string }> = [];
  ctx.app.events.on('circle.member_removed', (e) => {
    removed.push(e);
  });
  const { peers, circleOf } = await publishedPairs(ctx, 4);
  const a = peers[0]!;
  const circleId = circleOf(a.id);
  const d = peers.find((p) => circleOf(p.id) !== circleId)!;

  const accepted = await post(ctx, `/circles/${circleId}/accept`, undefined, a);
  t.equal(accepted.statusCode, 200);
  t.match(accepted.json(), { circleId, memberId: a.id, status: 'accepted', respondedAt: String });
  const again = await post(ctx, `/circles/${circleId}/accept`, undefined, a);
  t.equal(again.statusCode, 200, 'accepting twice is fine');
  t.equal(again.json().respondedAt, accepted.json().respondedAt, 'and changes nothing');
  t.equal((await get(ctx, '/me/circles?status=accepted', a)).json().items[0].myStatus, 'accepted');

  const left = await post(ctx, `/circles/${circleId}/decline`, undefined, a);
  t.equal(left.statusCode, 200);
  t.equal(left.json().status, 'declined');
  await new Promise((r) => setImmediate(r));
  t.same(removed, [{ circleId, memberId: a.id }], 'circle.member_removed for chat');
  const twice = await post(ctx, `/circles/${circleId}/decline`, undefined, a);
  t.equal(twice.statusCode, 200);
  t.equal(twice.json().status, 'declined');
  await new Promise((r) => setImmediate(r));
  t.equal(removed.length, 1, 'no second event');
  const late = await post(ctx, `/circles/${circleId}/accept`, undefined, a);
  t.equal(late.statusCode, 409);
  t.equal(late.json().code, 'ALREADY_DECLINED');

  t.same((await get(ctx, '/me/circles', a)).json().items, [], 'gone from my circles');
  t.equal((await get(ctx, '/me/circles?status=declined', a)).json().items[0].id, circleId, 'still listed as declined');
  t.equal((await get(ctx, `/circles/${circleId}`, a)).statusCode, 404, 'a decliner no longer sees it');

  // Someone else's circle, or none: 404 as if it did not exist.
  t.equal((await post(ctx, `/circles/${circleId}/accept`, undefined, d)).statusCode, 404);
  t.equal((await post(ctx, `/circles/${circleId}/decline`, undefined, d)).statusCode, 404);
  t.equal((await post(ctx, '/circles/00000000-0000-4000-8000-000000000000/accept', undefined, a)).statusCode, 404);
  t.equal((await ctx.app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/accept` })).statusCode, 401);
});

t.test('/me/circles pages newest first', async (t) => {
  const ctx = await withAdmin(await build(t));
  const [me, ...others] = await makePeers(ctx.app.database, 4);
  const made = [];
  for (const o of others) made.push((await makeCircle(ctx.app.database, [me!.id, o.id], 'pair')).id);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(ctx, `/me/circles?limit=2${cursor ? `&cursor=${cursor}` : ''}`, me);
    t.equal(res.statusCode, 200);
    seen.push(...res.json().items.map((c: { id: string }) => c.id));
    cursor = res.json().nextCursor;
  } while (cursor);
  t.same(seen, [...made].reverse());
});

t.test('releasePendingMatches: proposed memberships declined, drafts let go of the member', async (t) => {
  const ctx = await withAdmin(await build(t));
  const { peers, circleOf } = await publishedPairs(ctx, 4);
  const [a, b] = peers as [(typeof peers)[0], (typeof peers)[0]];
  const accepted = await makeCircle(ctx.app.database, [a.id, b.id]);
  // The peers hold published seats: includePlaced lets the draft take them anyway (publishing it would be refused).
  const draft = (await post(ctx, '/admin/matching/rounds', { mode: 'pairs', memberIds: ids(peers), seed: 2, includePlaced: true })).json();
  const partner = draft.groups.find((g: { memberIds: string[] }) => g.memberIds.includes(a.id)).memberIds.find((id: string) => id !== a.id);

  const released = await ctx.app.database.db.transaction(async (tx) => {
    await tx.update(members).set({ status: 'suspended' }).where(eq(members.id, a.id));
    return releasePendingMatches(tx, a.id);
  });
  t.same(released, { circleIds: [circleOf(a.id)], roundIds: [draft.id] });
  const rows = await ctx.app.database.db.select().from(circleMembers).where(eq(circleMembers.memberId, a.id));
  t.equal(rows.find((r) => r.circleId === circleOf(a.id))!.status, 'declined');
  t.equal(rows.find((r) => r.circleId === accepted.id)!.status, 'accepted', 'joined circles are the admin’s to remove');

  const after = (await get(ctx, `/admin/matching/rounds/${draft.id}`)).json();
  t.equal(after.version, 2);
  t.notOk(after.groups.some((g: { memberIds: string[] }) => g.memberIds.includes(a.id)));
  t.match(after.unmatched, [{ memberId: a.id, reason: /suspended/ }]);
  t.ok(after.groups.some((g: { memberIds: string[] }) => g.memberIds.length === 1 && g.memberIds[0] === partner), 'the partner waits for a move');

  const nothing = await ctx.app.database.db.transaction((tx) => releasePendingMatches(tx, a.id));
  t.same(nothing, { circleIds: [], roundIds: [] }, 'a second call finds nothing left');
});
