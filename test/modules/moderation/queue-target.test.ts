// The review queue filtered to one target (?targetId=): the console's link from a post or member to its reports.
import t from 'tap';
import { build, makeAdmin, makeMember } from '../../helper.js';
import { FAST, report } from './support.js';

t.test('?targetId= lists that target only, in every status; a bad id is refused; members still get 403', async (t) => {
  const app = await build(t, FAST);
  const admin = await makeAdmin(app.database);
  const reporter = await makeMember(app.database);
  const [one, other] = [await makeMember(app.database), await makeMember(app.database)];
  const first = (await report(app, reporter, { targetType: 'member', targetId: one.id, reason: 'spam' })).json();
  await report(app, reporter, { targetType: 'member', targetId: other.id, reason: 'spam' });
  const get = (query: string, who = admin) => app.inject({ method: 'GET', url: `/api/v1/admin/reports?${query}`, headers: who.auth });

  const open = await get(`targetId=${one.id}`);
  t.equal(open.statusCode, 200, open.body);
  t.match(open.json(), { items: [{ id: first.id, targetId: one.id, reportCount: 1 }], nextCursor: null });
  t.equal(open.json().items.length, 1, 'only the asked target');

  const decided = await app.inject({ method: 'POST', url: `/api/v1/admin/reports/${first.id}/resolve`, headers: admin.auth, payload: { action: 'dismiss', reason: 'fine' } });
  t.equal(decided.statusCode, 200, decided.body);
  t.same((await get(`targetId=${one.id}`)).json().items, [], 'no open report left on it');
  t.match((await get(`status=resolved&targetId=${one.id}`)).json().items, [{ targetId: one.id, reports: [{ resolution: 'dismiss' }] }]);
  t.equal((await get(`status=all&targetId=${one.id}&targetType=question`)).json().items.length, 0, 'combined with the kind');

  t.match((await get('targetId=not-a-uuid')).json(), { statusCode: 400, code: 'VALIDATION_FAILED' });
  t.match((await get(`targetId=${other.id}`, reporter)).json(), { statusCode: 403, code: 'FORBIDDEN' });
});
