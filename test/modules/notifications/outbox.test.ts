// The outbox: the .eml default, two workers on one outbox (no duplicate), the in-app list, live events after commit, and rollbacks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { sql } from '../../../src/db/sql.js';
import { build, makeMember } from '../../helper.js';
import { simpleParser } from 'mailparser';
import { headerOf, readOutbox, startSmtpSink } from '../../support/mail.js';
import { driveUntil, notify, outboxRows } from './support.js';

t.test('without SMTP_URL each mail is an .eml file under DATA_DIR/outbox with both parts and the headers', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-eml-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const app = await build(t, { DATA_DIR: dataDir, PUBLIC_URL: 'https://peers.example.org' });
  const m = await makeMember(app.database);
  await notify(app, { memberId: m.id, kind: 'meeting_scheduled', data: { title: 'Circle call', startsAt: '2026-12-01T15:00:00.000Z', meetingId: null } });
  await app.notifications.worker.runOnce();
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
  await Promise.all([
    driveUntil(t, one, () => mine().length >= 60),
    driveUntil(t, two, () => mine().length >= 60),
  ]);
  const pending = await one.database.db.execute(sql`select count(*)::int as n from mail_outbox where status <> 'sent' and member_id = any(${`{${[...ids].join(',')}}`}::uuid[])`);
  t.equal((pending as unknown as { rows: { n: number }[] }).rows[0]!.n, 0, 'all marked sent');
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
  await app.notifications.worker.runOnce();
  t.same(live.sort(), ['matched', 'meeting_cancelled', 'moderation_warning'], 'one live event per committed notification');
  await app.notifications.worker.runOnce();
  t.equal(live.length, 3, 'and never twice');
});

t.test('an SMTP_URL that is not an SMTP URL stops the start, naming the variable', async (t) => {
  const { loadConfig } = await import('../../../src/config.js');
  t.throws(() => loadConfig({ SMTP_URL: 'not a url' }), /SMTP_URL/);
  t.throws(() => loadConfig({ SMTP_URL: 'http://mail.example.org' }), /SMTP_URL/);
  t.equal(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.org:465' }).SMTP_URL, 'smtps://user:pw@mail.example.org:465');
});
