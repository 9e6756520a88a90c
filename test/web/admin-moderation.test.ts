// The moderation console in headless Chromium: a report handled end to end (a member reports a post in the Q&A
// thread, the admin reviews it in the queue, hides it, suspends the author through a second report with an end in the
// admin's time zone, lifts the suspension), a thread locked and unlocked, a post restored, a member removed from a
// circle; members get "not found" on the admin pages and 403 from the API; axe on every page state; no CSP violation.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { makeCircle, makeMember, memberRow, PASSWORD, type TestMember } from '../helper.js';
import { CHROMIUM, haveChromium, launch, newContext, serve } from './browser.js';
import { checkA11y, confirmInDialog, pageAs } from './moderation-support.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

// A real browser through a long flow on a machine shared by many: more than the suite's default two minutes.
t.setTimeout(300_000);

t.test('the moderation console: a report end to end, suspensions, locks, restore, circle removal, admins only', async (t) => {
  const { app, base } = await serve(t);
  const database = app.database;
  // Letters only: tells this run's posts from other runs' on a shared PostgreSQL database.
  const run = randomUUID().slice(0, 8).replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
  const admin = await makeMember(database, { role: 'admin', displayName: `Admin ${run}`, profile: { timezone: 'America/Chicago' } });
  const author = await makeMember(database, { displayName: `Author ${run}` });
  const reporter = await makeMember(database, { displayName: `Reporter ${run}` });
  const call = (who: TestMember, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });
  const audit = async (query: string) => (await call(admin, 'GET', `/admin/audit-log?${query}`)).json().items as { action: string; reason: string | null; details: Record<string, unknown> }[];

  const question = (await call(author, 'POST', '/questions', { title: `Paying for referrals (${run})`, body: `I pay cash per referred patient ${run}`, tags: ['referrals'] })).json();
  const other = (await call(reporter, 'POST', '/questions', { title: `Front desk hiring (${run})`, body: 'What worked for you?', tags: ['hiring'] })).json();
  const answer = (await call(author, 'POST', `/questions/${other.id}/answers`, { body: `Message me for a cheap staffing deal ${run}` })).json();
  t.ok(question.id && other.id && answer.id, 'posts made');

  const browser = await launch(t);
  const problems: string[] = [];
  const member = await pageAs(browser, base, reporter, problems);
  const console_ = await pageAs(browser, base, admin, problems);
  const adminPage = console_.page;

  // The reporter reports the question from its thread: a dialog with the reasons, then a note that it was sent.
  await member.page.goto(`${base}/qa/${question.id}`);
  const asked = member.page.getByTestId('question');
  await asked.getByTestId('report-open').click();
  const reportDialog = member.page.getByTestId('report-dialog');
  await reportDialog.waitFor();
  await checkA11y(t, member.page, 'report dialog');
  await reportDialog.getByTestId('report-reason').selectOption('solicitation');
  await reportDialog.getByTestId('report-note').fill(`Asks for paid referrals ${run}`);
  await reportDialog.getByTestId('report-submit').click();
  await reportDialog.waitFor({ state: 'detached' });
  t.match(await asked.getByTestId('report-status').textContent(), /admins will review/, 'the reporter is told it was sent');
  t.equal(await member.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'report-open', 'focus is back on the button that opened the dialog');

  // The admin finds it in the review queue: content, author, the report (who, why, note), no history yet.
  await adminPage.goto(`${base}/admin/moderation?target=${question.id}`);
  const item = adminPage.locator(`[data-testid=queue-item][data-target-id="${question.id}"]`);
  await item.waitFor();
  t.match(await item.getByTestId('content').textContent(), `I pay cash per referred patient ${run}`, 'the content is shown');
  t.match(await item.getByTestId('author').textContent(), `Author ${run}`, 'the author is shown');
  t.match(await item.getByTestId('reports').textContent(), new RegExp(`Reporter ${run}: Solicitation — “Asks for paid referrals ${run}”`), 'the report: who, why, the note');
  t.equal(await item.getByTestId('content-state').textContent(), 'visible');
  await item.getByTestId('history-empty').waitFor();
  await checkA11y(t, adminPage, 'review queue');

  // Decide: hide the content (the five decisions are offered; the dialog asks for the reason).
  for (const action of ['dismiss', 'hide', 'remove', 'warn', 'suspend']) t.equal(await item.getByTestId(`decision-${action}`).count(), 1, `decision ${action} offered`);
  await item.getByTestId('decide').click();
  t.match(await item.getByRole('alert').textContent(), /Choose a decision/, 'deciding without a choice says what is missing');
  await item.getByTestId('decision-hide').check();
  await confirmInDialog(t, adminPage, item.getByTestId('decide'), { reason: 'Paid referrals break the rules', a11y: 'decision dialog' });
  await adminPage.getByTestId('mod-result').filter({ hasText: 'Hide the content: done. 1 report closed.' }).waitFor();
  await adminPage.getByTestId('empty').waitFor();
  t.equal(await adminPage.evaluate(() => document.activeElement?.tagName), 'H1', 'focus goes to the heading when the card is gone');
  await checkA11y(t, adminPage, 'review queue, after a decision');

  // The member no longer sees it; their report shows resolved; the audit log has the decision.
  await member.page.reload();
  await member.page.getByTestId('error').waitFor();
  t.equal(await member.page.getByTestId('question').count(), 0, 'the hidden question is gone from the member’s view');
  t.equal((await call(reporter, 'GET', `/questions/${question.id}`)).statusCode, 404);
  t.match((await call(reporter, 'GET', '/me/reports')).json().items.find((r: { targetId: string }) => r.targetId === question.id), { status: 'resolved' });
  t.match(await audit(`targetId=${question.id}&action=content.hide`), [{ reason: 'Paid referrals break the rules', details: { resolution: 'hide' } }], 'the decision is in the audit log');

  // A second report, on the author's answer; the admin suspends the author until a date in the admin's time zone.
  t.equal((await call(reporter, 'POST', '/reports', { targetType: 'answer', targetId: answer.id, reason: 'spam' })).statusCode, 201);
  await adminPage.goto(`${base}/admin/moderation?target=${answer.id}`);
  const second = adminPage.locator(`[data-testid=queue-item][data-target-id="${answer.id}"]`);
  await second.getByTestId('decision-suspend').check();
  await confirmInDialog(t, adminPage, second.getByTestId('decide'), { reason: 'Spam after a hide', until: '2031-01-15T09:30', a11y: 'suspend dialog' });
  await adminPage.getByTestId('mod-result').filter({ hasText: 'Suspend the author: done.' }).waitFor();
  const suspended = await memberRow(database, author.id);
  t.equal(suspended?.status, 'suspended');
  t.equal(suspended?.suspendedUntil?.toISOString(), '2031-01-15T15:30:00.000Z', '09:30 in America/Chicago (the admin’s zone) is 15:30 UTC');
  t.equal((await call(author, 'GET', '/me')).statusCode, 401, 'the author’s session is ended');

  // The decided item keeps its history: the suspension of its author.
  await adminPage.goto(`${base}/admin/moderation?status=all&target=${answer.id}`);
  await second.locator('[data-testid=history-entry][data-action="member.suspend"]').waitFor();
  await checkA11y(t, adminPage, 'review queue, decided item with history');
  // …and links to the audit log, where the suspension is listed with its reason.
  await second.getByTestId('audit-author').click();
  const logged = adminPage.locator('[data-testid=audit-entry][data-action="member.suspend"]');
  t.equal(await logged.getByTestId('audit-reason').textContent().then((s) => s?.includes('Spam after a hide')), true, 'the audit page shows the decision');

  // The suspended author cannot log in.
  const authorCtx = await newContext(browser);
  const authorPage = await authorCtx.context.newPage();
  await authorPage.goto(`${base}/login`);
  await authorPage.getByTestId('login-email').fill(author.email);
  await authorPage.getByTestId('login-password').fill(PASSWORD);
  await authorPage.getByTestId('login-submit').click();
  t.match(await authorPage.getByTestId('login-error').textContent(), /suspended/i, 'a suspended member is refused at login');

  // Suspensions: the author is listed with reason and end; the admin lifts it; the author logs in again.
  await adminPage.goto(`${base}/admin/moderation/suspensions`);
  const row = adminPage.locator(`[data-testid=suspended-member][data-member-id="${author.id}"]`);
  t.equal(await row.getByTestId('suspended-reason').textContent(), 'Spam after a hide');
  t.match(await row.getByTestId('suspended-until').textContent(), /2031.*9:30.*America\/Chicago/, 'the end in the admin’s time zone');
  await checkA11y(t, adminPage, 'suspensions');
  await confirmInDialog(t, adminPage, row.getByTestId('unsuspend'), { reason: 'Talked it through', a11y: 'unsuspend dialog' });
  await adminPage.getByTestId('mod-result').filter({ hasText: `Author ${run} is active again` }).waitFor();
  await row.waitFor({ state: 'detached' });
  t.equal(await adminPage.evaluate(() => document.activeElement?.tagName), 'H1', 'focus goes to the heading when the row is gone');
  t.equal((await memberRow(database, author.id))?.status, 'active');
  t.match(await audit(`targetId=${author.id}&action=member.unsuspend`), [{ reason: 'Talked it through' }]);
  await authorPage.getByTestId('login-submit').click();
  await authorPage.getByTestId('nav-q-a').waitFor();
  await authorCtx.context.close();
  problems.push(...authorCtx.problems);

  // Suspend from the member search, without an end.
  const target = await makeMember(database, { displayName: `Target ${run}` });
  await adminPage.getByTestId('suspend-q').fill(`Target ${run}`);
  await adminPage.getByTestId('suspend-search-submit').click();
  const found = adminPage.locator(`[data-testid=suspend-result][data-member-id="${target.id}"]`);
  await confirmInDialog(t, adminPage, found.getByTestId('suspend'), { reason: 'Repeated spam', a11y: 'suspend from search dialog' });
  await adminPage.locator(`[data-testid=suspended-member][data-member-id="${target.id}"]`).getByTestId('suspended-until').filter({ hasText: 'Until an admin lifts it' }).waitFor();
  t.equal((await memberRow(database, target.id))?.suspendedUntil, null, 'no end');

  // Lock and unlock a thread: the member meets the lock; then answers again.
  await adminPage.goto(`${base}/qa/${other.id}`);
  await confirmInDialog(t, adminPage, adminPage.getByTestId('lock-question'), { a11y: 'lock dialog' });
  await adminPage.getByTestId('lock-result').filter({ hasText: 'The thread is locked' }).waitFor();
  await member.page.goto(`${base}/qa/${other.id}`);
  await member.page.getByText('This question is locked').waitFor();
  t.equal(await member.page.getByTestId('answer-form').count(), 0, 'no answer form on a locked thread');
  t.match((await call(reporter, 'POST', `/questions/${other.id}/answers`, { body: 'Try a staffing agency.' })).json(), { statusCode: 409, code: 'LOCKED' });
  await confirmInDialog(t, adminPage, adminPage.getByTestId('unlock-question'), { reason: 'Cooled down' });
  await adminPage.getByTestId('lock-result').filter({ hasText: 'open again' }).waitFor();
  await checkA11y(t, adminPage, 'thread with moderation tools');
  await member.page.reload();
  await member.page.getByTestId('answer-form').waitFor();
  t.same((await audit(`targetId=${other.id}`)).map((e) => e.action).slice(0, 2), ['question.unlock', 'question.lock'], 'lock and unlock are audited');

  // Restore the hidden question from its thread (admins see it, marked hidden); the member sees it again.
  await adminPage.goto(`${base}/qa/${question.id}`);
  const tools = adminPage.getByTestId('mod-question');
  await tools.getByTestId('hidden-mark').waitFor();
  await confirmInDialog(t, adminPage, tools.getByTestId('restore-content'), { reason: 'Edited by the author', a11y: 'restore dialog' });
  await tools.getByTestId('mod-result').filter({ hasText: 'visible again' }).waitFor();
  await member.page.goto(`${base}/qa/${question.id}`);
  await member.page.getByTestId('question').waitFor();
  t.match(await audit(`targetId=${question.id}&action=content.restore`), [{ reason: 'Edited by the author' }]);

  // Remove a member from a circle, with a reason.
  const seatA = await makeMember(database, { displayName: `Seat A ${run}` });
  const seatB = await makeMember(database, { displayName: `Seat B ${run}` });
  const circle = await makeCircle(database, [seatA.id, seatB.id]);
  // From the console's circle page, its "Remove a member" link.
  await adminPage.goto(`${base}/admin/circles/${circle.id}`);
  await adminPage.getByTestId('circle-remove-members').click();
  await adminPage.waitForURL(`${base}/admin/moderation/circles/${circle.id}`);
  const seat = adminPage.locator(`[data-testid=circle-member][data-member-id="${seatB.id}"]`);
  await checkA11y(t, adminPage, 'circle members');
  await confirmInDialog(t, adminPage, seat.getByTestId('remove-member'), { reason: 'Left the practice', a11y: 'remove dialog' });
  await seat.getByTestId('seat-status').filter({ hasText: 'removed' }).waitFor();
  t.match(await audit(`targetId=${seatB.id}&action=circle.remove_member`), [{ reason: 'Left the practice', details: { circleId: circle.id, previousStatus: 'accepted' } }]);
  t.match((await call(seatB, 'GET', `/circles/${circle.id}`)).json(), { statusCode: 404 }, 'the circle is no longer the removed member’s');
  t.equal(await adminPage.evaluate(() => document.activeElement?.tagName), 'H1', 'focus goes to the heading when the remove button is gone');
  await adminPage.goto(`${base}/admin/moderation/circles`);
  await adminPage.getByTestId('circle-choices').waitFor();
  await checkA11y(t, adminPage, 'circle list');

  // At 375 px the moderation pages (with a card and a dialog) do not scroll sideways.
  await adminPage.setViewportSize({ width: 375, height: 800 });
  for (const path of [`/admin/moderation?status=all&target=${answer.id}`, '/admin/moderation/suspensions', `/admin/moderation/circles/${circle.id}`, `/qa/${question.id}`]) {
    await adminPage.goto(`${base}${path}`);
    await adminPage.locator('main h1').waitFor();
    await adminPage.getByTestId('loading').waitFor({ state: 'detached' });
    t.ok(await adminPage.evaluate(() => document.documentElement.scrollWidth <= 375), `${path}: no horizontal scrolling at 375 px`);
  }
  await adminPage.getByTestId('hide-content').first().click();
  await adminPage.getByTestId('action-dialog').waitFor();
  t.ok(await adminPage.evaluate(() => document.querySelector('dialog[open]')!.getBoundingClientRect().right <= 375), 'the dialog fits at 375 px');
  await adminPage.keyboard.press('Escape');

  // Members: "not found" on every moderation page, 403 from the API.
  for (const path of ['/admin/moderation', '/admin/moderation/suspensions', '/admin/moderation/circles', `/admin/moderation/circles/${circle.id}`]) {
    await member.page.goto(`${base}${path}`);
    await member.page.getByTestId('not-found').waitFor();
    t.equal(await member.page.getByTestId('queue').count(), 0, `${path}: nothing of the console`);
  }
  await checkA11y(t, member.page, 'not found (member on an admin page)');
  t.match((await call(reporter, 'GET', '/admin/reports')).json(), { statusCode: 403, code: 'FORBIDDEN' });
  t.match((await call(reporter, 'POST', `/admin/members/${author.id}/suspend`, { reason: 'no' })).json(), { statusCode: 403, code: 'FORBIDDEN' });

  await member.context.close();
  await console_.context.close();
  t.same(problems, [], 'no CSP violation or page error');
});
