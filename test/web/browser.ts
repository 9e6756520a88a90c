// Browser test support: the app listening on a free port, headless Chromium (Debian's package) through playwright-core,
// axe-core run inside the page, and waits on conditions (never sleeps).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ConfigInput } from '../../src/config.js';
import { build } from '../helper.js';
// @ts-expect-error: a plain .mjs script without types
import { buildWeb, isStale } from '../../scripts/build-web.mjs';

type Test = Parameters<typeof build>[0];

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

const LAUNCH_ARGS = [
  '--no-sandbox', // everything runs as root here
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Load shedding answers 503 when the event loop lags past a second, which a loaded test machine does now and then. */
export const NO_SHEDDING = { LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: 0 } as const;

/** Builds the app when its build is missing or older than its sources (npm test builds it first). */
export async function ensureWebBuild(): Promise<void> {
  if ((isStale as () => boolean)()) await (buildWeb as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
}

/** The real app on the test database, listening on 127.0.0.1 and a free port. */
export async function serve(t: Test, overrides: ConfigInput = {}) {
  await ensureWebBuild();
  const app = await build(t, { ...NO_SHEDDING, ...overrides });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

/** One Chromium per test file (playwright gives it a fresh temporary profile directory and removes it on close). */
export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS.filter((a) => a !== '--headless'), headless: true, timeout: 60_000 });
  t.teardown(() => browser.close());
  return browser;
}

/** A browser context (its own cookies) whose pages report CSP violations and page errors into `problems`. */
export async function newContext(browser: Browser, opts: { width?: number; timezoneId?: string } = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1200, height: 900 }, timezoneId: opts.timezoneId ?? 'America/New_York' });
  context.setDefaultTimeout(30_000);
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page: Page, problems: string[]) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
}

const requireFromHere = createRequire(import.meta.url);
const axeSource = readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core in the page (evaluated over the devtools protocol, so the page's CSP stays strict): serious and critical only. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export type { Browser, BrowserContext, Page };
