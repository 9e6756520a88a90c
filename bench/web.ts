// Web app benchmark (npm run bench:web): first load of the Q&A list and of a circle's chat with a cold cache, in headless
// Chromium on loopback: time to the first rendered item and JS transferred, against a static HTML page from a bare
// Fastify route (the floor: one round trip and a paint). Embedded database (PGlite), built app (built first if stale).
// BENCH_WEB_RUNS (default 7) loads per page; BENCH_WEB_DEBUG=1 prints each load's resource timings.
import Fastify from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { seededApp } from './lib/web-seed.js';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GOAL_MS = 1000;
const GOAL_JS_KIB = 100;
const log = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => Math.max(...xs);

const seeded = await seededApp({ questions: 30, messages: 40 });
const { base, circleId } = seeded;
const cookie = await seeded.cookieFor(seeded.ada.id);

// The baseline: a static HTML page with the same kind of first item, from a bare Fastify route.
const bare = Fastify();
bare.get('/', async (_req, reply) => reply.type('text/html').send('<!doctype html><html lang="en"><title>b</title><ul><li data-testid="question-item">A question</li></ul></html>'));
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

interface Sample {
  ms: number;
  jsBytes: number;
  jsFiles: number;
}

async function coldLoad(browser: Browser, url: string, selector: string, withCookie: boolean): Promise<Sample> {
  const context = await browser.newContext(); // a new context: empty cache, no service worker, nothing kept
  if (withCookie) await context.addCookies([cookie]);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  // performance.now() counts from the navigation's start: the moment the first item is in the DOM (checked every frame).
  const handle = await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : 0), selector, { polling: 'raf', timeout: 30_000 });
  const ms = (await handle.jsonValue()) as number;
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
      .map((e) => (e as PerformanceResourceTiming).transferSize),
  );
  if (process.env.BENCH_WEB_DEBUG) {
    const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${e.name.replace(location.origin, '')} ${e.startTime.toFixed(0)}→${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`));
    log(`${url} first item at ${ms.toFixed(0)} ms: ${entries.join(', ')}`);
  }
  await context.close();
  return { ms, jsBytes: scripts.reduce((a, b) => a + b, 0), jsFiles: scripts.length };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cases = [
  { name: 'baseline: static HTML, bare Fastify', url: `${bareBase}/`, selector: '[data-testid=question-item]', cookie: false },
  { name: 'Q&A list (/qa)', url: `${base}/qa`, selector: '[data-testid=question-item]', cookie: true },
  { name: "circle's chat (/circles/:id)", url: `${base}/circles/${circleId}`, selector: '[data-testid=message]', cookie: true },
];
const results = new Map<string, Sample[]>();
await coldLoad(browser, `${base}/qa`, '[data-testid=question-item]', true); // warm the server side (JIT, statements), not the browser
for (let run = 0; run < RUNS; run++) {
  for (const c of cases) {
    const list = results.get(c.name) ?? [];
    list.push(await coldLoad(browser, c.url, c.selector, c.cookie));
    results.set(c.name, list);
  }
}

log(`bench:web: ${RUNS} cold loads each, Chromium headless on loopback, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
log('');
log('| page | first item, median (ms) | worst (ms) | × baseline (median) | JS transferred (KiB, as served) | JS files |');
log('|---|---|---|---|---|---|');
const baseMedian = median(results.get(cases[0]!.name)!.map((s) => s.ms));
let ok = true;
for (const c of cases) {
  const samples = results.get(c.name)!;
  const ms = median(samples.map((s) => s.ms));
  const kib = median(samples.map((s) => s.jsBytes)) / 1024;
  if (c !== cases[0] && (ms > GOAL_MS || kib > GOAL_JS_KIB)) ok = false;
  log(`| ${c.name} | ${ms.toFixed(0)} | ${max(samples.map((s) => s.ms)).toFixed(0)} | ${(ms / baseMedian).toFixed(1)} | ${kib.toFixed(1)} | ${samples[0]!.jsFiles} |`);
}
log('');
log(`goal: first item ≤ ${GOAL_MS} ms and ≤ ${GOAL_JS_KIB} KiB of JS (gzip or better, as the server sends it): ${ok ? 'met' : 'NOT met'}`);

await browser.close();
await bare.close();
await seeded.close();
