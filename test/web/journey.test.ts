// The owners' journey in headless Chromium: register, approval and matching (by the admin, through the API), log in,
// profile, accept the circle; axe-core on every page; the CSP holds (no violation reported by the browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { findMemberByEmail } from '../../src/modules/members/members.repo.js';
import { makeAdmin, makeMember, PASSWORD, uniqueEmail, verificationToken } from '../helper.js';
import { headerOf, readOutbox } from '../support/mail.js';
import { workerLock } from '../modules/notifications/support.js';
import { axeSerious, CHROMIUM, haveChromium, launch, newContext, serve, type Page } from './browser.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

/** The .eml addressed to `email` in DATA_DIR/outbox, or null when no such file appears (the worker has run: it is there or elsewhere). */
async function waitForMail(dataDir: string, email: string): Promise<string | null> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = (await readOutbox(dataDir)).find((m) => headerOf(m.raw, 'To') === email);
    if (found) return found.raw;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A real browser through a long journey on a machine shared by many: more than the suite's default two minutes.
t.setTimeout(360_000);

async function checkA11y(tt: Test, page: Page, name: string) {
  const violations = await axeSerious(page);
  tt.same(violations, [], `axe: no serious or critical violation on ${name}`);
}

t.test('an owner registers, is approved and matched, edits the profile and accepts the pair', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-journey-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const { app, base } = await serve(t, { DATA_DIR: dataDir });
  const database = app.database;
  const admin = await makeAdmin(database);
  const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: admin.auth, payload });
  const other = await makeMember(database, {
    displayName: 'Bea Okafor',
    profile: { practiceName: 'Lakeside Speech Therapy', practiceType: 'speech_language', services: ['speech_language'], region: { country: 'US', state: 'Texas', city: 'Austin', postalCode: '73301' }, timezone: 'America/Chicago', wants: ['pair'] },
  });
  const browser = await launch(t);
  const { context, problems } = await newContext(browser);
  const page = await context.newPage();
  const email = uniqueEmail('journey');
  // A word (letters only) that tells this run's questions from earlier runs' on a kept PostgreSQL database.
  const run = email.slice(8, 16).replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);

  // Register: the server's message appears next to the field it concerns.
  await page.goto(`${base}/register`);
  await page.getByTestId('register-form').waitFor();
  await checkA11y(t, page, 'register');
  await page.getByTestId('register-name').fill('Ada Quinn');
  await page.getByTestId('register-email').fill(email);
  await page.getByTestId('register-password').fill('short');
  await page.getByTestId('register-submit').click();
  t.match(await page.getByTestId('error-password').textContent(), /at least 12/, 'the password rule is shown next to the password');
  await page.getByTestId('register-password').fill(PASSWORD);
  await page.getByTestId('top-exec-yes').check();
  await page.getByTestId('yearsInRole').fill('7');
  await page.getByTestId('yearsInBusiness').fill('9');
  await page.getByTestId('practiceName').fill('Quinn Physical Therapy');
  await page.getByTestId('state').fill('Ohio');
  await page.getByTestId('city').fill('Columbus');
  await page.getByTestId('postalCode').fill('43215');
  await page.getByTestId('checks-goals').getByLabel('Growing referrals').check();
  await page.getByTestId('checks-wants').getByLabel('A peer pair').check();
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-done').waitFor();
  await checkA11y(t, page, 'application received');

  // The verification mail lands as an .eml in DATA_DIR/outbox; its link opens the app's page, which confirms the address.
  // (On a shared PostgreSQL test database another test process's delivery worker may claim the mail first and write it
  // into its own folder: then the link is rebuilt from the token in the mail outbox table, as the mail carries it.)
  // One file's worker passes at a time on a shared PostgreSQL database (see workerLock).
  const release = await workerLock();
  try {
    await app.notifications.worker.runOnce({ jobs: false });
  } finally {
    await release();
  }
  const mail = await waitForMail(dataDir, email);
  let link: URL;
  if (mail) {
    link = new URL(headerOf(mail, 'X-Verification-Link') ?? '');
    t.equal(link.pathname, '/verify-email', 'the mail links to the web app');
  } else {
    t.comment('the verification mail was delivered by another process; using its token from the outbox table');
    link = new URL(`${base}/verify-email?token=${await verificationToken(database, email)}`);
  }
  await page.goto(`${base}${link.pathname}${link.search}`);
  await page.getByTestId('verify-done').waitFor();
  await checkA11y(t, page, 'email confirmed');

  // Pending: logging in says so.
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  t.match(await page.getByTestId('login-error').textContent(), /approv/i, 'a pending owner is told the application awaits approval');
  await checkA11y(t, page, 'login');

  // The admin console lists the application with its eligibility check (a third context, logged in as the admin).
  const ada = await findMemberByEmail(database.db, email);
  t.ok(ada, 'registered');
  const console_ = await newContext(browser);
  await console_.context.addCookies([{ name: 'pp_session', value: admin.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  const adminPage = await console_.context.newPage();
  await adminPage.goto(`${base}/admin/approvals`);
  const application = adminPage.locator(`[data-testid=application][data-member-id="${ada!.id}"]`);
  t.equal(await application.getByTestId('eligibility').textContent(), 'eligible', 'the eligibility check is shown');
  await checkA11y(t, adminPage, 'admin: applications');
  await console_.context.close();

  // The admin approves and matches the two owners as a pair, through the API.
  t.equal((await asAdmin('POST', `/admin/members/${ada!.id}/approve`)).statusCode, 200, 'approved');
  const round = await asAdmin('POST', '/admin/matching/rounds', { mode: 'pairs', memberIds: [ada!.id, other.id] });
  t.equal(round.statusCode, 201, round.body);
  t.equal(round.json().groups.length, 1, 'one pair proposed');
  t.equal((await asAdmin('POST', `/admin/matching/rounds/${round.json().id}/publish`)).statusCode, 200, 'published');

  // Log in: the session lives in an HttpOnly cookie scripts cannot read.
  await page.getByTestId('login-submit').click();
  await page.getByTestId('circle-list').waitFor();
  const cookie = (await context.cookies()).find((c) => c.name === 'pp_session');
  t.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
  t.equal(cookie?.sameSite, 'Lax', 'SameSite=Lax');
  t.equal(await page.evaluate(() => document.cookie), '', 'no cookie is visible to scripts');
  const forged = await page.evaluate(async () => (await fetch('/api/v1/circles/00000000-0000-4000-8000-000000000000/accept', { method: 'POST' })).status);
  t.equal(forged, 403, 'a write without the CSRF header is refused even from the page');

  // The proposed pair, with its reasons; accept it.
  const card = page.getByTestId('circle-card');
  await card.waitFor();
  const circleId = await card.getAttribute('data-circle-id');
  t.match(await card.textContent(), /Bea Okafor/, 'the partner is listed');
  t.ok(await card.getByTestId('reasons').count(), 'the reasons are shown');
  await checkA11y(t, page, 'my circles');
  await card.getByTestId('accept-circle').click();
  await card.getByTestId('open-circle').waitFor();

  // Profile: edit and save, keyboard only for the save.
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('profile-form').waitFor();
  await checkA11y(t, page, 'profile');
  await page.getByTestId('practiceName').fill('Quinn Physical Therapy & Wellness');
  await page.getByTestId('profile-save').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('profile-saved').waitFor();
  t.equal((await findMemberByEmail(database.db, email))?.profile.practiceName, 'Quinn Physical Therapy & Wellness', 'the profile is stored');

  // Admin pages show members the app's "not found"; so do unknown paths. At 375 px nothing overflows sideways.
  await page.goto(`${base}/admin`);
  await page.getByTestId('not-found').waitFor();
  await page.goto(`${base}/no/such/page`);
  await page.getByTestId('not-found').waitFor();
  await checkA11y(t, page, 'not found');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${base}/profile`);
  await page.getByTestId('profile-form').waitFor();
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling at 375 px');

  // The second owner logs in in a second browser context and accepts too; both open the pair's home.
  const second = await newContext(browser, { timezoneId: 'America/Chicago' });
  const bea = await second.context.newPage();
  await bea.goto(`${base}/login`);
  await bea.getByTestId('login-email').fill(other.email);
  await bea.getByTestId('login-password').fill(PASSWORD);
  await bea.getByTestId('login-submit').click();
  await bea.getByTestId('accept-circle').click();
  await bea.getByTestId('open-circle').click();
  const inAWeek = new Date(Math.ceil((Date.now() + 7 * 86_400_000) / 3_600_000) * 3_600_000).toISOString(); // on the hour
  const meeting = await asAdmin('POST', `/circles/${circleId}/meetings`, { title: 'First pair call', startsAt: inAWeek, durationMinutes: 45, timezone: 'America/New_York' });
  t.equal(meeting.statusCode, 201, meeting.body);
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${base}/circles/${circleId}`);
  await page.getByTestId('chat').waitFor();
  await bea.getByTestId('chat').waitFor();
  await checkA11y(t, page, "a circle's home");

  // The meeting: RSVP, a topic on its agenda, a commitment, the calendar feed link.
  const call = page.getByTestId('meeting').filter({ hasText: 'First pair call' });
  await call.getByTestId('rsvp-yes').click();
  await page.waitForSelector('[data-testid=rsvp-yes][aria-pressed=true]');
  await page.getByTestId('agenda-input').fill('Referral reports: what to measure');
  await page.getByTestId('agenda-add').click();
  await page.getByTestId('agenda-items').getByText('Referral reports: what to measure').waitFor();
  await page.getByTestId('commitment-input').fill('Draft a one-page outcome summary');
  await page.getByTestId('commitment-add').click();
  await page.getByTestId('commitment').getByText('Draft a one-page outcome summary').waitFor();
  await page.getByTestId('calendar-link').click();
  t.match(await page.getByTestId('calendar-url').textContent(), /\.ics/, 'the private calendar feed link is shown');

  // Live: presence, typing, a message each way.
  await bea.getByTestId('presence').getByText('Ada Quinn').waitFor();
  await page.getByTestId('chat-input').pressSequentially('Hello Bea', { delay: 20 });
  await bea.getByTestId('typing').getByText('Ada Quinn is typing').waitFor();
  await page.getByTestId('chat-send').click();
  await bea.getByTestId('messages').getByText('Hello Bea').waitFor();
  await bea.getByTestId('chat-input').fill('Hi Ada!');
  await bea.getByTestId('chat-input').press('Enter');
  await page.getByTestId('messages').getByText('Hi Ada!').waitFor();

  // Bea goes offline: the app says it is reconnecting; what each side sends meanwhile arrives once, in order.
  await second.context.setOffline(true);
  await bea.getByTestId('reconnecting').waitFor();
  for (const text of ['While you were away 1', 'While you were away 2']) {
    await page.getByTestId('chat-input').fill(text);
    await page.getByTestId('chat-send').click();
  }
  await page.getByTestId('messages').getByText('While you were away 2').waitFor();
  await bea.getByTestId('chat-input').fill('Typed on the train');
  await bea.getByTestId('chat-send').click();
  await bea.getByTestId('pending-message').getByText('waiting for the connection').waitFor();
  t.notOk((await bea.getByTestId('message-body').allTextContents()).includes('While you were away 2'), 'offline: Bea has not received it yet');
  await second.context.setOffline(false);
  await bea.getByTestId('messages').getByText('While you were away 2').waitFor({ timeout: 60_000 });
  await page.getByTestId('messages').getByText('Typed on the train').waitFor({ timeout: 60_000 });
  await bea.getByTestId('reconnecting').waitFor({ state: 'detached' });
  await bea.getByTestId('pending-message').waitFor({ state: 'detached' });
  const beaSees = await bea.locator('[data-testid=message]:not(.system) [data-testid=message-body]').allTextContents();
  t.match(await bea.locator('[data-testid=message].system').first().textContent(), /First pair call/, 'the meeting was announced in the chat');
  t.same(beaSees, ['Hello Bea', 'Hi Ada!', 'While you were away 1', 'While you were away 2', 'Typed on the train'], 'nothing lost, nothing twice, in order');
  const seqs = (await bea.getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq')))));
  t.same(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');

  // Edit and delete reach the other side live.
  const mine = page.getByTestId('message').filter({ hasText: 'While you were away 1' });
  await mine.getByTestId('edit-message').click();
  await page.getByTestId('edit-input').fill('While you were away (edited)');
  await page.getByTestId('edit-save').click();
  await bea.getByTestId('messages').getByText('While you were away (edited)').waitFor();
  await page.getByTestId('message').filter({ hasText: 'While you were away 2' }).getByTestId('delete-message').click();
  await bea.getByTestId('messages').getByText('Message deleted').waitFor();

  // Q&A: Bea asked something close before; Ada sees it while typing, asks anyway, Bea finds it by search and answers; Ada accepts.
  const earlier = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: other.auth, payload: { title: `How do you grow physician referrals in year one? (${run})`, body: 'We are new in town.', tags: ['referrals'] } });
  t.equal(earlier.statusCode, 201, earlier.body);
  await page.getByTestId('nav-q-a').click();
  await page.getByTestId('question-list').waitFor();
  await checkA11y(t, page, 'questions');
  await page.getByTestId('ask-link').click();
  await page.getByTestId('ask-title').pressSequentially(`Physician referrals for a pelvic health program ${run}`, { delay: 5 });
  await page.getByTestId('similar').getByText(`How do you grow physician referrals in year one? (${run})`).waitFor();
  await checkA11y(t, page, 'ask');
  await page.getByTestId('ask-body').fill('Which physicians respond to a lunch-and-learn, and which want outcome reports?');
  await page.getByTestId('ask-tags').fill('referrals, pelvic-health');
  await page.getByTestId('ask-submit').click();
  await page.getByTestId('question').waitFor();
  const questionUrl = page.url();

  await bea.getByTestId('nav-q-a').click();
  await bea.getByTestId('qa-search').fill(`pelvic referrals ${run}`);
  await bea.getByTestId('qa-search-submit').click();
  const hit = bea.getByTestId('question-item').filter({ hasText: `Physician referrals for a pelvic health program ${run}` });
  // The unsearched list (newest first) may show the question before the search answers: wait for the highlighted result.
  await hit.locator('mark').first().waitFor();
  t.ok(await hit.locator('mark').count(), 'search matches are highlighted');
  await hit.getByRole('link', { name: /pelvic health program/ }).click();
  await bea.getByTestId('answer-body').fill('Start with the OB-GYNs: a one-page outcome summary every quarter works better than lunches.');
  await bea.getByTestId('answer-submit').click();
  await bea.getByTestId('answer').waitFor();
  await checkA11y(t, bea, 'a thread');

  // Ada learns of the answer from her notifications (she follows what she asks) and accepts it.
  await page.getByTestId('nav-notifications').click();
  const note = page.getByTestId('notification').filter({ hasText: `Physician referrals for a pelvic health program ${run}` }).first();
  await note.waitFor();
  await checkA11y(t, page, 'notifications');
  await note.getByRole('link').click();
  t.equal(page.url(), questionUrl, 'the notification links to the thread');
  await page.getByTestId('answer').getByTestId('accept-answer').click();
  await page.getByTestId('accepted').waitFor();
  await bea.reload();
  await bea.getByTestId('accepted').waitFor();
  t.same(second.problems, [], 'no CSP violation or page error in the second context');

  // The alliance ledger: add an outside partner, review it, export the ledger as CSV.
  await page.getByTestId('nav-alliances').click();
  await page.getByTestId('add-alliance').click();
  await page.getByTestId('alliance-name').fill('Columbus Orthopedic Associates');
  await page.getByTestId('alliance-submit').click();
  const alliance = page.getByTestId('alliance').filter({ hasText: 'Columbus Orthopedic Associates' });
  await alliance.waitFor();
  await checkA11y(t, page, 'alliances');
  await alliance.getByTestId('review-alliance').click();
  await alliance.getByTestId('review-submit').click();
  await alliance.getByTestId('review').waitFor();
  const csv = await page.evaluate(async () => {
    const res = await fetch(document.querySelector<HTMLAnchorElement>('[data-testid=export-csv]')!.href);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  });
  t.equal(csv.status, 200, 'the CSV export link works with the cookie');
  t.match(csv.type, /text\/csv/);
  t.match(csv.body, /Columbus Orthopedic Associates/, 'the ledger is in the CSV');

  // Account: sessions listed, a wrong current password is named next to its field, log out everywhere.
  await page.getByTestId('nav-account').click();
  await page.getByTestId('session').first().waitFor();
  await checkA11y(t, page, 'sessions and password');
  await page.getByTestId('current-password').fill('not my password at all');
  await page.getByTestId('new-password').fill('a brand new passphrase');
  await page.getByTestId('password-submit').click();
  t.match(await page.getByTestId('error-currentPassword').textContent(), /incorrect/, 'the wrong current password is named next to its field');
  await page.getByTestId('logout-everywhere').click();
  await page.getByTestId('login-form').waitFor();
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pp_session=${cookie!.value}` } })).statusCode, 401, 'the session is ended on the server');

  // Bea logs out: the cookie is cleared and the app is back at the login page.
  await bea.getByTestId('logout').click();
  await bea.getByTestId('login-form').waitFor();
  t.notOk((await second.context.cookies()).find((c) => c.name === 'pp_session' && c.value), 'the cookie is cleared');
  t.same(problems, [], 'no CSP violation or page error');
});
