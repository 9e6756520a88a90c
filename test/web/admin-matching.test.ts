// The matching console in headless Chromium: approve an application, draft a circles round for chosen members, try to move
// a member next to a competitor (the rule is named before anything changes), override with a reason, swap by drag and
// drop, publish, find the override in the audit log; a concurrent publish explained; members get "not found" and 403.
import t, { type Test } from 'tap';
import { makeAdmin, makeMember, type TestMember } from '../helper.js';
import { place } from '../modules/matching/support.js';
import { axeSerious, CHROMIUM, haveChromium, launch, newContext, serve, type Page } from './browser.js';

if (!haveChromium) {
  t.fail(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

t.setTimeout(300_000);

type Round = { id: string; status: string; version: number; groups: { index: number; memberIds: string[] }[]; params: { minSize: number } };

async function checkA11y(tt: Test, page: Page, name: string) {
  tt.same(await axeSerious(page), [], `axe: no serious or critical violation on ${name}`);
}

t.test('an admin approves, drafts a circles round, overrides the competitor rule with a reason, publishes; members are kept out', async (t) => {
  const { app, base } = await serve(t);
  const database = app.database;
  const admin = await makeAdmin(database);
  const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: admin.auth, ...(payload ? { payload } : {}) });
  // A word only this run's names carry, so the pick list search finds exactly this run's members on a shared database.
  const run = `Zx${Math.random().toString(36).slice(2, 8)}`;
  const circle = { wants: ['circle' as const] };
  const applicant = await makeMember(database, { status: 'pending', displayName: `Ada ${run}`, profile: { ...place(6), ...circle } });
  const peers: TestMember[] = [];
  for (let i = 0; i < 6; i++) peers.push(await makeMember(database, { displayName: `Peer ${run} ${String.fromCharCode(65 + i)}`, profile: { ...place(i), ...circle } }));
  // Same practice type and services as Peer A, same city: competitors within the 40 km radius.
  const rival = await makeMember(database, { displayName: `Rival ${run}`, profile: { ...place(0), ...circle } });
  const roundMembers = [applicant, ...peers, rival];

  const browser = await launch(t);
  const { context, problems } = await newContext(browser);
  await context.addCookies([{ name: 'pp_session', value: admin.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();

  // Approve the application.
  await page.goto(`${base}/admin/approvals`);
  const application = page.locator(`[data-testid=application][data-member-id="${applicant.id}"]`);
  await application.getByTestId('approve').click();
  await application.waitFor({ state: 'detached' });

  // Start a circles round: sizes 3–6, a weight moved with the keyboard, the members chosen from the pick list.
  await page.getByTestId('admin-nav-matching').click();
  await page.getByTestId('start-round').waitFor();
  await checkA11y(t, page, 'matching: start a round');
  await page.getByTestId('mode-circles').check();
  await page.getByTestId('min-size').fill('3');
  await page.getByTestId('max-size').fill('6');
  await page.getByTestId('weight-goals').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  t.equal(await page.getByTestId('weight-goals-value').textContent(), '0.90', 'the slider moved by keyboard, its value shown');
  await page.getByTestId('who-chosen').check();
  await page.getByTestId('pick-search').fill(run);
  for (const m of roundMembers) await page.locator(`[data-testid=pick-member][data-member-id="${m.id}"]`).check();
  t.equal(await page.getByTestId('picked').locator('li').count(), roundMembers.length, 'eight members chosen');
  await checkA11y(t, page, 'matching: the pick list');
  await page.getByTestId('start-submit').click();
  await page.waitForURL(/\/admin\/matching\/[0-9a-f-]{36}$/);
  const roundId = page.url().split('/').pop()!;
  await page.getByTestId('board').waitFor();
  const draft: Round = (await asAdmin('GET', `/admin/matching/rounds/${roundId}`)).json();
  t.equal(draft.groups.reduce((n, g) => n + g.memberIds.length, 0), 8, 'everyone placed');
  t.equal(await page.getByTestId('group').count(), draft.groups.length, 'a card per group');
  t.ok(await page.locator('#objective-meter').count(), 'the objective gauge');
  t.match(await page.getByTestId('histogram').textContent(), /Group scores/, 'the histogram of group scores');
  await checkA11y(t, page, 'matching: the draft');
  await page.setViewportSize({ width: 375, height: 800 });
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling at 375 px');
  await page.setViewportSize({ width: 1200, height: 900 });

  // The rival and Peer A sit apart. Move one of them (from a group that keeps its 3) into the other's group.
  const groupOf = (id: string) => draft.groups.find((g) => g.memberIds.includes(id))!;
  const [mover, other] = groupOf(rival.id).memberIds.length > draft.params.minSize ? [rival, peers[0]!] : [peers[0]!, rival];
  const target = groupOf(other.id).index;
  t.not(groupOf(mover.id).index, target, 'the engine kept the competitors apart');
  await page.locator(`[data-move-button="${mover.id}"]`).focus();
  await page.keyboard.press('Enter');
  const moveDialog = page.getByTestId('move-dialog');
  await moveDialog.waitFor();
  // The dry run marks the target before anything is moved.
  await page.locator(`#target-${target}-state`).getByText(/breaks a rule: Competitors in one group/).waitFor();
  await checkA11y(t, page, 'matching: the move dialog');
  await moveDialog.locator(`[data-testid=move-target][data-group="${target}"]`).click();
  const override = page.getByTestId('override-dialog');
  await override.waitFor();
  t.equal(await override.getByTestId('rule-title').textContent(), 'Competitors in one group', 'the rule is named in plain words');
  t.match(await override.getByTestId('rule-details').textContent(), /are competitors/, 'with the server’s sentence naming both');
  t.equal((await asAdmin('GET', `/admin/matching/rounds/${roundId}`)).json().version, draft.version, 'nothing changed yet');
  await checkA11y(t, page, 'matching: the override dialog');
  const reason = `They co-own a referral network ${run}`;
  await override.getByTestId('override-confirm').click();
  await override.getByTestId('error-reason').waitFor();
  await override.getByTestId('override-reason').fill(reason);
  await override.getByTestId('override-confirm').click();
  await page.getByTestId('matching-status').getByText(/with an override/).waitFor();
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-move-button') === id, mover.id);
  let now: Round = (await asAdmin('GET', `/admin/matching/rounds/${roundId}`)).json();
  t.ok(now.groups[target]!.memberIds.includes(mover.id), 'moved next to the competitor');
  t.match(await page.getByTestId('overrides').textContent(), reason, 'the override is listed with its reason');

  // Drag and drop: swap two members of different groups (neither of the competitors: no rule broken).
  const plain = (g: { memberIds: string[] }) => g.memberIds.find((id) => id !== rival.id && id !== peers[0]!.id)!;
  const [a, b] = [plain(now.groups[0]!), plain(now.groups[1]!)];
  await page.dragAndDrop(`[data-testid=draft-member][data-member-id="${a}"]`, `[data-testid=draft-member][data-member-id="${b}"]`);
  await page.getByTestId('matching-status').getByText(/Done: swap/).waitFor();
  now = (await asAdmin('GET', `/admin/matching/rounds/${roundId}`)).json();
  t.ok(now.groups[1]!.memberIds.includes(a) && now.groups[0]!.memberIds.includes(b), 'swapped by drag and drop');

  // Publish, after a confirmation.
  await page.getByTestId('publish').click();
  await page.getByTestId('publish-dialog').waitFor();
  await checkA11y(t, page, 'matching: the publish dialog');
  await page.getByTestId('publish-confirm').click();
  await page.getByTestId('matching-status').getByText(/Published/).waitFor();
  t.equal((await asAdmin('GET', `/admin/matching/rounds/${roundId}`)).json().status, 'published');
  await checkA11y(t, page, 'matching: a published round');

  // The override is in the audit log page, with its reason, and links back to the round.
  await page.getByTestId('round-audit-link').click();
  const entry = page.locator('[data-testid=audit-entry][data-action="matching.round.override"]');
  await entry.waitFor();
  t.equal(await entry.count(), 1, 'one override entry for this round');
  t.equal(await entry.getByTestId('audit-reason').locator('.text').textContent(), reason, 'with the reason given');
  t.match(await entry.textContent(), /By Test Admin/, 'and the admin who gave it');
  await checkA11y(t, page, 'the audit log of the round');
  await entry.getByTestId('audit-target-link').click();
  await page.waitForURL(`${base}/admin/matching/${roundId}`);
  await page.getByTestId('board').waitFor();

  // A concurrent publish: another round seats one of this draft's members first; publishing says why it cannot.
  const x = await makeMember(database, { displayName: `Xan ${run}`, profile: { ...place(10), ...circle } });
  const mk = async (i: number) => (await makeMember(database, { displayName: `Extra ${run} ${i}`, profile: { ...place(11 + i), ...circle } })).id;
  const mine = (await asAdmin('POST', '/admin/matching/rounds', { mode: 'circles', minSize: 3, maxSize: 3, memberIds: [x.id, await mk(0), await mk(1)] })).json();
  const theirs = (await asAdmin('POST', '/admin/matching/rounds', { mode: 'circles', minSize: 3, maxSize: 3, memberIds: [x.id, await mk(2), await mk(3)] })).json();
  await page.goto(`${base}/admin/matching/${mine.id}`);
  await page.getByTestId('board').waitFor();
  t.equal((await asAdmin('POST', `/admin/matching/rounds/${theirs.id}/publish`, {})).statusCode, 200, 'the other round is published first');
  await page.getByTestId('publish').click();
  await page.getByTestId('publish-confirm').click();
  const refusal = page.getByTestId('publish-error');
  await refusal.waitFor();
  t.equal(await refusal.getAttribute('data-code'), 'DOUBLE_BOOKED');
  t.match(await refusal.textContent(), /given a seat in another open circle/, 'the conflict is explained in words');
  await checkA11y(t, page, 'matching: a refused publish');

  // Members: the app's "not found" page, and the API's 403.
  const member = await makeMember(database);
  const memberSide = await newContext(browser);
  await memberSide.context.addCookies([{ name: 'pp_session', value: member.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  const memberPage = await memberSide.context.newPage();
  for (const path of ['/admin/matching', `/admin/matching/${roundId}`]) {
    await memberPage.goto(`${base}${path}`);
    await memberPage.getByTestId('not-found').waitFor();
  }
  t.equal(await memberPage.getByTestId('board').count(), 0, 'no draft shown to a member');
  await checkA11y(t, memberPage, 'a member on /admin/matching');
  for (const url of ['/admin/matching/rounds', `/admin/matching/rounds/${roundId}`]) {
    t.equal((await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: member.auth })).statusCode, 403, `the API answers 403 on ${url}`);
  }
  t.same([...problems, ...memberSide.problems], [], 'no CSP violation or page error');
});
