// The admin console in headless Chromium: the network charts (Chart.js, with their numbers in tables), the circles
// pages (rename, close with confirmation), the audit log (filters in the URL, links to what entries concern), members
// kept out (the app's "not found", the API's 403); axe-core on every page; the CSP holds.
import t, { type Test } from 'tap';
import { makeAdmin, makeCircle, makeMember, useOwnDatabase } from '../helper.js';
import { answer, ask } from '../modules/qa/qa-helper.js';
import { axeSerious, CHROMIUM, haveChromium, launch, newContext, serve, type Page } from './browser.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}
t.setTimeout(240_000);

// On PostgreSQL other test files write to the shared test database at the same time: the charts' counts are read from a
// private one, so that they move by exactly what this test makes.
useOwnDatabase();

async function checkA11y(tt: Test, page: Page, name: string) {
  tt.same(await axeSerious(page), [], `axe: no serious or critical violation on ${name}`);
}

/** The numbers of a chart's text alternative: row key → series → value. */
async function tableOf(page: Page, id: string): Promise<Record<string, Record<string, number>>> {
  return page.getByTestId(`table-${id}`).evaluate((table) => {
    const out: Record<string, Record<string, number>> = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells: Record<string, number> = {};
      for (const td of row.querySelectorAll('td')) cells[td.getAttribute('data-series')!] = Number(td.textContent);
      out[row.getAttribute('data-key')!] = cells;
    }
    return out;
  });
}

/** True once Chart.js has painted something on the figure's canvas. */
const painted = (page: Page, id: string) =>
  page.waitForFunction((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`${sel} canvas`);
    if (!canvas || !canvas.width || !canvas.height) return false;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) return true;
    return false;
  }, `[data-testid="chart-${id}"]`);

t.test('the admin console: network charts, circles, audit log; members kept out', async (t) => {
  const { app, base } = await serve(t);
  const database = app.database;
  const admin = await makeAdmin(database);
  const as = (who: { auth: Record<string, string> }, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: who.auth, payload });
  const browser = await launch(t);
  const { context, problems } = await newContext(browser);
  await context.addCookies([{ name: 'pp_session', value: admin.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();

  // The landing page: figures and five charts, each drawn by Chart.js and given as a table.
  await page.goto(`${base}/admin`);
  await page.getByTestId('table-qa-weeks').waitFor();
  const before = { status: await tableOf(page, 'members-status'), type: await tableOf(page, 'members-type'), health: await tableOf(page, 'circles-health'), qa: await tableOf(page, 'qa-weeks'), reports: await tableOf(page, 'reports-open') };
  for (const id of ['members-status', 'members-type', 'circles-health', 'qa-weeks', 'reports-open']) await painted(page, id);
  t.equal(await page.locator('figure canvas[role=img]').count(), 5, 'five canvases, each an image with a label');
  t.equal(await page.locator('[data-testid=admin-nav] [aria-current=page]').textContent(), 'Network', 'the landing page is the network');
  await checkA11y(t, page, 'the network at a glance');

  // Data this test makes: members, a circle below its minimum, two questions, an answer, a report.
  await makeMember(database, { status: 'pending', profile: { practiceType: 'pediatric' } });
  const [ann, ben, cy] = [
    await makeMember(database, { displayName: 'Ann Pediatric', profile: { practiceType: 'pediatric' } }),
    await makeMember(database, { displayName: 'Ben Sports', profile: { practiceType: 'sports' } }),
    await makeMember(database, { displayName: 'Cy Sports', profile: { practiceType: 'sports' } }),
  ];
  const circle = await makeCircle(database, [ann.id, ben.id]);
  const q = await ask(app, ann, { title: 'How do you staff a Saturday clinic without burning people out?' });
  await ask(app, ben, { title: 'What do you pay a front desk lead in a small town?' });
  const a = await answer(app, ben, q.id);
  t.equal((await as(cy, 'POST', '/reports', { targetType: 'question', targetId: q.id, reason: 'spam' })).statusCode, 201);

  await page.reload();
  await page.getByTestId('table-qa-weeks').waitFor();
  await painted(page, 'qa-weeks');
  const after = { status: await tableOf(page, 'members-status'), type: await tableOf(page, 'members-type'), health: await tableOf(page, 'circles-health'), qa: await tableOf(page, 'qa-weeks'), reports: await tableOf(page, 'reports-open') };
  const week = Object.keys(after.qa).at(-1)!;
  const moved = (what: string, b: number | undefined, aft: number | undefined, n: number) => t.equal(aft! - b!, n, `${what}: +${n} in the table`);
  moved('pending members', before.status.pending!.Members, after.status.pending!.Members, 1);
  moved('active members', before.status.active!.Members, after.status.active!.Members, 3);
  moved('active pediatric', before.type.pediatric!['Active members'], after.type.pediatric!['Active members'], 1);
  moved('active sports', before.type.sports!['Active members'], after.type.sports!['Active members'], 2);
  moved('circles below their minimum', before.health.below_min!['Open circles'], after.health.below_min!['Open circles'], 1);
  moved('questions this week', before.qa[week]?.Questions ?? 0, after.qa[week]!.Questions, 2);
  moved('answers this week', before.qa[week]?.Answers ?? 0, after.qa[week]!.Answers, 1);
  moved('open reports on questions', before.reports.question!['Open reports'], after.reports.question!['Open reports'], 1);

  // Circles: the new circle in the list of circles below their minimum; open it, rename it, close it (confirmed).
  await page.getByTestId('admin-nav-circles').click();
  await page.getByTestId('circles-health').selectOption('below_min');
  await page.waitForURL(/health=below_min/);
  const row = page.locator(`[data-testid=circle-row][data-circle-id="${circle.id}"]`);
  await row.waitFor();
  t.match(await row.getByTestId('circle-health').textContent(), /Below its minimum size/);
  await checkA11y(t, page, 'circles');
  await row.getByTestId('circle-open').click();
  await page.getByTestId('circle-edit').waitFor();
  const name = `Weekend clinics ${circle.id.slice(0, 8)}`;
  await page.getByTestId('circle-name').fill(name);
  await page.getByTestId('circle-facilitator').selectOption(ann.id);
  await page.getByTestId('circle-save').click();
  await page.getByTestId('circle-saved').waitFor();
  t.match((await as(admin, 'GET', `/admin/circles/${circle.id}`)).json(), { name, facilitatorId: ann.id }, 'renamed, facilitator set');
  t.equal(await page.locator('h1').textContent(), name);
  // Backfill: the engine's suggestions with their reasons; proposing the first seats them (proposed). Test members all
  // practise in one city with one service line (competitors of each other): Eve, far away and in speech therapy, fits.
  await makeMember(database, {
    displayName: 'Eve Portland',
    profile: {
      practiceType: 'speech_language',
      services: ['speech_language'],
      region: { country: 'US', state: 'Oregon', city: 'Portland', postalCode: '97201', lat: 45.52, lon: -122.68 },
      timezone: 'America/Los_Angeles',
    },
  });
  await page.getByTestId('backfill-suggest').click();
  const candidate = page.getByTestId('backfill-candidate').first();
  await candidate.waitFor();
  const candidateId = (await candidate.getAttribute('data-member-id'))!;
  t.ok((await candidate.locator('li').count()) >= 1, 'a suggestion gives its reasons');
  await candidate.getByTestId('propose-seat').click();
  await page.locator('[data-testid=circle-members] li', { hasText: 'Proposed' }).waitFor();
  t.ok(
    (await as(admin, 'GET', `/admin/circles/${circle.id}`)).json().members.some((m: { id: string; status: string }) => m.id === candidateId && m.status === 'proposed'),
    'the suggested member holds a proposed seat',
  );
  await page.getByTestId('circle-close').click();
  await page.getByTestId('circle-close-confirm').click();
  await page.getByTestId('error-reason').waitFor();
  t.match(await page.getByTestId('error-reason').textContent(), /needs a reason/, 'closing early asks why, next to the field');
  await checkA11y(t, page, 'a circle, closing confirmation open');
  t.equal((await as(admin, 'GET', `/admin/circles/${circle.id}`)).json().status, 'open', 'nothing closed before the confirmation with a reason');
  await page.getByTestId('circle-close-reason').fill('The practices merged');
  await page.getByTestId('circle-close-confirm').click();
  await page.locator('[data-testid=circle-summary] [data-testid=circle-health]', { hasText: 'closed' }).waitFor();
  t.match((await as(admin, 'GET', `/admin/circles/${circle.id}`)).json(), { status: 'closed', closedReason: 'The practices merged' });

  // Audit log: this circle's history, newest first, reason shown; the entry links back to the circle.
  await page.goto(`${base}/admin/audit?targetId=${circle.id}`);
  const entries = page.getByTestId('audit-entry');
  await entries.first().waitFor();
  t.same(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['circle.close', 'circle.seat.propose', 'circle.update']);
  t.equal(await entries.first().getByTestId('audit-reason').textContent(), 'Reason: The practices merged');
  await checkA11y(t, page, 'audit log');
  await entries.first().getByTestId('audit-target-link').click();
  await page.waitForURL(`${base}/admin/circles/${circle.id}`);
  await page.getByTestId('circle-summary').waitFor();

  // Filters through the form land in the URL; an actor's name filters by that actor.
  await page.getByTestId('admin-nav-audit').click();
  await page.getByTestId('audit-filters').waitFor();
  await page.getByTestId('audit-action').selectOption('circle.close');
  await page.getByTestId('audit-target').fill(circle.id);
  await page.getByTestId('audit-apply').click();
  await page.waitForURL((u) => u.searchParams.get('action') === 'circle.close' && u.searchParams.get('targetId') === circle.id);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=audit-entry]')].every((e) => e.getAttribute('data-action') === 'circle.close'));
  t.equal(await entries.count(), 1, 'one circle.close entry for this circle');
  await entries.first().getByTestId('audit-actor-link').click();
  await page.waitForURL((u) => u.searchParams.get('actorId') === admin.id && !u.searchParams.has('action'));
  // The actor filter is a list of the admins by name, showing the one chosen; picking "Anyone" and then the admin
  // takes the filter off and puts it back.
  const actor = page.getByTestId('audit-actor');
  await actor.locator(`option[value="${admin.id}"]`).waitFor({ state: 'attached' });
  t.equal(await actor.inputValue(), admin.id, 'the chosen actor is selected');
  t.equal(await actor.locator('option:checked').textContent(), 'Test Admin', 'by name');
  await actor.selectOption('');
  await page.getByTestId('audit-apply').click();
  await page.waitForURL((u) => !u.searchParams.has('actorId') && u.pathname === '/admin/audit');
  await actor.selectOption(admin.id);
  await page.getByTestId('audit-apply').click();
  await page.waitForURL((u) => u.searchParams.get('actorId') === admin.id);
  // Days: from tomorrow shows nothing; from today shows the entries again.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(Date.now() + 86_400_000));
  await page.goto(`${base}/admin/audit?targetId=${circle.id}&from=${tomorrow}`);
  await page.getByTestId('empty').waitFor();
  await page.goto(`${base}/admin/audit?targetId=${circle.id}&from=${today}&to=${today}`);
  await entries.nth(1).waitFor();

  // Content entries link to where the content lives: a hidden answer to its question's thread; a round to its page.
  t.equal((await as(admin, 'POST', '/admin/content/hide', { targetType: 'answer', targetId: a.id, reason: 'Checking a link' })).statusCode, 200);
  await page.goto(`${base}/admin/audit?targetId=${a.id}`);
  await entries.first().waitFor();
  t.equal(await entries.first().getByTestId('audit-target-link').getAttribute('href'), `/qa/${q.id}`);
  await entries.first().getByTestId('audit-target-link').click();
  await page.getByTestId('question').waitFor();
  t.equal(new URL(page.url()).pathname, `/qa/${q.id}`);
  const round = await as(admin, 'POST', '/admin/matching/rounds', { mode: 'pairs', memberIds: [ann.id, cy.id] });
  t.equal(round.statusCode, 201, 'a round drafted');
  await page.goto(`${base}/admin/audit?action=matching.round.create&targetId=${round.json().id}`);
  await entries.first().waitFor();
  t.equal(await entries.first().getByTestId('audit-target-link').getAttribute('href'), `/admin/matching/${round.json().id}`, 'a round: its page');
  await page.goto(`${base}/admin/audit?targetId=${ben.id}`);
  const suspended = await as(admin, 'POST', `/admin/members/${ben.id}/suspend`, { reason: 'Spam in two circles' });
  t.equal(suspended.statusCode, 200);
  await page.reload();
  await entries.first().waitFor();
  t.equal(await entries.first().getByTestId('audit-target-link').getAttribute('href'), `/admin/moderation?target=${ben.id}&status=all`, 'a member: their reports and decisions');

  // Pages of 25: a second admin's 26 actions fill one page and the start of the next; the URL carries the cursor.
  const second = await makeAdmin(database);
  const dee = await makeMember(database);
  for (let i = 0; i < 13; i++) {
    t.equal((await as(second, 'POST', `/admin/members/${dee.id}/suspend`, { reason: `round ${i}` })).statusCode, 200);
    t.equal((await as(second, 'POST', `/admin/members/${dee.id}/unsuspend`, { reason: `round ${i}` })).statusCode, 200);
  }
  await page.goto(`${base}/admin/audit?actorId=${second.id}`);
  await entries.nth(24).waitFor();
  t.equal(await entries.count(), 25, 'the first page');
  t.equal(await entries.first().getByTestId('audit-reason').textContent(), 'Reason: round 12', 'newest first');
  await page.getByTestId('audit-older').click();
  await page.waitForURL((u) => u.searchParams.has('cursor') && u.searchParams.get('actorId') === second.id);
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=audit-entry]')].some((e) => e.textContent!.includes('round 12')));
  t.equal(await entries.count(), 1, 'the last entry on the second page');
  t.equal(await entries.first().getByTestId('audit-reason').textContent(), 'Reason: round 0');
  t.equal(await page.getByTestId('audit-older').count(), 0, 'no older page');
  await page.getByTestId('audit-newest').click();
  await entries.nth(24).waitFor();

  // At 375 px the console's pages do not scroll sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of ['/admin', '/admin/audit', `/admin/circles/${circle.id}`, '/admin/circles']) {
    await page.goto(`${base}${path}`);
    await page.locator('h1').waitFor();
    await page.getByTestId('loading').first().waitFor({ state: 'detached' });
    t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), `${path}: no horizontal scrolling at 375 px`);
  }

  // A member: the app's "not found" on every admin page, and the API's 403.
  const memberCtx = await newContext(browser);
  await memberCtx.context.addCookies([{ name: 'pp_session', value: cy.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  const mp = await memberCtx.context.newPage();
  for (const path of ['/admin', '/admin/network', '/admin/audit', `/admin/audit?targetId=${circle.id}`, '/admin/circles', `/admin/circles/${circle.id}`]) {
    await mp.goto(`${base}${path}`);
    await mp.getByTestId('not-found').waitFor();
    t.equal(await mp.getByTestId('admin-nav').count(), 0, `${path}: no admin navigation for a member`);
  }
  const statuses = await mp.evaluate(async (paths) => Promise.all(paths.map(async (p) => (await fetch(`/api/v1${p}`)).status)), ['/admin/stats', '/admin/audit-log', '/admin/circles', '/me']);
  t.same(statuses, [403, 403, 403, 200], 'the API refuses the member (and knows them)');

  t.same(problems, [], 'no CSP violation or page error (admin)');
  t.same(memberCtx.problems, [], 'no CSP violation or page error (member)');
});
