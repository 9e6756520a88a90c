// The owners' journey in headless Chromium: register, approval and matching (by the admin, through the API), log in,
// profile, accept the circle; axe-core on every page; the CSP holds (no violation reported by the browser).
import t, { type Test } from 'tap';
import { findMemberByEmail } from '../../src/modules/members/members.repo.js';
import { makeAdmin, makeMember, PASSWORD, uniqueEmail, verificationToken } from '../helper.js';
import { axeSerious, CHROMIUM, haveChromium, launch, newContext, serve, type Page } from './browser.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

async function checkA11y(tt: Test, page: Page, name: string) {
  const violations = await axeSerious(page);
  tt.same(violations, [], `axe: no serious or critical violation on ${name}`);
}

t.test('an owner registers, is approved and matched, edits the profile and accepts the pair', async (t) => {
  const { app, base } = await serve(t);
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

  // The verification mail (read from the mail outbox table: on a shared test database another process's worker may send it):
  // its link opens the app's page, which confirms the address.
  const token = await verificationToken(database, email);
  await page.goto(`${base}/verify-email?token=${token}`);
  await page.getByTestId('verify-done').waitFor();

  // Pending: logging in says so.
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  t.match(await page.getByTestId('login-error').textContent(), /approv/i, 'a pending owner is told the application awaits approval');
  await checkA11y(t, page, 'login');

  // The admin approves and matches the two owners as a pair, through the API.
  const ada = await findMemberByEmail(database.db, email);
  t.ok(ada, 'registered');
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

  // Log out: the cookie is gone and the app is back at the login page.
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
  t.notOk((await context.cookies()).find((c) => c.name === 'pp_session' && c.value), 'the cookie is cleared');
  t.same(problems, [], 'no CSP violation or page error');
});
