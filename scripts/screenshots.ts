// Screenshots of the main pages for docs/screenshots/ (npm run screenshots): the seeded demo network in headless Chromium,
// desktop (1280 px) and phone (375 px) widths.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { seededApp } from '../bench/lib/web-seed.js';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const seeded = await seededApp({ questions: 12, messages: 12 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });

const shots: { file: string; path: string; wait: string; width: number; member?: boolean; admin?: boolean; height?: number }[] = [
  { file: 'login.png', path: '/login', wait: 'login-form', width: 1280, height: 640 },
  { file: 'register.png', path: '/register', wait: 'register-form', width: 1280, height: 1400 },
  { file: 'my-circles.png', path: '/', wait: 'circle-card', width: 1280, member: true },
  { file: 'circle-chat.png', path: `/circles/${seeded.circleId}`, wait: 'message', width: 1280, member: true },
  { file: 'circle-chat-375.png', path: `/circles/${seeded.circleId}`, wait: 'message', width: 375, member: true, height: 812 },
  { file: 'qa-search.png', path: '/qa?q=referrals', wait: 'question-item', width: 1280, member: true },
  { file: 'qa-thread.png', path: `/qa/${seeded.questionId}`, wait: 'answer', width: 1280, member: true },
  { file: 'profile-375.png', path: '/profile', wait: 'profile-form', width: 375, member: true, height: 812 },
  { file: 'alliances.png', path: '/alliances', wait: 'alliance', width: 1280, member: true },
  { file: 'notifications.png', path: '/notifications', wait: 'notification-preferences', width: 1280, member: true },
  { file: 'admin-approvals.png', path: '/admin/approvals', wait: 'empty', width: 1280, admin: true },
  { file: 'admin-network.png', path: '/admin', wait: 'table-qa-weeks', width: 1280, admin: true, height: 1500 },
  { file: 'admin-audit.png', path: '/admin/audit', wait: 'audit-filters', width: 1280, admin: true },
  { file: 'admin-circles.png', path: '/admin/circles', wait: 'circle-row', width: 1280, admin: true },
];
for (const shot of shots) {
  const context = await browser.newContext({ viewport: { width: shot.width, height: shot.height ?? 860 }, timezoneId: 'America/New_York' });
  if (shot.member) await context.addCookies([await seeded.cookieFor(seeded.ada.id)]);
  if (shot.admin) await context.addCookies([await seeded.cookieFor(seeded.admin.id)]);
  const page = await context.newPage();
  await page.goto(`${seeded.base}${shot.path}`);
  await page.getByTestId(shot.wait).first().waitFor();
  await page.screenshot({ path: `${OUT}${shot.file}` });
  await context.close();
  process.stdout.write(`docs/screenshots/${shot.file}\n`);
}
await browser.close();
await seeded.close();
