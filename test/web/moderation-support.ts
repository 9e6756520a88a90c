// Browser test support for the admin console's moderation pages: axe, a context logged in by cookie, the dialogs.
import type { Test } from 'tap';
import type { TestMember } from '../helper.js';
import { axeSerious, newContext, type Browser, type Page } from './browser.js';

export async function checkA11y(tt: Test, page: Page, name: string) {
  tt.same(await axeSerious(page), [], `axe: no serious or critical violation on ${name}`);
}

/** A browser context logged in as `who` (the session cookie preset), and its page. */
export async function pageAs(browser: Browser, base: string, who: TestMember, problems: string[]) {
  const made = await newContext(browser);
  await made.context.addCookies([{ name: 'pp_session', value: who.token, url: `${base}/api`, httpOnly: true, sameSite: 'Lax' }]);
  made.context.on('close', () => problems.push(...made.problems));
  const page = await made.context.newPage();
  return { page, context: made.context, problems: made.problems };
}

/** Opens the action dialog with `button`, checks it (modal, focus inside, axe), fills the reason (and end) and confirms. */
export async function confirmInDialog(tt: Test, page: Page, button: ReturnType<Page['getByTestId']>, opts: { reason?: string; until?: string; a11y?: string }) {
  await button.click();
  const dialog = page.getByTestId('action-dialog');
  await dialog.waitFor();
  tt.ok(await page.evaluate(() => Boolean(document.querySelector('dialog[open]')?.contains(document.activeElement))), 'focus moves into the dialog');
  if (opts.a11y) await checkA11y(tt, page, opts.a11y);
  if (opts.reason !== undefined) await dialog.getByTestId('dialog-reason').fill(opts.reason);
  if (opts.until) await dialog.getByTestId('dialog-until').fill(opts.until);
  await dialog.getByTestId('dialog-confirm').click();
  await dialog.waitFor({ state: 'detached' });
}
