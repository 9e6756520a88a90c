// Dry-run moves and swaps: the same answer as the real edit (the re-scored draft, or the 409 of the broken rule), nothing saved or audited.
import { and, eq, ne } from 'drizzle-orm';
import t from 'tap';
import { auditLog } from '../../../src/db/schema/index.js';
import { build, makeMember } from '../../helper.js';
import { get, ids, makePeers, place, post, withAdmin, type Ctx } from './support.js';

type Round = { id: string; version: number; groups: Array<{ memberIds: string[]; score: number }>; objective: number; [k: string]: any };

async function draft(ctx: Ctx, payload: object): Promise<Round> {
  const res = await post(ctx, '/admin/matching/rounds', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}
const groupOf = (round: Round, id: string) => round.groups.findIndex((g) => g.memberIds.includes(id));
/** The round's audit entries after its creation (moves, swaps, overrides, publish). */
const auditsOf = (ctx: Ctx, roundId: string) =>
  ctx.app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, roundId), ne(auditLog.action, 'matching.round.create')));

t.test('a dry-run move next to a competitor answers the rule; a dry-run override or allowed move answers the draft unsaved', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 7);
  const rival = await makeMember(ctx.app.database, { displayName: 'Rival', profile: place(0) });
  const round = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 6, memberIds: [...ids(peers), rival.id], seed: 4 });
  const url = `/admin/matching/rounds/${round.id}/moves`;
  const target = groupOf(round, peers[0]!.id);
  t.not(groupOf(round, rival.id), target, 'the engine kept them apart');

  const check = await post(ctx, url, { memberId: rival.id, toGroup: target, dryRun: true });
  t.equal(check.statusCode, 409);
  t.equal(check.json().code, 'COMPETITORS', 'the rule the move would break');
  t.match(check.json().message, /competitors/);
  const forced = await post(ctx, url, { memberId: rival.id, toGroup: target, dryRun: true, override: true, reason: 'checking what it would give' });
  t.equal(forced.statusCode, 200, forced.body);
  t.equal(forced.json().version, round.version, 'the version the draft still has');
  t.equal(groupOf(forced.json(), rival.id), target, 'the answer shows the member moved');

  const stored: Round = (await get(ctx, `/admin/matching/rounds/${round.id}`)).json();
  t.same(stored, round, 'the stored draft is unchanged');
  t.same(await auditsOf(ctx, round.id), [], 'nothing audited');

  // The real move, without dryRun, still answers the same rule and then applies with the override.
  const real = await post(ctx, url, { memberId: rival.id, toGroup: target, override: true, reason: 'checked, applying' });
  t.equal(real.statusCode, 200, real.body);
  t.equal(real.json().version, round.version + 1);
  t.equal((await auditsOf(ctx, round.id)).length, 1, 'the real move is audited once');
});

t.test('a dry-run swap answers the swapped draft without saving; a published round refuses dry runs too', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 8);
  const round = await draft(ctx, { mode: 'circles', minSize: 4, maxSize: 4, memberIds: ids(peers), seed: 3 });
  t.equal(round.groups.length, 2);
  const [a, b] = [round.groups[0]!.memberIds[0]!, round.groups[1]!.memberIds[0]!];
  const url = `/admin/matching/rounds/${round.id}/moves`;
  const swap = await post(ctx, url, { memberId: a, swapWith: b, dryRun: true });
  t.equal(swap.statusCode, 200, swap.body);
  t.equal(groupOf(swap.json(), a), 1, 'the answer has them swapped');
  t.equal(swap.json().version, round.version);
  t.same((await get(ctx, `/admin/matching/rounds/${round.id}`)).json(), round, 'the stored draft is unchanged');
  t.same(await auditsOf(ctx, round.id), [], 'nothing audited');

  t.equal((await post(ctx, `/admin/matching/rounds/${round.id}/publish`, {})).statusCode, 200);
  const late = await post(ctx, url, { memberId: a, swapWith: b, dryRun: true });
  t.equal(late.statusCode, 409);
  t.equal(late.json().code, 'ROUND_PUBLISHED');
});

t.test('GET …/targets judges every destination as the move would (same codes as dry runs); members get 403', async (t) => {
  const ctx = await withAdmin(await build(t));
  const peers = await makePeers(ctx.app.database, 7);
  const rival = await makeMember(ctx.app.database, { displayName: 'Rival', profile: place(0) });
  const round = await draft(ctx, { mode: 'circles', minSize: 3, maxSize: 4, memberIds: [...ids(peers), rival.id], seed: 5 });
  const res = await get(ctx, `/admin/matching/rounds/${round.id}/targets?memberId=${rival.id}`);
  t.equal(res.statusCode, 200, res.body);
  const { targets, fromGroup, version } = res.json() as { targets: Array<{ toGroup: number | null; allowed: boolean; code: string | null }>; fromGroup: number; version: number };
  t.equal(fromGroup, groupOf(round, rival.id));
  t.equal(version, round.version);
  t.equal(targets.length, round.groups.length, 'every other group, and the unmatched list');
  t.ok(targets.some((x) => x.toGroup === null), 'the unmatched list is a destination');
  const competitor = targets.find((x) => x.toGroup === groupOf(round, peers[0]!.id))!;
  t.match(competitor, { allowed: false, code: 'COMPETITORS' }, "Peer A's group is marked with the competitor rule");
  for (const x of targets) {
    const dry = await post(ctx, `/admin/matching/rounds/${round.id}/moves`, { memberId: rival.id, toGroup: x.toGroup, dryRun: true });
    t.equal(dry.statusCode, x.allowed ? 200 : 409, `group ${x.toGroup}: the move answers as the check said`);
    if (!x.allowed) t.equal(dry.json().code, x.code);
  }
  t.same(await auditsOf(ctx, round.id), [], 'nothing audited');
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}/targets?memberId=${ctx.admin.id}`)).json().code, 'UNKNOWN_MEMBER');
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}/targets?memberId=nope`)).statusCode, 400);
  t.equal((await get(ctx, `/admin/matching/rounds/${round.id}/targets?memberId=${rival.id}`, peers[1])).statusCode, 403, 'members may not look');
});
