// The moderation console on a chat message, in headless Chromium: a reported message in the queue, hidden from the
// card (it disappears live from the circle's chat), a warning the author reads on the notifications page, the
// restore (it comes back live); Escape cancels a dialog and gives focus back; axe on every state; no CSP violation.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { makeCircle, makeMember, type TestMember } from '../helper.js';
import { CHROMIUM, haveChromium, launch, serve } from './browser.js';
import { checkA11y, confirmInDialog, pageAs } from './moderation-support.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

t.setTimeout(240_000);

t.test('a reported chat message: hidden from the queue card, the author warned, then restored', async (t) => {
  const { app, base } = await serve(t, { CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 });
  const database = app.database;
  const run = randomUUID().slice(0, 8);
  const admin = await makeMember(database, { role: 'admin', displayName: `Admin ${run}` });
  const author = await makeMember(database, { displayName: `Seller ${run}` });
  const reader = await makeMember(database, { displayName: `Reader ${run}` });
  const call = (who: TestMember, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });
  const { id: roomId } = await makeCircle(database, [author.id, reader.id]);
  const body = `Buy my billing course at a discount ${run}`;
  const sent = await call(author, 'POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), body });
  t.equal(sent.statusCode, 201, sent.body);
  const messageId = sent.json().id as string;
  t.equal((await call(reader, 'POST', '/reports', { targetType: 'message', targetId: messageId, reason: 'solicitation', note: 'selling' })).statusCode, 201);

  const browser = await launch(t);
  const problems: string[] = [];
  const member = await pageAs(browser, base, reader, problems);
  const console_ = await pageAs(browser, base, admin, problems);
  const adminPage = console_.page;
  await member.page.goto(`${base}/circles/${roomId}`);
  const shown = member.page.getByTestId('message-body').filter({ hasText: body });
  await shown.waitFor();

  // The card: the message, where it was posted, its author and the report.
  await adminPage.goto(`${base}/admin/moderation?type=message&target=${messageId}`);
  const item = adminPage.locator(`[data-testid=queue-item][data-target-id="${messageId}"]`);
  t.match(await item.getByTestId('content').textContent(), body);
  t.match(await item.getByTestId('content').textContent(), /in a chat room/);
  t.match(await item.getByTestId('author').textContent(), `Seller ${run}`);
  t.match(await item.getByTestId('reports').textContent(), `Reader ${run}: Solicitation`);
  t.equal(await item.getByTestId('decision-hide').isDisabled(), false, 'hide is offered for content');

  // Escape cancels a dialog: nothing happens, focus is back on the button that opened it.
  await item.getByTestId('hide-content').click();
  await adminPage.getByTestId('action-dialog').waitFor();
  await adminPage.keyboard.press('Escape');
  await adminPage.getByTestId('action-dialog').waitFor({ state: 'detached' });
  t.equal(await adminPage.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'hide-content', 'focus is back on the opener');
  t.equal(await item.getByTestId('content-state').textContent(), 'visible', 'nothing was hidden');

  // Hide it from the card: it leaves the member's chat at once (the socket's message_deleted).
  await confirmInDialog(t, adminPage, item.getByTestId('hide-content'), { reason: 'Selling in the circle', a11y: 'hide dialog' });
  await adminPage.getByTestId('mod-result').filter({ hasText: 'The message is hidden.' }).waitFor();
  await item.getByTestId('content-state').filter({ hasText: 'hidden' }).waitFor();
  await shown.waitFor({ state: 'detached' });
  t.notOk((await call(reader, 'GET', `/rooms/${roomId}/messages`)).json().items.some((m: { body: string | null }) => m.body === body), 'gone from the member’s history');

  // Warn the author: the decision closes the report; the author reads the warning on the notifications page.
  // By keyboard only: Space picks the decision, Tab reaches "Decide…", the dialog opens on the reason field.
  await item.getByTestId('decision-warn').focus();
  await adminPage.keyboard.press('Space');
  t.ok(await item.getByTestId('decision-warn').isChecked(), 'Space picks the decision');
  await adminPage.keyboard.press('Tab');
  t.equal(await adminPage.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'decide');
  await adminPage.keyboard.press('Enter');
  await adminPage.getByTestId('action-dialog').waitFor();
  t.equal(await adminPage.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'dialog-reason', 'focus starts on the reason');
  await checkA11y(t, adminPage, 'warn dialog');
  await adminPage.keyboard.type(`Please keep sales out of the circle ${run}`);
  await adminPage.keyboard.press('Tab');
  await adminPage.keyboard.press('Enter');
  await adminPage.getByTestId('action-dialog').waitFor({ state: 'detached' });
  await adminPage.getByTestId('mod-result').filter({ hasText: 'Warn the author: done. 1 report closed.' }).waitFor();
  const seller = await pageAs(browser, base, author, problems);
  await seller.page.goto(`${base}/notifications`);
  const notice = seller.page.getByTestId('notice').filter({ hasText: `Please keep sales out of the circle ${run}` });
  await notice.waitFor();
  t.match(await notice.textContent(), /Warning about your message/);
  await checkA11y(t, seller.page, 'notifications with a warning');
  await notice.getByTestId('notice-read').click();
  await notice.getByTestId('notice-read').waitFor({ state: 'detached' });
  t.ok((await call(author, 'GET', '/me/notices')).json().items.find((n: { message: string }) => n.message.endsWith(run))?.readAt, 'marked read');
  await seller.context.close();

  // The decided item: its history, and the restore; the message is back in the member's chat.
  await adminPage.goto(`${base}/admin/moderation?status=all&target=${messageId}`);
  for (const action of ['content.hide', 'member.warn']) await item.locator(`[data-testid=history-entry][data-action="${action}"]`).waitFor();
  await checkA11y(t, adminPage, 'decided message with history');
  await confirmInDialog(t, adminPage, item.getByTestId('restore-content'), { reason: 'Warned; the post can stay' });
  await adminPage.getByTestId('mod-result').filter({ hasText: 'The message is visible again.' }).waitFor();
  await member.page.reload();
  await shown.waitFor();
  const actions = (await call(admin, 'GET', `/admin/audit-log?targetId=${messageId}`)).json().items.map((e: { action: string }) => e.action);
  t.same(actions.slice(0, 2), ['content.restore', 'content.hide'], 'hide and restore are audited on the message');

  await member.context.close();
  await console_.context.close();
  t.same(problems, [], 'no CSP violation or page error');
});
