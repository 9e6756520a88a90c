// Action and audit entry commit together or not at all: with recordAudit failing, every action leaves no trace.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { circleMembers, moderatedContent } from '../../../src/db/schema/index.js';
import { one } from '../../../src/db/sql.js';
import { EventHub } from '../../../src/lib/events.js';
import { seats } from '../../../src/modules/matching/index.js';
import { chatMessageModerator, createModerationService } from '../../../src/modules/moderation/index.js';
import { qaContentModerators } from '../../../src/modules/qa/qa.content.js';
import { createQaService } from '../../../src/modules/qa/qa.service.js';
import { answer, ask, get } from '../qa/qa-helper.js';
import { build, makeAdmin, makeCircle, makeMember, memberRow, TEST_CONFIG } from '../../helper.js';
import { auditFor, FAST, history, reportsOn, roomWithMessage } from './support.js';

t.test('when the audit write fails, the action is rolled back and no event goes out', async (t) => {
  const app = await build(t, FAST);
  const events = new EventHub();
  const emitted: string[] = [];
  for (const name of ['member.suspended', 'circle.member_removed', 'message.hidden', 'message.restored'] as const) {
    events.on(name, () => void emitted.push(name));
  }
  let audits = 0;
  const qaModerated = qaContentModerators(createQaService({ database: app.database }));
  const failing = createModerationService({
    database: app.database,
    config: loadConfig({}, { ...TEST_CONFIG, AUTO_HIDE_REPORTS: 1 }),
    events,
    integrations: { content: { ...qaModerated.content, message: chatMessageModerator({ chat: app.chat, events }) }, questions: qaModerated.questions },
    seats,
    recordAudit: async () => {
      audits++;
      throw new Error('audit log unavailable');
    },
  });
  const admin = await makeAdmin(app.database);
  const [author, peer] = [await makeMember(app.database), await makeMember(app.database)];
  const { roomId, messageId } = await roomWithMessage(app, author, [peer], 'keep me');

  await t.rejects(failing.hide(admin.id, 'message', messageId, 'r'), /audit log unavailable/);
  t.match((await history(app, roomId, peer))[0], { body: 'keep me', deleted: false }, 'hide rolled back');
  const [state] = await app.database.db.select().from(moderatedContent).where(eq(moderatedContent.targetId, messageId));
  t.notOk(state, 'no moderation state either');

  await t.rejects(failing.report(peer.id, { targetType: 'message', targetId: messageId, reason: 'spam' }), /audit log unavailable/, 'the auto-hide fails');
  t.equal((await reportsOn(app.database, messageId)).length, 0, 'and takes the report with it');
  t.match((await history(app, roomId, peer))[0], { deleted: false });

  const report = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: peer.auth, payload: { targetType: 'message', targetId: messageId, reason: 'spam' } });
  await t.rejects(failing.resolve(admin.id, report.json().id, { action: 'remove', reason: 'r' }));
  t.match(await reportsOn(app.database, messageId), [{ status: 'open', resolution: null }], 'the report stays open');
  t.match((await history(app, roomId, peer))[0], { deleted: false }, 'the message stays');

  await t.rejects(failing.resolve(admin.id, report.json().id, { action: 'warn', reason: 'r' }));
  const notices = await app.inject({ method: 'GET', url: '/api/v1/me/notices', headers: author.auth });
  t.same(notices.json().items, [], 'no notice');

  const proposed = await makeCircle(app.database, []);
  await app.database.db.insert(circleMembers).values({ circleId: proposed.id, memberId: author.id, status: 'proposed' });
  await t.rejects(failing.suspend(admin.id, author.id, 'r', null));
  t.equal((await memberRow(app.database, author.id))!.status, 'active', 'not suspended');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: author.auth })).statusCode, 200, 'token still valid');
  const pendingMatch = one(await app.database.db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, proposed.id), eq(circleMembers.memberId, author.id))));
  t.equal(pendingMatch.status, 'proposed', 'pending match untouched');

  await t.rejects(failing.removeFromCircle(admin.id, roomId, peer.id, null));
  const still = one(await app.database.db.select().from(circleMembers).where(and(eq(circleMembers.circleId, roomId), eq(circleMembers.memberId, peer.id))));
  t.equal(still.status, 'accepted');

  const q = await ask(app, author);
  const a = await answer(app, peer, q.id);
  await t.rejects(failing.hide(admin.id, 'question', q.id, 'r'));
  t.equal((await get(app, peer, `/questions/${q.id}`)).statusCode, 200, 'question hide rolled back');
  await t.rejects(failing.hide(admin.id, 'answer', a.id, 'r'));
  t.equal((await get(app, peer, `/questions/${q.id}`)).json().answerCount, 1, 'answer hide rolled back, counter too');
  await t.rejects(failing.lockQuestion(admin.id, q.id, true, 'r'));
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/questions/${q.id}/answers`, headers: peer.auth, payload: { body: 'still open' } })).statusCode, 201, 'lock rolled back');

  for (const id of [messageId, author.id, q.id, a.id]) t.equal((await auditFor(app.database, id)).length, 0, 'nothing logged');
  t.ok(audits >= 9, 'every path reached the audit write');
  await new Promise((r) => setImmediate(r));
  t.same(emitted, [], 'no event for a rolled-back action');
});
