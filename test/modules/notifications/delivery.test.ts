// Delivery against a real SMTP server and the .eml default: recipients, headers, both parts, one-click unsubscribe, locked kinds,
// SMTP down then up, permanent failures, two workers on one outbox, the in-app list and live events after commit.
// One file on purpose: on a shared PostgreSQL test database any running worker claims any due mail, so the tests that drive
// workers run one after another here (other test processes run no worker).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import t, { type Test } from 'tap';
import { rows, sql } from '../../../src/db/sql.js';
import { build, makeMember } from '../../helper.js';
import { headerOf, readOutbox, startSmtpSink } from '../../support/mail.js';
import { driveUntil, notify, outboxRows, workerLock } from './support.js';

// Worker passes here must not take another file's live notifications (or have theirs taken): one such file at a time.
t.teardown(await workerLock());
import type { App } from '../../../src/app.js';
import type { Received, SmtpSink } from '../../support/mail.js';

/** The mail the sink received for `email`, driving the worker until it is there (other tests' due mails may come first on a shared database). */
async function mailFor(t: Test, app: App, sink: SmtpSink, email: string): Promise<Received> {
  await driveUntil(t, app, () => sink.received.some((r) => r.to.includes(email)));
  return sink.received.find((r) => r.to.includes(email))!;
}

const matchData = (size: number) => ({ circleKind: 'circle', size, circleId: '6f1c1d44-5c2a-4b1e-9d55-0b4a4a3f7c11' });

t.test('an immediate notification is mailed once with both parts, a stable Message-ID and RFC 8058 headers; one-click unsubscribe works without login', async (t) => {
  const sink = await startSmtpSink();
  t.teardown(() => sink.stop());
  const app = await build(t, { SMTP_URL: sink.url, PUBLIC_URL: 'https://peers.example.org', MAIL_FROM: 'Peers <no-reply@peers.example.org>' });
  const m = await makeMember(app.database);
  await notify(app, { memberId: m.id, kind: 'matched', data: matchData(6), dedupeKey: 'matched:test-1' });
  await notify(app, { memberId: m.id, kind: 'matched', data: matchData(6), dedupeKey: 'matched:test-1' });
  await app.notifications.worker.runOnce({ jobs: false });
  const mail = await mailFor(t, app, sink, m.email);
  t.same(mail.to, [m.email], 'the member is the only recipient');
  t.equal(mail!.from, 'no-reply@peers.example.org');
  const parsed = mail!.mail;
  t.match(parsed.subject, /You have a new match/);
  t.match(parsed.text, /You were matched into a circle of 6\./, 'plain text part');
  t.match(String(parsed.html), /<a href="https:\/\/peers\.example\.org\/circles\/6f1c1d44/, 'HTML part with a link to the circle');
  const list = await app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: m.auth });
  const [item] = list.json().items;
  t.equal(list.json().items.length, 1, 'the dedupe key kept the repeat out');
  t.equal(parsed.messageId, `<notification-${item.id}@peers.example.org>`, 'Message-ID is derived from the notification');
  const head = mail!.raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' '); // unfolded header lines
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim();
  const unsubscribe = String(header('List-Unsubscribe'));
  t.match(unsubscribe, /^<https:\/\/peers\.example\.org\/api\/v1\/unsubscribe\?token=[\w.-]+>$/);
  t.equal(header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  t.match(parsed.text, /Unsubscribe: https:\/\/peers\.example\.org\/api\/v1\/unsubscribe\?token=/);

  // What a mail client does for RFC 8058: POST the URL with the one-click form body, no cookie, no token header.
  const path = new URL(unsubscribe.slice(1, -1)).pathname + new URL(unsubscribe.slice(1, -1)).search;
  const page = await app.inject({ method: 'GET', url: path });
  t.equal(page.statusCode, 200);
  t.match(page.body, /<form method="post"/, 'GET shows a confirmation and changes nothing');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/notification-preferences', headers: m.auth })).json().kinds.find((k: { kind: string }) => k.kind === 'matched').mode, 'immediate');
  const click = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
  t.equal(click.statusCode, 200);
  const prefs = (await app.inject({ method: 'GET', url: '/api/v1/me/notification-preferences', headers: m.auth })).json();
  t.equal(prefs.kinds.find((k: { kind: string }) => k.kind === 'matched').mode, 'off');

  await notify(app, { memberId: m.id, kind: 'matched', data: matchData(5), dedupeKey: 'matched:test-2' });
  await app.notifications.worker.runOnce({ jobs: false });
  t.equal((await outboxRows(app.database, m.id)).length, 1, 'no mail after unsubscribing');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: m.auth })).json().items.length, 2, 'the in-app list still has it');

  // Forged, tampered and malformed tokens: 404, nothing changed.
  const token = new URL(unsubscribe.slice(1, -1)).searchParams.get('token')!;
  const tampered = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  for (const bad of [tampered, 'x.y', 'nope']) {
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/unsubscribe', payload: { token: bad } })).statusCode, 404);
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/unsubscribe?token=${bad}` })).statusCode, 404);
  }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/unsubscribe', payload: {} })).statusCode, 400);
});

t.test('moderation notices are always mailed: they cannot be turned off, and carry no unsubscribe header', async (t) => {
  const sink = await startSmtpSink();
  t.teardown(() => sink.stop());
  const app = await build(t, { SMTP_URL: sink.url });
  const m = await makeMember(app.database);
  const refused = await app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: m.auth, payload: { kinds: { moderation_warning: 'off' } } });
  t.equal(refused.statusCode, 400);
  t.equal(refused.json().code, 'ALWAYS_SENT');
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: m.auth, payload: { kinds: { no_such_kind: 'off' } } })).statusCode, 400);
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: m.auth, payload: { kinds: { qa_answer: 'sometimes' } } })).statusCode, 400);
  const ok = await app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: m.auth, payload: { digest: 'weekly', kinds: { qa_answer: 'off' } } });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().digest, 'weekly');
  await notify(app, { memberId: m.id, kind: 'moderation_warning', data: { reason: 'Please keep it civil', noticeId: null } });
  await app.notifications.worker.runOnce({ jobs: false });
  const mail = await mailFor(t, app, sink, m.email);
  t.match(mail!.mail.text, /A moderator warned you: Please keep it civil/);
  t.notMatch(mail!.raw, /^List-Unsubscribe/m);
});

t.test('SMTP down: the mail is retried with backoff and nothing is lost; a permanent refusal is recorded with the SMTP response', async (t) => {
  const sink = await startSmtpSink();
  t.teardown(() => sink.stop());
  const metricsToken = 'metrics-token-0123456789abcdef';
  const app = await build(t, { SMTP_URL: sink.url, NOTIFY_RETRY_BASE_MS: 20, METRICS_TOKEN: metricsToken });
  const m = await makeMember(app.database);
  await sink.stop();
  await notify(app, { memberId: m.id, kind: 'matched', data: { circleKind: 'pair', circleId: null } });
  const started = Date.now();
  await app.notifications.worker.runOnce({ jobs: false });
  t.ok(Date.now() - started < 20_000, 'a pass against a dead server returns');
  const [row] = await outboxRows(app.database, m.id);
  t.equal(row!.status, 'pending');
  t.equal(row!.attempts, 1);
  t.match(row!.lastError, /ECONNREFUSED|connect/i, 'the failure is recorded');
  const lag = (await app.inject({ method: 'GET', url: '/ready' })).json();
  t.ok(lag.outbox.due >= 0, '/ready carries the outbox lag');
  const scrape = (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } })).body;
  t.match(scrape, /^notifications_outbox_due \d+$/m, 'the outbox lag is a Prometheus gauge');
  t.match(scrape, /^notifications_outbox_oldest_due_seconds [\d.e+-]+$/m);
  // On a shared PostgreSQL database the pass may also retry other test processes' due mails: the scrape must show
  // exactly what this worker counted, and that includes at least this member's mail.
  const retriedCount = app.notifications.worker.stats.retried;
  t.ok(retriedCount >= 1, 'this pass retried at least the member\'s mail');
  t.match(scrape, new RegExp(`^notifications_worker_mails\\{outcome="retried"\\} ${retriedCount}$`, 'm'), 'the retry is counted');

  await sink.start();
  const retried = await mailFor(t, app, sink, m.email);
  t.same(retried.to, [m.email]);
  const [after] = await outboxRows(app.database, m.id);
  t.equal(after!.status, 'sent');

  const rejected = await makeMember(app.database);
  await app.database.db.execute((await import('drizzle-orm')).sql`update members set email = ${`reject.${rejected.id}@example.test`} where id = ${rejected.id}`);
  await notify(app, { memberId: rejected.id, kind: 'matched', data: { circleKind: 'pair' } });
  await app.notifications.worker.runOnce({ jobs: false });
  const [failed] = await outboxRows(app.database, rejected.id);
  t.equal(failed!.status, 'failed', 'a 5xx is permanent: no retry');
  t.match(failed!.lastError, /550/, 'the SMTP response is kept');
});

t.test('without SMTP_URL each mail is an .eml file under DATA_DIR/outbox with both parts and the headers', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-eml-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const app = await build(t, { DATA_DIR: dataDir, PUBLIC_URL: 'https://peers.example.org' });
  const m = await makeMember(app.database);
  await notify(app, { memberId: m.id, kind: 'meeting_scheduled', data: { title: 'Circle call', startsAt: '2026-12-01T15:00:00.000Z', meetingId: null } });
  await app.notifications.worker.runOnce({ jobs: false });
  const files = (await readOutbox(dataDir)).filter((f) => headerOf(f.raw, 'To') === m.email);
  t.equal(files.length, 1);
  const raw = files[0]!.raw;
  t.match(headerOf(raw, 'Message-ID'), /^<notification-[0-9a-f-]+@practice-peers\.localhost>$/);
  t.equal(headerOf(raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  t.match(headerOf(raw, 'List-Unsubscribe'), /^<https:\/\/peers\.example\.org\/api\/v1\/unsubscribe\?token=/);
  const parsed = await simpleParser(raw);
  t.match(parsed.text, /Circle call is scheduled for Tue, 01 Dec 2026 15:00:00 UTC/, 'plain text part');
  t.match(String(parsed.html), /<p>Circle call is scheduled for Tue, 01 Dec 2026 15:00:00 UTC\.<\/p>/, 'HTML part');
  const [row] = await outboxRows(app.database, m.id);
  t.equal(row!.status, 'sent');
});

t.test('two workers on one outbox deliver every mail exactly once', async (t) => {
  const sink = await startSmtpSink({ parse: false });
  t.teardown(() => sink.stop());
  const one = await build(t, { SMTP_URL: sink.url, NOTIFY_BATCH: 7 });
  const two = await build(t, { SMTP_URL: sink.url, NOTIFY_BATCH: 7 });
  const members = await Promise.all(Array.from({ length: 5 }, () => makeMember(one.database)));
  const ids = new Set(members.map((m) => m.id));
  await notify(one, members.flatMap((m) => Array.from({ length: 12 }, (_, i) => ({ memberId: m.id, kind: 'matched' as const, data: { circleKind: 'pair', n: i } }))));
  const mine = () => sink.received.filter((r) => r.to.some((a) => members.some((m) => m.email === a)));
  const unsent = async () =>
    (await rows<{ n: number }>(one.database.db, sql`select count(*)::int as n from mail_outbox where status <> 'sent' and member_id = any(${`{${[...ids].join(',')}}`}::uuid[])`))[0]!.n;
  await Promise.all([driveUntil(t, one, async () => (await unsent()) === 0), driveUntil(t, two, async () => (await unsent()) === 0)]);
  const messageIds = mine().map((r) => headerOf(r.raw, 'Message-ID'));
  t.ok(messageIds.every((id) => id?.startsWith('<notification-')));
  t.equal(messageIds.length, 60, 'sixty mails');
  t.equal(new Set(messageIds).size, 60, 'no Message-ID twice');
});

t.test('the in-app list: every kind, read state, keyset pages; a rolled-back cause leaves nothing; live events only after commit', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const other = await makeMember(app.database);
  const live: string[] = [];
  app.events.on('notification.created', (e) => {
    if (e.memberId === m.id) live.push(e.notification.kind);
  });
  await notify(app, [
    { memberId: m.id, kind: 'matched', data: { circleKind: 'circle', size: 6 } },
    { memberId: m.id, kind: 'moderation_warning', data: { reason: 'Be kind' } },
    { memberId: m.id, kind: 'meeting_cancelled', data: { title: 'Monthly', startsAt: '2026-12-01T15:00:00.000Z' } },
    { memberId: other.id, kind: 'matched', data: { circleKind: 'pair' } },
  ]);
  await t.rejects(
    app.database.db.transaction(async (tx) => {
      await app.notifications.notifier.notify(tx, { memberId: m.id, kind: 'chat_unread', data: { unread: 3 } });
      throw new Error('the cause failed');
    }),
  );
  const page = (await app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=2', headers: m.auth })).json();
  t.equal(page.unreadCount, 3, 'the rolled-back notification is not there');
  t.equal(page.items.length, 2);
  const rest = (await app.inject({ method: 'GET', url: `/api/v1/me/notifications?limit=2&cursor=${page.nextCursor}`, headers: m.auth })).json();
  t.equal(rest.items.length, 1);
  t.equal(rest.nextCursor, null);
  const all = [...page.items, ...rest.items] as { kind: string; text: string; read: boolean; readAt: string | null }[];
  t.same(all.map((i) => i.kind).sort(), ['matched', 'meeting_cancelled', 'moderation_warning'], 'each once across the pages');
  t.match(all.find((i) => i.kind === 'meeting_cancelled'), { read: false, readAt: null, text: /Monthly was cancelled/ });
  const read = await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: m.auth, payload: { ids: [page.items[0].id] } });
  t.same(read.json(), { unreadCount: 2 });
  const first = (await app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=1', headers: m.auth })).json().items[0];
  t.ok(first.readAt, 'readAt is set');
  // Another member cannot mark mine read.
  await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: other.auth, payload: { ids: [page.items[1].id] } });
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/notifications?unread=true', headers: m.auth })).json().items.length, 2);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=0', headers: m.auth })).statusCode, 400);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/notifications' })).statusCode, 401);

  t.same(live, [], 'nothing is pushed before the worker runs');
  await app.notifications.worker.runOnce({ jobs: false });
  t.same(live.sort(), ['matched', 'meeting_cancelled', 'moderation_warning'], 'one live event per committed notification');
  await app.notifications.worker.runOnce({ jobs: false });
  t.equal(live.length, 3, 'and never twice');
});

t.test('an SMTP_URL that is not an SMTP URL stops the start, naming the variable', async (t) => {
  const { loadConfig } = await import('../../../src/config.js');
  t.throws(() => loadConfig({ SMTP_URL: 'not a url' }), /SMTP_URL/);
  t.throws(() => loadConfig({ SMTP_URL: 'http://mail.example.org' }), /SMTP_URL/);
  t.equal(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.org:465' }).SMTP_URL, 'smtps://user:pw@mail.example.org:465');
});
